/**
 * The controller's plugins, each pinned to an exact version, dependencies included, and how
 * `jenkins-plugin-cli` installs them. Pure data and functions: no cdk8s, so the config
 * validation can check `extraPlugins` against this set.
 *
 * Source of the versions: one `jenkins-plugin-cli --latest=false` plugin file of early 2026
 * (json-api 20251224, jackson2-api 2.21.1; kubernetes 4423, configuration-as-code 2053) that
 * lists the pipeline, git and kubernetes stacks with their dependencies, cut down to the plugins
 * below, plus prometheus 852.v317db_5d17a_b_0 (plugins.jenkins.io/prometheus/releases, requires
 * Jenkins 2.479.3). The dependency closure was NOT re-resolved against the update center here
 * (no network): docs/jenkins.md says how to regenerate this list, and `--latest false` makes any
 * dependency missing from it resolve to the minimum version its dependents declare, never the
 * newest. Refresh procedure: docs/jenkins.md, "Refreshing the plugin list".
 */
/**
 * A plugin pinned to an exact version, `name:version`. Versions are what the update center
 * publishes (`5.10.0`, `4423.vb_59f230b_ce53`, `7.3.1-256.v788a_0b_787114`): no `latest`, no
 * `experimental`, no URL, no range.
 */
const PLUGIN_SPEC = /^([a-z0-9][a-z0-9_.-]*):([0-9][A-Za-z0-9._+-]*)$/;

/** A parsed `name:version`. */
export interface PinnedPlugin {
  /** Plugin id (artifactId). */
  readonly name: string;
  /** Exact version. */
  readonly version: string;
}

/** `spec` as a pinned plugin, or `undefined` when it is not `name:exact-version`. */
export function parsePinnedPlugin(spec: unknown): PinnedPlugin | undefined {
  if (typeof spec !== 'string') return undefined;
  const m = PLUGIN_SPEC.exec(spec);
  return m ? { name: m[1], version: m[2] } : undefined;
}


/** The pinned set, `name:version`, one per plugin, in install order (dependencies first). */
export const JENKINS_PLUGIN_SPECS: readonly string[] = [
  // Library plugins (APIs other plugins depend on).
  'commons-lang3-api:3.20.0-109.ve43756e2d2b_4',
  'ionicons-api:94.vcc3065403257',
  'asm-api:9.9.1-189.vb_5ef2964da_91',
  'json-path-api:3.0.0-218.vcd4dd1355de2',
  'commons-text-api:1.15.0-218.va_61573470393',
  'bouncycastle-api:2.30.1.83-289.v8426fcd19371',
  'caffeine-api:3.2.3-194.v31a_b_f7a_b_5a_81',
  'font-awesome-api:7.2.0-965.ve3840b_696418',
  'bootstrap5-api:5.3.8-895.v4d0d8e47fea_d',
  'javax-activation-api:1.2.0-8',
  'jaxb:2.3.9-143.v5979df3304e6',
  'snakeyaml-api:2.5-149.v72471e9c6371',
  'snakeyaml-engine-api:3.0.1-5.vd98ea_ff3b_92e',
  'jakarta-activation-api:2.1.4-1',
  'jakarta-xml-bind-api:4.0.6-12.vb_1833c1231d3',
  'jakarta-mail-api:2.1.5-1',
  'json-api:20251224-185.v0cc18490c62c',
  'jackson2-api:2.21.1-428.vf8dd988fa_d8d',
  'jackson3-api:3.1.0-64.v37e742c35905',
  'jquery3-api:3.7.1-619.vdb_10e002501a_',
  'echarts-api:6.0.0-1165.vd1283a_3e37d4',
  'prism-api:1.30.0-703.v116fb_3b_5b_b_a_a_',
  'joda-time-api:2.14.1-187.vdf2def02b_8a_1',
  'okhttp-api:5.3.2-200.vedb_720a_cf1f8',
  'apache-httpcomponents-client-4-api:4.5.14-269.vfa_2321039a_83',
  'gson-api:2.13.2-173.va_a_092315913c',
  'mina-sshd-api-common:2.16.0-167.va_269f38cc024',
  'mina-sshd-api-core:2.16.0-167.va_269f38cc024',
  'eddsa-api:0.3.0.1-29.v67e9a_1c969b_b_',
  'trilead-api:2.284.v1974ea_324382',
  'plugin-util-api:6.1192.v30fe6e2837ff',
  'metrics:4.2.37-494.v06f9a_939d33a_',
  // Core platform plugins.
  'structs:362.va_b_695ef4fdf9',
  'cloudbees-folder:6.1079.vc0975c2de294',
  'antisamy-markup-formatter:173.v680e3a_b_69ff3',
  'script-security:1399.ve6a_66547f6e1',
  'credentials:1491.v6d6145e96e1c',
  'plain-credentials:199.v9f8e1f741799',
  'ssh-credentials:361.vb_f6760818e8c',
  'credentials-binding:717.v951d49b_5f3a_a_',
  'variant:70.va_d9f17f859e0',
  'display-url-api:2.217.va_6b_de84cc74b_',
  'instance-identity:203.v15e81a_1b_7a_38',
  'mailer:525.v2458b_d8a_1a_71',
  'scm-api:728.vc30dcf7a_0df5',
  'checks-api:402.vca_263b_f200e3',
  'junit:1403.vd9d1413fd205',
  'matrix-project:870.v9db_fcfc2f45b_',
  'timestamper:1.30',
  // Pipeline (workflow-aggregator and its closure).
  'workflow-step-api:710.v3e456cc85233',
  'workflow-api:1398.v67030756d3fb_',
  'workflow-support:1015.v785e5a_b_b_8b_22',
  'workflow-job:1571.vb_423c255d6d9',
  'durable-task:664.v2b_e7a_dfff66c',
  'workflow-durable-task-step:1464.v2d3f5c68f84c',
  'workflow-scm-step:466.va_d69e602552b_',
  'workflow-cps:4259.vf653c2b_8a_b_69',
  'workflow-basic-steps:1098.v808b_fd7f8cf4',
  'pipeline-milestone-step:138.v78ca_76831a_43',
  'pipeline-build-step:584.vdb_a_2cc3a_d07a_',
  'pipeline-groovy-lib:787.ve2fef0efdca_6',
  'pipeline-stage-step:322.vecffa_99f371c',
  'pipeline-input-step:540.v14b_100d754dd',
  'branch-api:2.1280.v0d4e5b_b_460ef',
  'workflow-multibranch:821.vc3b_4ea_780798',
  'pipeline-model-api:2.2277.v00573e73ddf1',
  'pipeline-model-extensions:2.2277.v00573e73ddf1',
  'pipeline-stage-tags-metadata:2.2277.v00573e73ddf1',
  'pipeline-model-definition:2.2277.v00573e73ddf1',
  'workflow-aggregator:608.v67378e9d3db_1',
  // Git.
  'git-client:6.5.0',
  'git:5.10.0',
  // Configuration as code, authorization, Kubernetes agents, metrics.
  'configuration-as-code:2053.vb_0da_47381a_25',
  'matrix-auth:3.2.9',
  'kubernetes-client-api:7.3.1-256.v788a_0b_787114',
  'authentication-tokens:1.144.v5ff4a_5ec5c33',
  'kubernetes-credentials:207.v492f58828b_ed',
  'kubernetes:4423.vb_59f230b_ce53',
  'prometheus:852.v317db_5d17a_b_0',
];

/** {@link JENKINS_PLUGIN_SPECS}, parsed. Throws at load if an entry is not pinned. */
export const JENKINS_PLUGINS: readonly PinnedPlugin[] = JENKINS_PLUGIN_SPECS.map((spec) => {
  const plugin = parsePinnedPlugin(spec);
  if (!plugin) throw new Error(`JENKINS_PLUGIN_SPECS: '${spec}' is not 'name:version'.`);
  return plugin;
});

/** The `plugins.txt` of a plugin list: one `name:version` a line, a trailing newline. */
export function pluginsTxt(plugins: readonly PinnedPlugin[]): string {
  return plugins.map((p) => `${p.name}:${p.version}\n`).join('');
}

/** Where the init container reads plugins.txt. */
export const PLUGINS_TXT_DIR = '/var/jenkins_plugins_config';
/** Where plugins are installed: `JENKINS_HOME/plugins`, an emptyDir refilled at every start. */
export const PLUGIN_DIR = '/var/jenkins_home/plugins';

/**
 * The `jenkins-plugin-cli` command of the init container (plugin installation manager tool,
 * bundled in the jenkins/jenkins image):
 * - `--latest false`: dependencies resolve to the minimum version their dependents declare,
 *   never to the newest on the update center (the default is `true`);
 * - no `--latest-specified` (it would pull the newest dependencies of plugins asked for at
 *   `latest`; the list has none, and validation rejects them);
 * - no `--skip-failed-plugins`: a plugin that cannot be downloaded fails the init container,
 *   so the controller never starts with part of its plugins;
 * - `--war` the image's own jenkins.war, so a plugin needing a newer core is refused before start.
 */
export function pluginInstallCommand(): string[] {
  return [
    'jenkins-plugin-cli',
    '--war', '/usr/share/jenkins/jenkins.war',
    '--plugin-file', `${PLUGINS_TXT_DIR}/plugins.txt`,
    '--plugin-download-directory', PLUGIN_DIR,
    '--latest', 'false',
    '--verbose',
  ];
}
