import { validateAlertRulesConfig, type AlertRulesConfig } from '../../../lib/config/addons/alert-rules';
import { validateMetricsConfig, type MetricsConfig } from '../../../lib/config/addons/metrics';
import { ProblemCollector } from '../../../lib/config/problems';
import { validateAccount, type AccountConfig } from '../../../lib/config';
import { validAccount } from '../../support/fixtures';

function problems(config: MetricsConfig | Record<string, unknown>): string[] {
  const collector = new ProblemCollector();
  validateMetricsConfig(config as MetricsConfig, 'm', collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

function alertProblems(config: AlertRulesConfig | Record<string, unknown>): string[] {
  const collector = new ProblemCollector();
  validateAlertRulesConfig(config as AlertRulesConfig, 'a', collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('validateMetricsConfig', () => {
  it('accepts an empty section and a full one', () => {
    expect(problems({})).toEqual([]);
    expect(problems({
      prometheus: { replicas: 2, retentionDays: 15, volumeSizeGiB: 200, retentionSizeGiB: 150, storageClassName: 'gp3', scrapeIntervalSeconds: 15, resources: { memoryMiB: 4096 } },
      alertmanager: { replicas: 3 },
      alerts: { runbookBaseUrl: 'https://runbooks.example.com/eks', filesystemFreePercent: 5, for: { TargetDown: '5m' } },
      grafana: { adminSecretName: 'grafana-admin', resources: { memoryMiB: 512 } },
      nodeExporter: { resources: { memoryMiB: 128 } },
      kubeStateMetrics: { resources: { memoryMiB: 512 } },
    })).toEqual([]);
  });

  it('rejects sub-sections that are not objects', () => {
    expect(problems({ prometheus: 5, alertmanager: [], alerts: null, grafana: 'x', nodeExporter: true, kubeStateMetrics: 1 })).toEqual([
      'm.prometheus: must be an object, got 5.',
      'm.alertmanager: must be an object, got [].',
      'm.alerts: must be an object, got null.',
      "m.grafana: must be an object, got 'x'.",
      'm.nodeExporter: must be an object, got true.',
      'm.kubeStateMetrics: must be an object, got 1.',
    ]);
  });

  it('rejects Prometheus numbers out of range', () => {
    expect(problems({ prometheus: { replicas: 3, retentionDays: 0, volumeSizeGiB: 0, scrapeIntervalSeconds: 1 } })).toEqual([
      'm.prometheus.replicas: must be a whole number from 1 to 2 (1, or 2 for the HA pair; more only duplicates the same scrapes), got 3.',
      'm.prometheus.retentionDays: must be a whole number of days from 1 to 3650, got 0.',
      'm.prometheus.volumeSizeGiB: must be a whole number from 1 to 16384, got 0.',
      'm.prometheus.scrapeIntervalSeconds: must be a whole number of seconds from 5 to 300, got 1.',
    ]);
  });

  it('rejects a size retention that does not leave room on the volume', () => {
    expect(problems({ prometheus: { volumeSizeGiB: 20, retentionSizeGiB: 20 } })).toEqual(['m.prometheus.retentionSizeGiB: must be less than volumeSizeGiB (20): the WAL and compaction need room beyond the blocks, got 20.']);
    expect(problems({ prometheus: { retentionSizeGiB: 60 } })).toEqual(['m.prometheus.retentionSizeGiB: must be less than volumeSizeGiB (50): the WAL and compaction need room beyond the blocks, got 60.']);
    expect(problems({ prometheus: { retentionSizeGiB: 0 } })).toEqual(['m.prometheus.retentionSizeGiB: must be a whole number from 1 to 16384, got 0.']);
  });

  it('rejects a bad StorageClass name and bad resources of every component', () => {
    expect(problems({
      prometheus: { storageClassName: 'Fast', resources: { memoryMiB: 1 } },
      grafana: { resources: { memoryMiB: 1 } }, nodeExporter: { resources: { memoryMiB: 1 } }, kubeStateMetrics: { resources: { memoryMiB: 1 } },
    })).toEqual([
      "m.prometheus.storageClassName: must be a StorageClass name (lower-case DNS-1123 subdomain), got 'Fast'.",
      'm.prometheus.resources.memoryMiB: must be a whole number from 16 to 1048576, got 1.',
      'm.grafana.resources.memoryMiB: must be a whole number from 16 to 1048576, got 1.',
      'm.nodeExporter.resources.memoryMiB: must be a whole number from 16 to 1048576, got 1.',
      'm.kubeStateMetrics.resources.memoryMiB: must be a whole number from 16 to 1048576, got 1.',
    ]);
  });

  it('rejects a bad Grafana admin Secret name', () => {
    expect(problems({ grafana: { adminSecretName: 'Grafana Admin' } })).toEqual(["m.grafana.adminSecretName: must be a Secret name (lower-case DNS-1123 subdomain), got 'Grafana Admin'."]);
  });

  it('is run by validateAccount on addons.metrics', () => {
    const account = validAccount();
    (account.clusters[0] as any).addons = { metrics: { prometheus: { replicas: 5 } } };
    expect(validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`)).toEqual([
      'clusters[0].addons.metrics.prometheus.replicas: must be a whole number from 1 to 2 (1, or 2 for the HA pair; more only duplicates the same scrapes), got 5.',
    ]);
  });
});

describe('validateAlertRulesAddons (through validateAccount)', () => {
  function accountProblems(addons: Record<string, unknown>): string[] {
    const account = validAccount();
    (account.clusters[0] as any).addons = addons;
    return validateAccount(account as AccountConfig).map((p) => `${p.path}: ${p.message}`);
  }

  it('rejects settings of alerts whose add-on is not configured', () => {
    expect(accountProblems({ metrics: { alerts: { for: { LokiIngesterFlushFailures: '10m', TargetDown: '5m' }, lokiErrorPercent: 5 } } })).toEqual([
      'clusters[0].addons.metrics.alerts.for.LokiIngesterFlushFailures: is set, but the alert exists only with addons.loki, which is not configured; remove it or configure loki.',
      'clusters[0].addons.metrics.alerts.lokiErrorPercent: is set, but LokiRequestErrors exists only with addons.loki, which is not configured; remove it or configure loki.',
    ]);
  });

  it('accepts them when the add-on is configured', () => {
    expect(accountProblems({ clusterAutoscaler: {}, metrics: { alerts: { for: { ClusterAutoscalerUnschedulablePods: '1h' } } } })).toEqual([]);
  });
});

describe('validateAlertRulesConfig', () => {
  it('rejects a runbook base that is not https or ends in /', () => {
    expect(alertProblems({ runbookBaseUrl: 'http://x.example.com' })).toEqual(["a.runbookBaseUrl: must be an https:// URL without a trailing '/', got 'http://x.example.com'."]);
    expect(alertProblems({ runbookBaseUrl: 'https://x.example.com/rb/' })).toEqual(["a.runbookBaseUrl: must be an https:// URL without a trailing '/', got 'https://x.example.com/rb/'."]);
  });

  it('rejects thresholds out of range', () => {
    expect(alertProblems({ filesystemFreePercent: 0, filesystemPredictHours: 200, pvcFreePercent: 60, cpuThrottlingPercent: 101, lokiErrorPercent: 0.5 })).toEqual([
      'a.filesystemFreePercent: must be a whole number of percent from 1 to 50, got 0.',
      'a.filesystemPredictHours: must be a whole number of hours from 1 to 168, got 200.',
      'a.pvcFreePercent: must be a whole number of percent from 1 to 50, got 60.',
      'a.cpuThrottlingPercent: must be a whole number of percent from 1 to 100, got 101.',
      'a.lokiErrorPercent: must be a whole number of percent from 1 to 100, got 0.5.',
    ]);
  });

  it('rejects for: that is not an object, names an unknown alert, or is not a duration', () => {
    expect(alertProblems({ for: '5m' })).toEqual(["a.for: must be an object of alert name to duration, got '5m'."]);
    expect(alertProblems({ for: { NodeDown: '5m' } })[0]).toMatch(/^a\.for\.NodeDown: is not an alert of this library; the alerts are TargetDown, KubeNodeNotReady, /);
    expect(alertProblems({ for: { TargetDown: '5 min', KubeJobFailed: '0m' } })).toEqual([
      "a.for.TargetDown: must be a non-zero Prometheus duration like '15m' or '1h30m', got '5 min'.",
      "a.for.KubeJobFailed: must be a non-zero Prometheus duration like '15m' or '1h30m', got '0m'.",
    ]);
  });
});
