/**
 * The emitted scrape jobs' relabelling, run by the real Prometheus (Debian's 2.42). Debian's
 * build has no Kubernetes service discovery, so each job's `kubernetes_sd_configs` is swapped
 * for a `file_sd_configs` whose targets carry the `__meta_kubernetes_*` labels Kubernetes
 * discovery would give them; Prometheus then relabels them exactly as in a cluster, and
 * `/api/v1/targets` shows what it would scrape and with which labels.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse, stringify } from 'yaml';
import { prometheusConfigYaml } from '../../../lib/k8s/prometheus';
import { describeWithProgram, PROMETHEUS, freePort, startProgram, waitForHttp, type RunningProgram } from '../../support/programs';

const CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

const running = { __meta_kubernetes_pod_phase: 'Running' };
const loki = {
  ...running,
  __meta_kubernetes_namespace: 'logging',
  __meta_kubernetes_pod_name: 'loki-0',
  __meta_kubernetes_pod_container_name: 'loki',
  __meta_kubernetes_pod_node_name: 'ip-10-0-1-6',
  __meta_kubernetes_pod_annotation_prometheus_io_scrape: 'true',
  __meta_kubernetes_pod_annotation_prometheus_io_port: '3100',
  __meta_kubernetes_pod_annotation_prometheus_io_path: '/metrics',
};
const ksm = {
  ...running,
  __meta_kubernetes_namespace: 'monitoring',
  __meta_kubernetes_pod_name: 'kube-state-metrics-5d9f',
  __meta_kubernetes_pod_container_name: 'kube-state-metrics',
  __meta_kubernetes_pod_node_name: 'ip-10-0-1-7',
  __meta_kubernetes_pod_label_app_kubernetes_io_name: 'kube-state-metrics',
};

/** Discovered targets of each job, as Kubernetes service discovery would list them. */
const DISCOVERED: Record<string, { targets: string[]; labels: Record<string, string> }[]> = {
  'kubernetes-pods': [
    { targets: ['10.0.1.30:3100'], labels: { ...loki, __meta_kubernetes_pod_container_port_number: '3100' } },
    // The same pod's gRPC port: not the annotated one.
    { targets: ['10.0.1.30:9095'], labels: { ...loki, __meta_kubernetes_pod_container_port_number: '9095' } },
    // A pod without the annotation, and a completed one with it.
    { targets: ['10.0.1.31:8080'], labels: { ...running, __meta_kubernetes_namespace: 'apps', __meta_kubernetes_pod_name: 'web-1', __meta_kubernetes_pod_container_port_number: '8080' } },
    { targets: ['10.0.1.32:3100'], labels: { ...loki, __meta_kubernetes_pod_name: 'old-job', __meta_kubernetes_pod_phase: 'Succeeded', __meta_kubernetes_pod_container_port_number: '3100' } },
  ],
  kubelet: [{ targets: ['10.0.1.5:10250'], labels: { __meta_kubernetes_node_name: 'ip-10-0-1-5' } }],
  cadvisor: [{ targets: ['10.0.1.5:10250'], labels: { __meta_kubernetes_node_name: 'ip-10-0-1-5' } }],
  'kubernetes-apiservers': [
    { targets: ['10.0.0.10:443'], labels: { __meta_kubernetes_service_name: 'kubernetes', __meta_kubernetes_endpoint_port_name: 'https' } },
    { targets: ['10.0.0.11:443'], labels: { __meta_kubernetes_service_name: 'other', __meta_kubernetes_endpoint_port_name: 'https' } },
  ],
  'kube-state-metrics': [
    { targets: ['10.0.1.40:8080'], labels: { ...ksm, __meta_kubernetes_pod_container_port_name: 'http-metrics' } },
    { targets: ['10.0.1.40:8081'], labels: { ...ksm, __meta_kubernetes_pod_container_port_name: 'telemetry' } },
  ],
};

describeWithProgram(PROMETHEUS, 'the emitted scrape jobs relabelled by the real Prometheus', (binary) => {
  let dir: string;
  let prometheus: RunningProgram | undefined;
  let active: { scrapePool: string; scrapeUrl: string; labels: Record<string, string> }[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(CA_BUNDLE)) throw new Error(`${CA_BUNDLE} is missing (the kubelet jobs need a PEM CA file): apt-get install -y ca-certificates`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prom-sd-'));
    const saDir = path.join(dir, 'sa');
    fs.mkdirSync(saDir);
    fs.writeFileSync(path.join(saDir, 'token'), 'token');
    fs.copyFileSync(CA_BUNDLE, path.join(saDir, 'ca.crt'));
    const port = await freePort();
    const config = parse(prometheusConfigYaml({
      clusterName: 'main',
      scrapeIntervalSeconds: 30,
      alertmanagers: [],
      podTargets: [{ job: 'kube-state-metrics', namespace: 'monitoring', appName: 'kube-state-metrics', portName: 'http-metrics', honorLabels: true }],
      serviceAccountDir: saDir,
      rulesDir: path.join(dir, 'rules'),
    }));
    for (const job of config.scrape_configs) {
      if (job.kubernetes_sd_configs === undefined) continue;
      delete job.kubernetes_sd_configs;
      const file = path.join(dir, `${job.job_name}.json`);
      fs.writeFileSync(file, JSON.stringify(DISCOVERED[job.job_name] ?? []));
      job.file_sd_configs = [{ files: [file] }];
    }
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify(config));
    prometheus = startProgram(binary, [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    const base = `http://127.0.0.1:${port}`;
    await waitForHttp(`${base}/-/ready`, 20_000, () => prometheus!.output());
    const deadline = Date.now() + 15_000;
    const expected = 5;
    while (Date.now() < deadline) {
      active = (await (await fetch(`${base}/api/v1/targets?state=active`)).json() as any).data.activeTargets;
      if (active.length >= expected) break;
      await new Promise((r) => setTimeout(r, 300));
    }
  }, 45_000);

  afterAll(async () => {
    await prometheus?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function targets(job: string): { url: string; labels: Record<string, string> }[] {
    return active.filter((t) => t.scrapePool === job).map((t) => ({ url: t.scrapeUrl, labels: t.labels }));
  }

  it('scrapes an annotated running pod once, on its annotated port and path, labelled with namespace, pod, container and node', () => {
    expect(targets('kubernetes-pods')).toEqual([{
      url: 'http://10.0.1.30:3100/metrics',
      labels: { job: 'kubernetes-pods', instance: '10.0.1.30:3100', namespace: 'logging', pod: 'loki-0', container: 'loki', node: 'ip-10-0-1-6' },
    }]);
  });

  it('scrapes the kubelet and cAdvisor over HTTPS on :10250, labelled with the node', () => {
    expect([...targets('kubelet'), ...targets('cadvisor')]).toEqual([
      { url: 'https://10.0.1.5:10250/metrics', labels: { job: 'kubelet', instance: 'ip-10-0-1-5', node: 'ip-10-0-1-5' } },
      { url: 'https://10.0.1.5:10250/metrics/cadvisor', labels: { job: 'cadvisor', instance: 'ip-10-0-1-5', node: 'ip-10-0-1-5' } },
    ]);
  });

  it('scrapes only the default/kubernetes endpoints as API servers', () => {
    expect(targets('kubernetes-apiservers')).toEqual([{ url: 'https://10.0.0.10:443/metrics', labels: { job: 'kubernetes-apiservers', instance: '10.0.0.10:443' } }]);
  });

  it('scrapes kube-state-metrics on its metrics port only, without labels of its own pod', () => {
    expect(targets('kube-state-metrics')).toEqual([{ url: 'http://10.0.1.40:8080/metrics', labels: { job: 'kube-state-metrics', instance: 'kube-state-metrics-5d9f' } }]);
  });
});
