import { Chart, Testing } from 'cdk8s';
import { parse } from 'yaml';
import { Jenkins, JENKINS_IMAGE, type JenkinsProps } from '../../../lib/k8s/jenkins';
import { PlatformChart } from '../../../lib/platform/k8s-platform';
import { sandbox } from '../../../stacks/accounts/sandbox';
import { IRSA_ANNOTATION } from '../../../lib/names';
import { findAll, findObject } from '../../support/find';
import { assertValidManifests } from '../../support/k8s-validate';

const aws = { roleArn: 'arn:aws:iam::111122223333:role/platform-sandbox-jenkins', region: 'us-east-1', vpcCidr: '10.20.0.0/16' };
const external = [
  { kind: 'Namespace', name: 'jenkins' },
  { kind: 'Secret', namespace: 'jenkins', name: 'jenkins-admin' },
  { kind: 'Secret', namespace: 'jenkins', name: 'git-token' },
  { kind: 'Secret', namespace: 'jenkins', name: 'registry' },
];
const credentials: JenkinsProps['credentials'] = [
  { id: 'git-token', kind: 'secret-text', secretName: 'git-token', key: 'token' },
  { id: 'registry', kind: 'username-password', secretName: 'registry' },
];
const exposures: JenkinsProps['exposure'][] = [
  undefined,
  { kind: 'internal-load-balancer', sourceRanges: ['10.0.0.0/8'] },
  { kind: 'ingress', host: 'jenkins.acme.internal', className: 'alb' },
];

function synth(props: Partial<JenkinsProps> = {}): { jenkins: Jenkins; objects: any[] } {
  const chart = Testing.chart() as Chart;
  const jenkins = new Jenkins(chart, 'ci', { ...aws, ...props });
  return { jenkins, objects: Testing.synth(chart) };
}

function podSpec(objects: any[]): any {
  return findObject(objects, 'StatefulSet', 'jenkins').spec.template.spec;
}

function controller(objects: any[]): any {
  return podSpec(objects).containers.find((c: any) => c.name === 'jenkins');
}

describe('Jenkins', () => {
  it('passes the manifest validator in both agent modes and with every exposure', () => {
    for (const agentMode of ['websocket', 'tunnel'] as const) {
      for (const exposure of exposures) {
        assertValidManifests(synth({ agentMode, exposure, credentials, buildCache: {} }).objects, { external });
      }
    }
  });

  it('runs in sandbox in a namespace that enforces baseline and warns on restricted, which its pods meet', () => {
    const objects = Testing.synth(new PlatformChart(Testing.app(), 'platform', { account: sandbox }));
    expect(findObject(objects, 'Namespace', 'jenkins').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'baseline', 'pod-security.kubernetes.io/warn': 'restricted',
    });
    const spec = podSpec(objects.filter((o: any) => o.metadata?.namespace === 'jenkins'));
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    expect(spec.hostNetwork ?? spec.hostPID ?? spec.hostIPC).toBeUndefined();
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('applies its defaults once, into public fields', () => {
    const { jenkins } = synth();
    expect({ agentMode: jenkins.agentMode, namespace: jenkins.namespace, url: jenkins.url, heapPercent: jenkins.heapPercent }).toEqual({
      agentMode: 'websocket', namespace: 'jenkins', url: 'http://jenkins.jenkins.svc.cluster.local:8080/', heapPercent: 50,
    });
  });

  it('never exposes port 50000 beyond a ClusterIP Service, in either agent mode and with every exposure', () => {
    const exposing: string[] = [];
    for (const agentMode of ['websocket', 'tunnel'] as const) {
      for (const exposure of exposures) {
        for (const svc of findAll(synth({ agentMode, exposure }).objects, 'Service')) {
          const ports = svc.spec.ports.filter((p: any) => p.port === 50000 || p.targetPort === 50000 || p.targetPort === 'agent');
          if (ports.length > 0 && (svc.spec.type ?? 'ClusterIP') !== 'ClusterIP') exposing.push(`${agentMode}/${svc.metadata.name}`);
        }
        const ingresses = findAll(synth({ agentMode, exposure }).objects, 'Ingress');
        for (const ing of ingresses) {
          for (const rule of ing.spec.rules) {
            for (const path of rule.http.paths) expect(path.backend.service.port).toEqual({ name: 'http' });
          }
        }
      }
    }
    expect(exposing).toEqual([]);
  });

  it('has no port 50000 at all with WebSocket agents', () => {
    const { objects } = synth();
    expect(JSON.stringify(objects)).not.toMatch(/50000/);
    expect(controller(objects).env).toContainEqual({ name: 'JENKINS_SLAVE_AGENT_PORT', value: '-1' });
  });

  it('serves tunnel agents on a ClusterIP-only Service of port 50000', () => {
    const svc = findObject(synth({ agentMode: 'tunnel' }).objects, 'Service', 'jenkins-agent');
    expect(svc.spec).toMatchObject({ type: 'ClusterIP', ports: [{ name: 'agent', port: 50000, targetPort: 'agent', protocol: 'TCP' }] });
  });

  it('keeps the load balancer internal and on the HTTP port only', () => {
    const lb = findObject(synth({ exposure: exposures[1] }).objects, 'Service', 'jenkins-lb');
    expect(lb.metadata.annotations['service.beta.kubernetes.io/aws-load-balancer-scheme']).toBe('internal');
    expect(lb.spec).toMatchObject({ type: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.0/8'], ports: [{ name: 'http', port: 8080 }] });
  });

  it('runs the pinned LTS image as uid 1000 with a read-only root filesystem and writable volumes where Jenkins writes', () => {
    const { objects } = synth();
    const spec = podSpec(objects);
    expect(spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.image).toBe(JENKINS_IMAGE);
      expect(c.securityContext).toEqual({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
    expect(JENKINS_IMAGE).toMatch(/^jenkins\/jenkins:2\.\d+\.\d+-lts-jdk21$/);
    expect(controller(objects).volumeMounts.map((m: any) => m.mountPath).sort()).toEqual([
      '/run/secrets/jenkins', '/tmp', '/var/jenkins_cache', '/var/jenkins_casc', '/var/jenkins_home', '/var/jenkins_home/plugins',
    ]);
    expect(controller(objects).env).toContainEqual({ name: 'JENKINS_OPTS', value: '--webroot=/var/jenkins_cache/war' });
  });

  it('keeps JENKINS_HOME on a claim of the default (Retain) StorageClass', () => {
    const sts = findObject(synth().objects, 'StatefulSet', 'jenkins');
    expect(sts.spec.volumeClaimTemplates).toEqual([expect.objectContaining({
      metadata: expect.objectContaining({ name: 'jenkins-home' }),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '50Gi' } } },
    })]);
  });

  it('sizes the heap as a fraction of the memory limit', () => {
    const { objects } = synth({ heapPercent: 60, resources: { memoryMiB: 8192 } });
    const c = controller(objects);
    expect(c.resources.limits.memory).toBe('8192Mi');
    expect(c.env.find((e: any) => e.name === 'JAVA_OPTS').value).toMatch(/^-XX:MaxRAMPercentage=60 -XX:InitialRAMPercentage=60 /);
  });

  it('gives plugin loading a 10-minute startup probe, then checks /login', () => {
    const c = controller(synth().objects);
    expect(c.startupProbe).toEqual({ httpGet: { path: '/login', port: 'http' }, periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 60 });
    expect(c.livenessProbe.httpGet).toEqual({ path: '/login', port: 'http' });
    expect(c.readinessProbe.httpGet).toEqual({ path: '/login', port: 'http' });
  });

  it('installs plugins with jenkins-plugin-cli in a mode that never upgrades and never skips a failure', () => {
    const init = podSpec(synth().objects).initContainers.find((c: any) => c.name === 'install-plugins');
    const cmd: string[] = init.command;
    expect(cmd[0]).toBe('jenkins-plugin-cli');
    expect(cmd[cmd.indexOf('--latest') + 1]).toBe('false');
    expect(cmd).not.toContain('--latest-specified');
    expect(cmd).not.toContain('--skip-failed-plugins');
    expect(cmd[cmd.indexOf('--plugin-download-directory') + 1]).toBe('/var/jenkins_home/plugins');
  });

  it('reads the JCasC file from its ConfigMap', () => {
    const { objects, jenkins } = synth();
    expect(findObject(objects, 'ConfigMap', 'jenkins-casc').data['jenkins.yaml']).toBe(jenkins.cascYaml);
    expect(controller(objects).env).toContainEqual({ name: 'CASC_JENKINS_CONFIG', value: '/var/jenkins_casc/jenkins.yaml' });
  });

  it('puts Secrets in the pod only as mounted files, never as values', () => {
    const { objects } = synth({ credentials });
    const secrets = podSpec(objects).volumes.find((v: any) => v.name === 'secrets');
    expect(secrets.projected.sources).toEqual([
      { secret: { name: 'jenkins-admin', items: [{ key: 'username', path: 'jenkins-admin-username' }, { key: 'password', path: 'jenkins-admin-password' }] } },
      { secret: { name: 'git-token', items: [{ key: 'token', path: 'git-token-secret' }] } },
      { secret: { name: 'registry', items: [{ key: 'username', path: 'registry-username' }, { key: 'password', path: 'registry-password' }] } },
    ]);
    expect(findAll(objects, 'Secret')).toEqual([]);
    const env = [...podSpec(objects).containers, ...podSpec(objects).initContainers].flatMap((c: any) => c.env ?? []);
    expect(env.filter((e: any) => e.valueFrom)).toEqual([]);
  });

  it('grants the controller a Role in the agents namespace only, and nothing cluster-wide', () => {
    const { objects } = synth();
    expect(findAll(objects, 'ClusterRole')).toEqual([]);
    expect(findAll(objects, 'ClusterRoleBinding')).toEqual([]);
    const role = findObject(objects, 'Role', 'jenkins-agents', 'jenkins');
    expect(role.rules.flatMap((r: any) => r.resources).sort()).toEqual(['events', 'pods', 'pods/exec', 'pods/log']);
    expect(JSON.stringify(role.rules)).not.toMatch(/\*|secrets/);
    expect(findObject(objects, 'RoleBinding', 'jenkins-agents', 'jenkins').subjects).toEqual([{ kind: 'ServiceAccount', name: 'jenkins', namespace: 'jenkins' }]);
  });

  it('annotates the controller service account with the IRSA role; build agents get a tokenless account without it', () => {
    const { objects } = synth();
    expect(findObject(objects, 'ServiceAccount', 'jenkins').metadata.annotations[IRSA_ANNOTATION]).toBe(aws.roleArn);
    const agent = findObject(objects, 'ServiceAccount', 'jenkins-agent');
    expect(agent.automountServiceAccountToken).toBe(false);
    expect(agent.metadata.annotations).toBeUndefined();
  });

  it('annotates the pod for Prometheus on the metrics plugin endpoint', () => {
    const annotations = findObject(synth().objects, 'StatefulSet', 'jenkins').spec.template.metadata.annotations;
    expect(annotations).toMatchObject({ 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8080', 'prometheus.io/path': '/prometheus/' });
    expect(findObject(synth({ prometheusScrape: false }).objects, 'StatefulSet', 'jenkins').spec.template.metadata.annotations['prometheus.io/scrape']).toBeUndefined();
  });

  it('protects the single controller with a disruption budget that an unhealthy pod does not hold', () => {
    expect(findObject(synth().objects, 'PodDisruptionBudget', 'jenkins').spec).toMatchObject({ minAvailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
  });

  it('admits agents, Prometheus and nothing else to the controller with WebSocket agents', () => {
    const np = findObject(synth().objects, 'NetworkPolicy', 'jenkins');
    expect(np.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(np.spec.ingress).toEqual([
      { from: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'jenkins-agent' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
    ]);
  });

  it('admits tunnel agents on 50000 and the load balancer clients on 8080', () => {
    const np = findObject(synth({ agentMode: 'tunnel', exposure: exposures[1] }).objects, 'NetworkPolicy', 'jenkins');
    expect(np.spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 8080 }, { protocol: 'TCP', port: 50000 }]);
    expect(np.spec.ingress[2]).toEqual({ from: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 8080 }] });
  });

  it('lets the controller reach DNS, the API server in the VPC, and the update center only when enabled', () => {
    const egress = (updateCenter?: boolean) => findObject(synth({ updateCenter }).objects, 'NetworkPolicy', 'jenkins').spec.egress;
    expect(egress()).toHaveLength(3);
    expect(egress()[1]).toEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/16' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(egress()[2]).toEqual({ to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    expect(egress(false)).toHaveLength(2);
  });

  it('lists every plugin in plugins.txt, extra plugins after the pinned set', () => {
    const { objects, jenkins } = synth({ extraPlugins: ['ws-cleanup:0.49'] });
    const txt: string = findObject(objects, 'ConfigMap', 'jenkins-plugins').data['plugins.txt'];
    expect(txt).toBe(jenkins.pluginsTxt);
    expect(txt.trimEnd().split('\n').at(-1)).toBe('ws-cleanup:0.49');
  });

  it('claims the build caches ReadWriteMany on the efs StorageClass and mounts them in the maven and node agents only', () => {
    const { objects, jenkins } = synth({ buildCache: { sizeGiB: 200 } });
    expect(findObject(objects, 'PersistentVolumeClaim', 'jenkins-build-cache').spec).toEqual({
      accessModes: ['ReadWriteMany'], storageClassName: 'efs', resources: { requests: { storage: '200Gi' } },
    });
    const templates = parse(jenkins.cascYaml).jenkins.clouds[0].kubernetes.templates;
    expect(Object.fromEntries(templates.map((t: any) => [t.name, t.volumes]))).toEqual({
      maven: [{ persistentVolumeClaim: { claimName: 'jenkins-build-cache', mountPath: '/home/jenkins/cache' } }],
      node: [{ persistentVolumeClaim: { claimName: 'jenkins-build-cache', mountPath: '/home/jenkins/cache' } }],
      deploy: undefined,
    });
    const env = (name: string) => Object.fromEntries(templates.find((t: any) => t.name === name).envVars.map((e: any) => [e.envVar.key, e.envVar.value]));
    expect(env('maven').MAVEN_OPTS).toBe('-Dmaven.repo.local=/home/jenkins/cache/m2 -Daether.syncContext.named.factory=file-lock -Daether.syncContext.named.nameMapper=file-gav');
    expect(env('node').npm_config_cache).toBe('/home/jenkins/cache/npm');
  });

  it('has no cache claim or volume without buildCache', () => {
    const { objects, jenkins } = synth();
    expect(findAll(objects, 'PersistentVolumeClaim')).toEqual([]);
    expect(jenkins.cascYaml).not.toContain('persistentVolumeClaim');
  });

  it('runs agent pods non-root without privilege escalation or an API token', () => {
    const casc = parse(synth().jenkins.cascYaml);
    for (const t of casc.jenkins.clouds[0].kubernetes.templates) {
      const pod = parse(t.yaml);
      expect(pod.spec).toMatchObject({ automountServiceAccountToken: false, securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } } });
      expect(pod.spec.containers.map((c: any) => c.name)).toEqual(t.containers.map((c: any) => c.name));
      for (const c of pod.spec.containers) expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } });
    }
  });

  it('throws listing every bad prop', () => {
    expect(() => synth({ vpcCidr: 'nope', extraPlugins: ['git'] })).toThrow(
      "Jenkins 'ci': 'extraPlugins[0]' must pin an exact version as 'name:version' (like 'kubernetes:4423.vb_59f230b_ce53'), got 'git'",
    );
    expect(() => synth({ vpcCidr: 'nope' })).toThrow("Jenkins 'ci': 'vpcCidr' must be the VPC's IPv4 CIDR, like '10.20.0.0/16', got 'nope'.");
  });
});
