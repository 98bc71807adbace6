import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { Testing } from 'cdk8s';
import {
  AWS_CLI_IMAGE, renderArchiverScript, renderSyslogNgConf, SYSLOG_NG_IMAGE, SYSLOG_NG_UID, SyslogNg, type SyslogNgProps,
} from '../../../lib/k8s/syslog-ng';
import { logArchiveBucketName, serviceRoleArn } from '../../../lib/names';
import { findAll, findObject, type Manifest } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const ROLE_ARN = serviceRoleArn('123456789012', 'main', 'syslog-archiver');
const BUCKET = logArchiveBucketName('123456789012', 'us-east-1');
const BASE: SyslogNgProps = { clusterName: 'main', archiveBucket: BUCKET, roleArn: ROLE_ARN, region: 'us-east-1' };
const EXTERNAL = [{ kind: 'Namespace', name: 'logging' }];

function synth(props: Partial<SyslogNgProps> = {}): { construct: SyslogNg; objects: Manifest[] } {
  const chart = Testing.chart();
  const construct = new SyslogNg(chart, 'syslog', { ...BASE, ...props });
  return { construct, objects: Testing.synth(chart) };
}

function podSpec(objects: Manifest[]): any {
  return findObject(objects, 'StatefulSet', 'syslog-ng', 'logging').spec.template.spec;
}

function container(objects: Manifest[], name: string): any {
  return podSpec(objects).containers.find((c: any) => c.name === name);
}

describe('SyslogNg', () => {
  it('emits valid manifests, with and without the load balancer', () => {
    assertValidManifests(synth().objects, { external: EXTERNAL });
    assertValidManifests(synth({ loadBalancer: { sourceRanges: ['10.0.0.0/8'] }, storageClassName: 'gp3-encrypted' }).objects, { external: EXTERNAL });
  });

  it('emits no Namespace: the platform chart creates it', () => {
    expect(findAll(synth().objects, 'Namespace')).toEqual([]);
  });

  it('applies the defaults once, in readable fields', () => {
    const { construct } = synth();
    expect({
      namespace: construct.namespace,
      volumeSizeGiB: construct.volumeSizeGiB,
      storageClassName: construct.storageClassName,
      maxConnections: construct.maxConnections,
      archiveIntervalMinutes: construct.archiveIntervalMinutes,
      loadBalancer: construct.loadBalancer,
      resources: construct.resources,
      archiverResources: construct.archiverResources,
      host: construct.host,
    }).toEqual({
      namespace: 'logging',
      volumeSizeGiB: 100,
      storageClassName: undefined,
      maxConnections: 1000,
      archiveIntervalMinutes: 15,
      loadBalancer: undefined,
      resources: { cpuMillicores: 250, memoryMiB: 512 },
      archiverResources: { cpuMillicores: 100, memoryMiB: 384 },
      host: 'syslog-ng.logging.svc.cluster.local',
    });
  });

  it('runs one syslog-ng pod with a volume claim template of the configured size', () => {
    const { objects } = synth();
    const sts = findObject(objects, 'StatefulSet', 'syslog-ng', 'logging');
    expect(sts.spec.replicas).toBe(1);
    expect(sts.spec.serviceName).toBe('syslog-ng-headless');
    expect(sts.spec.volumeClaimTemplates).toEqual([{
      metadata: { name: 'data', labels: sts.spec.selector.matchLabels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '100Gi' } } },
    }]);
    const custom = findObject(synth({ volumeSizeGiB: 500, storageClassName: 'gp3-encrypted' }).objects, 'StatefulSet', 'syslog-ng');
    expect(custom.spec.volumeClaimTemplates[0].spec).toEqual({
      accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Gi' } }, storageClassName: 'gp3-encrypted',
    });
  });

  it('exposes 514/UDP, 514/TCP and 601/TCP on a ClusterIP Service, mapped to the unprivileged container ports', () => {
    const { objects } = synth();
    const service = findObject(objects, 'Service', 'syslog-ng', 'logging');
    expect(service.spec.type).toBe('ClusterIP');
    expect(service.spec.ports).toEqual([
      { name: 'syslog-udp', protocol: 'UDP', port: 514, targetPort: 'syslog-udp' },
      { name: 'syslog-tcp', protocol: 'TCP', port: 514, targetPort: 'syslog-tcp' },
      { name: 'syslog-rfc5424', protocol: 'TCP', port: 601, targetPort: 'syslog-rfc5424' },
    ]);
    expect(container(objects, 'syslog-ng').ports).toEqual([
      { name: 'syslog-udp', containerPort: 5514, protocol: 'UDP' },
      { name: 'syslog-tcp', containerPort: 5514, protocol: 'TCP' },
      { name: 'syslog-rfc5424', containerPort: 5601, protocol: 'TCP' },
    ]);
    expect(findObject(objects, 'Service', 'syslog-ng-headless').spec.clusterIP).toBe('None');
  });

  it('has no load balancer by default', () => {
    const { objects, construct } = synth();
    expect(findAll(objects, 'Service').map((s) => s.metadata.name)).toEqual(['syslog-ng', 'syslog-ng-headless']);
    expect(construct.loadBalancerService).toBeUndefined();
  });

  it('adds an internal NLB with IP targets for the given source ranges when asked', () => {
    const { objects } = synth({ loadBalancer: { sourceRanges: ['10.0.0.0/8', '192.168.10.0/24'] } });
    const nlb = findObject(objects, 'Service', 'syslog-ng-nlb', 'logging');
    expect(nlb.metadata.annotations).toEqual({
      'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
      'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
      'service.beta.kubernetes.io/aws-load-balancer-scheme': 'internal',
      'service.beta.kubernetes.io/aws-load-balancer-target-group-attributes': 'preserve_client_ip.enabled=true',
    });
    expect(nlb.spec).toMatchObject({
      type: 'LoadBalancer',
      loadBalancerSourceRanges: ['10.0.0.0/8', '192.168.10.0/24'],
      allocateLoadBalancerNodePorts: false,
      ports: findObject(objects, 'Service', 'syslog-ng').spec.ports,
    });
  });

  it('annotates the service account with the IRSA role', () => {
    const sa = findObject(synth().objects, 'ServiceAccount', 'syslog-ng', 'logging');
    expect(sa.metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': ROLE_ARN });
    expect(podSpec(synth().objects).serviceAccountName).toBe('syslog-ng');
  });

  it('runs every container as a non-root user, read-only, without capabilities', () => {
    const spec = podSpec(synth().objects);
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true, runAsUser: SYSLOG_NG_UID, runAsGroup: SYSLOG_NG_UID, fsGroup: SYSLOG_NG_UID,
      fsGroupChangePolicy: 'OnRootMismatch', seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(spec.containers.map((c: any) => [c.name, c.securityContext])).toEqual(['syslog-ng', 'compressor', 'archiver'].map((name) => [name, {
      runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      capabilities: { drop: ['ALL'] },
    }]));
  });

  it('gives every path a program writes a writable volume, and mounts configuration read-only', () => {
    const spec = podSpec(synth().objects);
    const claims = ['data'];
    const writableKinds = (volumeName: string) => claims.includes(volumeName)
      || spec.volumes.find((v: any) => v.name === volumeName)?.emptyDir !== undefined;
    for (const c of spec.containers) {
      for (const mount of c.volumeMounts) {
        const volume = spec.volumes.find((v: any) => v.name === mount.name);
        if (mount.readOnly) expect([c.name, mount.name, volume?.configMap?.name]).toEqual([c.name, mount.name, 'syslog-ng']);
        else expect([c.name, mount.name, writableKinds(mount.name)]).toEqual([c.name, mount.name, true]);
      }
    }
    const writablePaths = (c: any) => c.volumeMounts.filter((m: any) => !m.readOnly).map((m: any) => m.mountPath);
    const under = (file: string, dirs: string[]) => dirs.some((d) => file === d || file.startsWith(`${d}/`));
    const syslogNg = container(synth().objects, 'syslog-ng');
    const args: string[] = syslogNg.args;
    const written = ['--persist-file', '--pidfile', '--control'].map((flag) => args[args.indexOf(flag) + 1]);
    expect(written.map((f) => [f, under(f, writablePaths(syslogNg))])).toEqual(written.map((f) => [f, true]));
    expect(writablePaths(syslogNg)).toContain('/var/log/remote');
    const archiver = container(synth().objects, 'archiver');
    const home = archiver.env.find((e: any) => e.name === 'HOME').value;
    expect(writablePaths(archiver)).toEqual(expect.arrayContaining(['/var/log/remote', home, '/tmp']));
    const compressor = container(synth().objects, 'compressor');
    expect(writablePaths(compressor)).toEqual(['/var/log/remote']);
    // The files the containers read are where the ConfigMap puts them.
    expect(path.join(syslogNg.volumeMounts.find((m: any) => m.name === 'config').mountPath, 'syslog-ng.conf'))
      .toBe(args[args.indexOf('--cfgfile') + 1]);
    for (const sidecar of [archiver, compressor]) {
      expect(path.join(sidecar.volumeMounts.find((m: any) => m.name === 'archiver').mountPath, 'archiver.sh')).toBe(sidecar.args[0]);
    }
  });

  it('puts the rendered syslog-ng.conf and archiver script in the ConfigMap', () => {
    const kms = 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-123456789abc';
    const { objects, construct } = synth({ maxConnections: 200, archiveIntervalMinutes: 60, kmsKeyArn: kms });
    const cm = findObject(objects, 'ConfigMap', 'syslog-ng', 'logging');
    expect(cm.data['syslog-ng.conf']).toBe(renderSyslogNgConf({ maxConnections: 200 }));
    expect(cm.data['archiver.sh']).toBe(renderArchiverScript({
      bucket: BUCKET, keyPrefix: 'main/', kmsKeyArn: kms, intervalSeconds: 3600,
    }));
    expect(construct.syslogNgConf).toBe(cm.data['syslog-ng.conf']);
    expect(construct.archiverScript).toBe(cm.data['archiver.sh']);
  });

  it('rolls the pod when either file changes (checksum annotation)', () => {
    const checksum = (props: Partial<SyslogNgProps>) =>
      findObject(synth(props).objects, 'StatefulSet', 'syslog-ng').spec.template.metadata.annotations['checksum/config'];
    const { construct } = synth();
    expect(checksum({})).toBe(createHash('sha256').update(construct.syslogNgConf).update('\0').update(construct.archiverScript).digest('hex'));
    expect(checksum({ maxConnections: 2000 })).not.toBe(checksum({}));
    expect(checksum({ archiveIntervalMinutes: 30 })).not.toBe(checksum({}));
  });

  it('runs the pinned images: syslog-ng with its state in the run volume, the archiver split by the tools each image has', () => {
    const { objects } = synth();
    expect(SYSLOG_NG_IMAGE).toMatch(/^balabit\/syslog-ng:\d+\.\d+\.\d+$/);
    expect(AWS_CLI_IMAGE).toMatch(/^amazon\/aws-cli:2\.\d+\.\d+$/);
    expect(container(objects, 'syslog-ng')).toMatchObject({
      image: SYSLOG_NG_IMAGE,
      command: ['/usr/sbin/syslog-ng'],
      args: ['--foreground', '--stderr', '--no-caps', '--cfgfile', '/etc/syslog-ng/syslog-ng.conf',
        '--persist-file', '/run/syslog-ng/syslog-ng.persist', '--pidfile', '/run/syslog-ng/syslog-ng.pid',
        '--control', '/run/syslog-ng/syslog-ng.ctl'],
      livenessProbe: { exec: { command: ['/usr/sbin/syslog-ng-ctl', 'healthcheck', '--timeout', '5', '--control', '/run/syslog-ng/syslog-ng.ctl'] } },
      readinessProbe: { exec: { command: ['/usr/sbin/syslog-ng-ctl', 'healthcheck', '--timeout', '5', '--control', '/run/syslog-ng/syslog-ng.ctl'] } },
    });
    expect(container(objects, 'compressor')).toMatchObject({
      image: SYSLOG_NG_IMAGE,
      command: ['/bin/sh'],
      args: ['/opt/archiver/archiver.sh', '--compress'],
    });
    expect(container(objects, 'archiver')).toMatchObject({
      image: AWS_CLI_IMAGE,
      command: ['/bin/sh'],
      args: ['/opt/archiver/archiver.sh', '--upload'],
      env: [{ name: 'AWS_REGION', value: 'us-east-1' }, { name: 'AWS_PAGER', value: '' }, { name: 'HOME', value: '/home/archiver' }],
    });
  });

  it('sets requests and memory limits from the config, and a CPU limit only when asked', () => {
    const { objects } = synth({ resources: { cpuMillicores: 500, memoryMiB: 1024, cpuLimitMillicores: 2000 } });
    expect(container(objects, 'syslog-ng').resources).toEqual({
      requests: { cpu: '500m', memory: '1024Mi' }, limits: { cpu: '2000m', memory: '1024Mi' },
    });
    expect(container(objects, 'archiver').resources).toEqual({
      requests: { cpu: '100m', memory: '384Mi' }, limits: { memory: '384Mi' },
    });
    expect(container(objects, 'compressor').resources).toEqual({
      requests: { cpu: '50m', memory: '64Mi' }, limits: { memory: '64Mi' },
    });
  });

  it('allows the single pod to be evicted, so node drains never block', () => {
    const pdb = findObject(synth().objects, 'PodDisruptionBudget', 'syslog-ng', 'logging');
    expect(pdb.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: findObject(synth().objects, 'StatefulSet', 'syslog-ng').spec.selector.matchLabels } });
  });

  it('puts every object in the given namespace', () => {
    const { objects } = synth({ namespace: 'syslog' });
    expect([...new Set(objects.map((o) => o.metadata.namespace))]).toEqual(['syslog']);
    assertValidManifests(objects, { external: [{ kind: 'Namespace', name: 'syslog' }] });
  });
});
