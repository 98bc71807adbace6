import { validateAccount, type AccountConfig } from '../../lib/config';
import { fullAccount, validAccount, validCluster } from '../support/fixtures';

function problemsOf(account: unknown): string[] {
  return validateAccount(account as never).map((p) => `${p.path}: ${p.message}`);
}

describe('unknown keys', () => {
  it('accepts an account that sets every optional field outside addons', () => {
    expect(problemsOf(fullAccount())).toEqual([]);
  });

  it('rejects a lower-case add-on key kept in a shared variable, suggesting the declared one', () => {
    // A variable escapes tsc's excess-property check: this compiles.
    const shared = { fluentbit: {}, loki: {} };
    const a: AccountConfig = { ...validAccount(), clusters: [{ ...validCluster(), addons: shared }] };
    expect(problemsOf(a)).toContain("clusters[0].addons.fluentbit: unknown key; did you mean 'fluentBit'? (A key the config types do not declare would be ignored.)");
  });

  it('rejects an unknown key at the top level', () => {
    const a = { ...validAccount(), clsuters: [] };
    expect(problemsOf(a)).toContain("clsuters: unknown key; did you mean 'clusters'? (A key the config types do not declare would be ignored.)");
  });

  it('rejects an unknown key inside a list item', () => {
    const a = validAccount();
    Object.assign(a.clusters[0].nodeGroups[0], { minsize: 1 });
    expect(problemsOf(a)).toContain("clusters[0].nodeGroups[0].minsize: unknown key; did you mean 'minSize'? (A key the config types do not declare would be ignored.)");
  });

  it('rejects an unknown key deep in an add-on section', () => {
    const a = validAccount();
    a.clusters[0].addons = { loki: { retentionDayz: 3 } as never };
    expect(problemsOf(a)).toContain("clusters[0].addons.loki.retentionDayz: unknown key; did you mean 'retentionDays'? (A key the config types do not declare would be ignored.)");
  });

  it('checks a union member against the branch its discriminant picks', () => {
    const a = validAccount();
    // vpcId belongs to mode 'existing' only.
    a.clusters[0].network = { ...a.clusters[0].network, mode: 'managed' } as never;
    expect(problemsOf(a)).toContain("clusters[0].network.vpcId: unknown key for mode 'managed': only mode 'existing' declares it.");
  });

  it('rejects a key of another access kind in an identity', () => {
    const a = validAccount();
    a.clusters[0].identities![0].access = { kind: 'admin', namespaces: ['x'] } as never;
    expect(problemsOf(a)).toContain("clusters[0].identities[0].access.namespaces: unknown key for kind 'admin': only kind 'deploy' or 'custom' declares it.");
  });

  it('accepts any key of a map (tags, node labels)', () => {
    const a = validAccount();
    a.tags = { anything: 'x' };
    a.clusters[0].nodeGroups[0].labels = { 'acme.io/whatever': 'y' };
    expect(problemsOf(a)).toEqual([]);
  });

  it('lists the declared keys when none is close', () => {
    const a = validAccount();
    a.clusters[0].endpoint = { zzzzzz: true } as never;
    expect(problemsOf(a)).toContain("clusters[0].endpoint.zzzzzz: unknown key; the keys here are 'privateAccess', 'publicAccessCidrs'. (A key the config types do not declare would be ignored.)");
  });

  it('names a key that is not an identifier in brackets', () => {
    const a = validAccount();
    Object.assign(a.clusters[0], { 'node-groups': [] });
    expect(problemsOf(a)).toContain('clusters[0]["node-groups"]: unknown key; did you mean \'nodeGroups\'? (A key the config types do not declare would be ignored.)');
  });
});

describe('version', () => {
  it('reports a number with the string it was probably written as', () => {
    const a = validAccount();
    (a.clusters[0] as { version: unknown }).version = 1.30;
    expect(problemsOf(a)).toContain("clusters[0].version: must be a Kubernetes version EKS supports (1.32, 1.33, 1.34, 1.35, 1.36), got 1.3 (a number: write '1.30' as a string).");
  });

  it('reports a supported version given as a number with its string', () => {
    const a = validAccount();
    (a.clusters[0] as { version: unknown }).version = 1.33;
    expect(problemsOf(a)).toEqual(["clusters[0].version: must be a Kubernetes version EKS supports (1.32, 1.33, 1.34, 1.35, 1.36), got 1.33 (a number: write '1.33' as a string)."]);
  });

  it('is a type error when not a supported version', () => {
    const a = validAccount();
    // @ts-expect-error '1.29' is not a KubernetesVersion
    a.clusters[0].version = '1.29';
    expect(problemsOf(a)).toEqual(["clusters[0].version: must be a Kubernetes version EKS supports (1.32, 1.33, 1.34, 1.35, 1.36), got '1.29'."]);
  });
});

describe('instance types', () => {
  it('suggests the known instance type closest to a typo', () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].instanceTypes = ['m6i.larg'];
    expect(problemsOf(a)).toEqual(["clusters[0].nodeGroups[0].instanceTypes[0]: 'm6i.larg' is not an instance type the library knows; did you mean 'm6i.large'? (If 'm6i.larg' is right, set clusters[0].nodeGroups[0].maxPods: its pod IP demand is not in the library's table.)"]);
  });
});
