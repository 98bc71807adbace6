import { Testing } from 'cdk8s';
import { validateArgoWorkflowsConfig, type ArgoWorkflowsConfig } from '../../../lib/config/addons/argo-workflows';
import { cronExpressionProblem, isKnownTimeZone, shortestIntervalSeconds } from '../../../lib/config/addons/argo-schedule';
import { ProblemCollector } from '../../../lib/config/problems';
import { ArgoWorkflows, ScheduledWorkflow, WorkflowTemplate } from '../../../lib/k8s/argo';
import { NIGHTLY, TEMPLATE } from './fixtures';

function problems(config: ArgoWorkflowsConfig | Record<string, unknown>): string[] {
  const collector = new ProblemCollector();
  validateArgoWorkflowsConfig(config as ArgoWorkflowsConfig, 'addons.argoWorkflows', collector);
  return collector.problems.map((p) => `${p.path}: ${p.message}`);
}

const base = { workflowNamespaces: ['batch'], workflowTemplates: [TEMPLATE] };
const withJob = (job: Record<string, unknown>) => problems({ ...base, scheduledWorkflows: [{ ...NIGHTLY, ...job }] });
const job = 'addons.argoWorkflows.scheduledWorkflows[0]';

describe('validateArgoWorkflowsConfig', () => {
  it('accepts an empty section and a full one', () => {
    expect(problems({})).toEqual([]);
    expect(problems({ ...base, scheduledWorkflows: [NIGHTLY], authMode: 'sso', sso: { issuer: 'https://login.acme.example', redirectUrl: 'https://argo.acme.example/oauth2/callback', clientSecretName: 'argo-server-sso' }, controllerReplicas: 3, podGCStrategy: 'OnWorkflowSuccess' })).toEqual([]);
  });

  it("rejects auth mode 'server'", () => {
    expect(problems({ authMode: 'server' })).toEqual([
      "addons.argoWorkflows.authMode: must be 'client' or 'sso', got 'server'; 'server' would let anyone reaching the UI act as argo-server's own service account.",
    ]);
  });

  it('requires sso settings with authMode sso, and only then', () => {
    expect(problems({ authMode: 'sso' })).toEqual([
      "addons.argoWorkflows.sso: is required with authMode 'sso': { issuer, redirectUrl, clientSecretName }, got undefined.",
    ]);
    expect(problems({ sso: { issuer: 'https://login.acme.example', redirectUrl: 'https://argo.acme.example/oauth2/callback', clientSecretName: 'argo-server-sso' } })).toEqual([
      "addons.argoWorkflows.sso: is only used with authMode 'sso', got authMode 'client'; remove it or set authMode 'sso'.",
    ]);
    expect(problems({ authMode: 'sso', sso: { issuer: 'http://x', redirectUrl: 'https://argo.acme.example/', clientSecretName: 'A', scopes: [''] } })).toEqual([
      "addons.argoWorkflows.sso.issuer: must be an https URL, got 'http://x'.",
      "addons.argoWorkflows.sso.redirectUrl: must be an https URL ending in /oauth2/callback, got 'https://argo.acme.example/'.",
      "addons.argoWorkflows.sso.clientSecretName: must be a Secret name, got 'A'.",
      'addons.argoWorkflows.sso.scopes: must be a list of scope names, got [""].',
    ]);
  });

  it('rejects bad replica counts, TTLs, pod GC strategies and resources', () => {
    expect(problems({ controllerReplicas: 0, ttlAfterSuccessSeconds: 5, podGCStrategy: 'Never', executorResources: { memoryMiB: 1 } })).toEqual([
      'addons.argoWorkflows.controllerReplicas: must be a whole number from 1 to 5, got 0.',
      'addons.argoWorkflows.ttlAfterSuccessSeconds: must be a whole number of seconds from 60 to 7776000, got 5.',
      'addons.argoWorkflows.podGCStrategy: must be one of OnPodCompletion, OnPodSuccess, OnWorkflowCompletion, OnWorkflowSuccess, got \'Never\'.',
      'addons.argoWorkflows.executorResources.memoryMiB: must be a whole number from 16 to 1048576, got 1.',
    ]);
  });

  it('rejects workflow namespaces that are empty, reserved, invalid or repeated', () => {
    expect(problems({ workflowNamespaces: [] })).toEqual(['addons.argoWorkflows.workflowNamespaces: must be a non-empty list of namespace names, got [].']);
    expect(problems({ workflowNamespaces: ['argo', 'Batch', 'etl', 'etl'] })).toEqual([
      "addons.argoWorkflows.workflowNamespaces[0]: must not be 'argo': workflows run apart from the controller and the system.",
      "addons.argoWorkflows.workflowNamespaces[1]: must be a namespace name (DNS-1123 label), got 'Batch'.",
      "addons.argoWorkflows.workflowNamespaces[3]: lists 'etl' twice.",
    ]);
  });

  it('rejects an invalid cron expression with the value in the message', () => {
    expect(withJob({ schedules: ['61 2 * * *'] })).toEqual([
      `${job}.schedules[0]: is not a 5-field cron expression (minute hour day-of-month month day-of-week): Invalid value for minute: 61, got '61 2 * * *'.`,
    ]);
    expect(withJob({ schedules: ['0 30 2 * * *'] })[0]).toContain("got '0 30 2 * * *'.");
    expect(withJob({ schedules: ['0 2 L * *'] })).toEqual([`${job}.schedules[0]: uses L, W, # or ?, which Argo's cron parser does not support, got '0 2 L * *'.`]);
    expect(withJob({ schedules: ['@every 5m'] })[0]).toContain("is not a descriptor Argo knows (@yearly, @monthly, @weekly, @daily, @hourly), got '@every 5m'.");
    expect(withJob({ schedules: ['CRON_TZ=UTC 0 2 * * *'] })[0]).toContain("must not carry its own time zone: set 'timezone' instead");
  });

  it('rejects an unknown time zone with the value in the message', () => {
    expect(withJob({ timezone: 'Mars/Olympus_Mons' })).toEqual([
      `${job}.timezone: must be an IANA time-zone name known to the runtime's time-zone database, like 'UTC' or 'Europe/Berlin', got 'Mars/Olympus_Mons'.`,
    ]);
    expect(withJob({ timezone: '+02:00' })[0]).toContain("got '+02:00'.");
  });

  it('rejects a schedule that fires more often than the deadline allows', () => {
    expect(withJob({ schedules: ['*/30 * * * *'] })).toEqual([
      `${job}.schedules: fire as little as 1800 s apart ('*/30 * * * *' in America/New_York), less than the workflow's activeDeadlineSeconds 3600: a run may still be going at the next firing, which concurrencyPolicy Forbid then skips. Fire less often or lower activeDeadlineSeconds.`,
    ]);
    expect(withJob({ schedules: ['*/30 * * * *'], activeDeadlineSeconds: 1500 })).toEqual([]);
  });

  it('checks the combined firings of several schedules', () => {
    expect(withJob({ schedules: ['0 2 * * *', '30 2 * * *'] })[0]).toContain('fire as little as 1800 s apart');
  });

  it('rejects Allow, bad names, history limits, starting deadlines and reserved parameters', () => {
    expect(withJob({
      concurrencyPolicy: 'Allow', name: 'a'.repeat(53), failedJobsHistoryLimit: -1, startingDeadlineSeconds: 0, parameters: { outcome: 'x' },
    })).toEqual([
      `${job}.name: must be a DNS-1123 label of at most 52 characters (lower-case letters, digits, '-'), got '${'a'.repeat(53)}'.`,
      `${job}.startingDeadlineSeconds: must be a whole number of seconds from 10 to 86400, got 0.`,
      `${job}.concurrencyPolicy: must be 'Forbid' or 'Replace' ('Allow' would let runs overlap), got 'Allow'.`,
      `${job}.failedJobsHistoryLimit: must be a whole number from 0 to 100, got -1.`,
      `${job}.parameters: key 'outcome' is reserved for the exit handler's own inputs.`,
    ]);
  });

  it('rejects a job in a namespace that is not a workflow namespace, and duplicates', () => {
    expect(problems({ ...base, scheduledWorkflows: [NIGHTLY, NIGHTLY] })).toEqual([`${'addons.argoWorkflows.scheduledWorkflows[1]'}.name: declares CronWorkflow batch/nightly-export twice.`]);
    expect(problems({ scheduledWorkflows: [{ ...NIGHTLY, steps: [NIGHTLY.steps[0]] }] })).toEqual([
      `${job}.namespace: must be one of workflowNamespaces (workflows), got 'batch'.`,
    ]);
  });

  it('rejects steps with unpinned images, unknown templates, bad dependencies, env and retries', () => {
    expect(withJob({
      steps: [
        { name: 'a', image: 'busybox' },
        { name: 'b', image: 'busybox:latest', dependsOn: ['zz'], env: [{ name: 'X' }], retries: { limit: 50 } },
        { name: 'c', use: { workflowTemplate: 'nope' } },
        { name: 'd', use: { workflowTemplate: 'report-job', template: 'other' }, image: 'x:1' },
      ],
    })).toEqual([
      `${job}.steps[0].image: must be an image pinned by a tag other than 'latest' or by digest, got 'busybox'.`,
      `${job}.steps[1].image: must be an image pinned by a tag other than 'latest' or by digest, got 'busybox:latest'.`,
      `${job}.steps[1].env[0]: must set exactly one of 'value' or 'secret', got {"name":"X"}.`,
      `${job}.steps[1].retries.limit: must be a whole number from 0 to 20, got 50.`,
      `${job}.steps[1].dependsOn[0]: must name another step of this workflow (a, c, d), got 'zz'.`,
      `${job}.steps[2].use.workflowTemplate: must name a WorkflowTemplate of the same namespace declared in workflowTemplates (report-job), got 'nope'.`,
      `${job}.steps[3]: must not set image, command, args, env, resources, retries, runAsUser, nodeSelector or activeDeadlineSeconds together with 'use': put them in 'use.overrides' or in the template.`,
      `${job}.steps[3].use.template: must name one of the steps of WorkflowTemplate 'report-job' (run-report), got 'other'.`,
    ]);
  });

  it('rejects an exit step with dependsOn, continueOnFailure, use or a step name already taken', () => {
    expect(withJob({ exitStep: { name: 'extract', image: 'x:1', continueOnFailure: true } })).toEqual([
      `${job}.exitStep: must not set dependsOn or continueOnFailure: it runs once, after the workflow ended.`,
      `${job}.exitStep.name: must differ from the workflow's step names, got 'extract'.`,
    ]);
    expect(withJob({ exitStep: { name: 'h', use: { workflowTemplate: 'report-job' } } })[0]).toBe(
      `${job}.exitStep.steps[0].use: is not allowed inside a WorkflowTemplate or as an exit step: the step must have its own image.`,
    );
  });

  it('rejects bad overrides', () => {
    expect(withJob({ steps: [{ name: 'r', use: { workflowTemplate: 'report-job', overrides: { activeDeadlineSeconds: 0, nodeSelector: { a: 1 }, env: [{ name: 'T', secret: { name: 'S' } }] } } }] })).toEqual([
      `${job}.steps[0].use.overrides.activeDeadlineSeconds: must be a whole number of seconds from 1 to 2678400, got 0.`,
      `${job}.steps[0].use.overrides.env[0].secret: must be { name: <Secret name>, key: <key> }, got {"name":"S"}.`,
      `${job}.steps[0].use.overrides.nodeSelector: must be a map of label keys to string values, got {"a":1}.`,
    ]);
  });

  it('rejects use and dependsOn inside a WorkflowTemplate', () => {
    expect(problems({ workflowNamespaces: ['batch'], workflowTemplates: [{ ...TEMPLATE, steps: [{ name: 'x', use: { workflowTemplate: 'y' }, dependsOn: [] }] }] })).toEqual([
      'addons.argoWorkflows.workflowTemplates[0].steps[0].use: is not allowed inside a WorkflowTemplate or as an exit step: the step must have its own image.',
      "addons.argoWorkflows.workflowTemplates[0].steps[0].use.workflowTemplate: must name a WorkflowTemplate of the same namespace declared in workflowTemplates (none), got 'y'.",
      'addons.argoWorkflows.workflowTemplates[0].steps: must not use dependsOn: each step of a WorkflowTemplate is run on its own by the workflows that use it.',
    ]);
  });
});

describe('schedule helpers', () => {
  it('knows IANA zones from the runtime database and nothing else', () => {
    expect([isKnownTimeZone('UTC'), isKnownTimeZone('Europe/Berlin'), isKnownTimeZone('Nowhere/Land'), isKnownTimeZone(3)]).toEqual([true, true, false, false]);
  });

  it('accepts 5-field expressions and descriptors', () => {
    expect([cronExpressionProblem('0 2 * * 1-5'), cronExpressionProblem('@daily')]).toEqual([undefined, undefined]);
  });

  it('measures the shortest gap across DST in the zone', () => {
    expect(shortestIntervalSeconds(['0 * * * *'], 'UTC')).toBe(3600);
    // 01:00 and 03:00 are two hours apart, except on the spring-forward day in New York (one hour).
    expect(shortestIntervalSeconds(['0 1,3 * * *'], 'UTC')).toBe(7200);
    expect(shortestIntervalSeconds(['0 1,3 * * *'], 'America/New_York')).toBe(3600);
  });
});

describe('constructs validate their own props', () => {
  it('throws from ScheduledWorkflow with the construct, field and value', () => {
    expect(() => new ScheduledWorkflow(Testing.chart(), 'nightly', { ...NIGHTLY, timezone: 'Mars/Base', workflowTemplates: [] })).toThrow(
      "ScheduledWorkflow 'nightly': 'timezone' must be an IANA time-zone name known to the runtime's time-zone database, like 'UTC' or 'Europe/Berlin', got 'Mars/Base'.",
    );
  });

  it('throws from WorkflowTemplate and ArgoWorkflows', () => {
    expect(() => new WorkflowTemplate(Testing.chart(), 't', { ...TEMPLATE, steps: [] })).toThrow("WorkflowTemplate 't': 'steps' must be a non-empty list of steps, got [].");
    expect(() => new ArgoWorkflows(Testing.chart(), 'argo', { authMode: 'server' as 'client' })).toThrow("ArgoWorkflows 'argo': 'authMode' must be 'client' or 'sso', got 'server'");
  });
});

describe('malformed sections', () => {
  it('reports, never throws, on sections of the wrong shape', () => {
    expect(problems({ workflowTemplates: 'x', scheduledWorkflows: [null] })).toEqual([
      "addons.argoWorkflows.workflowTemplates: must be a list, got 'x'.",
      'addons.argoWorkflows.scheduledWorkflows[0]: must be an object, got null.',
    ]);
    expect(withJob({ steps: [null, { name: 'a', image: 'x:1', retries: 3, env: 'E', dependsOn: 'b', use: undefined }], parameters: { n: 1 }, notify: null })).toEqual([
      `${job}.steps[0]: must be a step object, got null.`,
      `${job}.steps[1].env: must be a list of { name, value } or { name, secret }, got 'E'.`,
      `${job}.steps[1].retries: must be { limit, policy?, backoffSeconds?, ... }, got 3.`,
      `${job}.steps[1].dependsOn: must be a list of step names, got 'b'.`,
      `${job}.parameters: value of 'n' must be a string, got 1.`,
      `${job}.notify.urlSecret: must be { name: <Secret name>, key: <key> }, got null.`,
    ]);
  });
});
