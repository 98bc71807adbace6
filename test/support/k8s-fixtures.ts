/**
 * A small, valid, hand-written set of manifests for the validator's own tests. Each call returns
 * a fresh copy, so a test can break one field and expect exactly one violation.
 */
import { findObject, Manifest } from './find';

const LABELS = { 'app.kubernetes.io/name': 'app' };

const VALID_SET: readonly Manifest[] = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'web' } },
  { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'app', namespace: 'web' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app-config', namespace: 'web' }, data: { 'app.conf': 'listen 8080' } },
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'app-secret', namespace: 'web' }, type: 'Opaque', stringData: { password: 'hunter2' } },
  {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'app', namespace: 'web', labels: { ...LABELS, 'app.kubernetes.io/version': '1.27.3' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: LABELS },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { labels: { ...LABELS, tier: 'frontend' }, annotations: { 'checksum/config': 'abc123' } },
        spec: {
          serviceAccountName: 'app',
          containers: [{
            name: 'app',
            image: 'nginx:1.27.3',
            ports: [{ name: 'http', containerPort: 8080 }],
            env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'app-secret', key: 'password' } } }],
            resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: 0.1 } },
            readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
            volumeMounts: [{ name: 'config', mountPath: '/etc/app' }],
          }],
          volumes: [{ name: 'config', configMap: { name: 'app-config', items: [{ key: 'app.conf', path: 'app.conf' }] } }],
        },
      },
    },
  },
  {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'app', namespace: 'web' },
    spec: { selector: LABELS, ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  },
];

/** Namespace web; ServiceAccount, ConfigMap app-config, Secret app-secret, Deployment and Service 'app' in it. */
export function validSet(): Manifest[] {
  return structuredClone(VALID_SET) as Manifest[];
}

export function deploymentIn(objects: readonly Manifest[]): Manifest {
  return findObject(objects, 'Deployment', 'app', 'web');
}

export function podSpecIn(objects: readonly Manifest[]): Manifest {
  return deploymentIn(objects).spec.template.spec;
}

export function containerIn(objects: readonly Manifest[]): Manifest {
  return podSpecIn(objects).containers[0];
}

/** A minimal valid container, for tests that add containers. */
export function container(name: string, extra: Manifest = {}): Manifest {
  return { name, image: 'busybox:1.36.1', resources: { limits: { memory: '64Mi' } }, ...extra };
}
