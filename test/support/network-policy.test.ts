import { allows, cidrContains, type Endpoint } from './network-policy';

const web: Endpoint = { kind: 'pod', namespace: 'apps', labels: { app: 'web' }, ip: '10.0.0.5', name: 'apps/web' };
const db: Endpoint = { kind: 'pod', namespace: 'apps', labels: { app: 'db' }, ip: '10.0.0.6', name: 'apps/db' };
const other: Endpoint = { kind: 'pod', namespace: 'other', labels: { app: 'web' }, ip: '10.0.1.5', name: 'other/web' };
const internet: Endpoint = { kind: 'ip', ip: '8.8.8.8', name: 'internet' };
const policy = (name: string, spec: object) => ({ kind: 'NetworkPolicy', metadata: { name, namespace: 'apps' }, spec });
const denyAll = policy('deny', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] });

describe('NetworkPolicy evaluator', () => {
  it('allows everything when no policy selects either side', () => {
    expect(allows([], { from: web, to: db, port: 5432, protocol: 'TCP' })).toBe(true);
  });

  it('denies both directions under a default-deny policy', () => {
    expect(allows([denyAll], { from: other, to: db, port: 5432, protocol: 'TCP' })).toBe(false);
    expect(allows([denyAll], { from: web, to: internet, port: 443, protocol: 'TCP' })).toBe(false);
  });

  it('needs the source egress and the destination ingress', () => {
    const ingress = policy('db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] }] });
    const egress = policy('web', { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ port: 5432, protocol: 'TCP' }] }] });
    expect(allows([denyAll, ingress], { from: web, to: db, port: 5432, protocol: 'TCP' })).toBe(false);
    expect(allows([denyAll, ingress, egress], { from: web, to: db, port: 5432, protocol: 'TCP' })).toBe(true);
    expect(allows([denyAll, ingress, egress], { from: web, to: db, port: 5432, protocol: 'UDP' })).toBe(false);
    expect(allows([denyAll, ingress, egress], { from: web, to: db, port: 5433, protocol: 'TCP' })).toBe(false);
  });

  it('reads a podSelector without namespaceSelector as the policy\'s own namespace', () => {
    const ingress = policy('db', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }] }] });
    expect(allows([ingress], { from: other, to: db, port: 1, protocol: 'TCP' })).toBe(false);
    expect(allows([ingress], { from: web, to: db, port: 1, protocol: 'TCP' })).toBe(true);
  });

  it('matches namespaces by their kubernetes.io/metadata.name label', () => {
    const ingress = policy('db', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'other' } } }] }] });
    expect(allows([ingress], { from: other, to: db, port: 1, protocol: 'TCP' })).toBe(true);
    expect(allows([ingress], { from: web, to: db, port: 1, protocol: 'TCP' })).toBe(false);
  });

  it('matches ipBlocks against pod and outside addresses', () => {
    const ingress = policy('db', { podSelector: {}, policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '10.0.1.0/24' } }] }] });
    expect(allows([ingress], { from: other, to: db, port: 1, protocol: 'TCP' })).toBe(true);
    expect(allows([ingress], { from: internet, to: db, port: 1, protocol: 'TCP' })).toBe(false);
    expect(cidrContains('0.0.0.0/0', '8.8.8.8')).toBe(true);
  });
});
