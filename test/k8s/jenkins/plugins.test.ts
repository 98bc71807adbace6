import { checkPinnedPlugins } from '../../../lib/config/addons/jenkins';
import { ProblemCollector } from '../../../lib/config/problems';
import { JENKINS_PLUGIN_SPECS, JENKINS_PLUGINS, parsePinnedPlugin, pluginInstallCommand, pluginsTxt } from '../../../lib/k8s/jenkins/plugins';

function problemsOf(specs: unknown): string[] {
  const problems = new ProblemCollector();
  checkPinnedPlugins(specs, 'extraPlugins', problems);
  return problems.problems.map((p) => `${p.path}: ${p.message}`);
}

describe('Jenkins plugins', () => {
  it('pins every plugin of the set to an exact version', () => {
    const unpinned = JENKINS_PLUGIN_SPECS.filter((spec) => !parsePinnedPlugin(spec));
    expect(unpinned).toEqual([]);
  });

  it('lists each plugin of the set once', () => {
    const names = JENKINS_PLUGINS.map((p) => p.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });

  it('includes the plugins the controller configuration depends on', () => {
    const names = new Set(JENKINS_PLUGINS.map((p) => p.name));
    for (const required of ['configuration-as-code', 'kubernetes', 'workflow-aggregator', 'git', 'matrix-auth', 'prometheus', 'credentials', 'plain-credentials']) {
      expect([required, names.has(required)]).toEqual([required, true]);
    }
  });

  it('parses name:version and refuses everything else', () => {
    expect(parsePinnedPlugin('kubernetes:4423.vb_59f230b_ce53')).toEqual({ name: 'kubernetes', version: '4423.vb_59f230b_ce53' });
    for (const bad of ['kubernetes', 'kubernetes:latest', 'kubernetes:experimental', 'kubernetes:', 'git:https://example.com/git.hpi', ' git:5.10.0', 42]) {
      expect([bad, parsePinnedPlugin(bad)]).toEqual([bad, undefined]);
    }
  });

  it('rejects a plugin without a version', () => {
    expect(problemsOf(['ws-cleanup'])).toEqual([
      "extraPlugins[0]: must pin an exact version as 'name:version' (like 'kubernetes:4423.vb_59f230b_ce53'), got 'ws-cleanup': an unpinned plugin is installed at whatever version the update center has that day, dependencies included.",
    ]);
  });

  it('rejects a plugin pinned to latest', () => {
    expect(problemsOf(['ws-cleanup:latest'])[0]).toContain("must pin an exact version as 'name:version'");
  });

  it('rejects a plugin listed twice', () => {
    expect(problemsOf(['ws-cleanup:0.49', 'ws-cleanup:0.48'])).toEqual([
      "extraPlugins[1]: names plugin 'ws-cleanup' already in extraPlugins[0], got 'ws-cleanup:0.48'; list each plugin once.",
    ]);
  });

  it('rejects a plugin already in the pinned set', () => {
    expect(problemsOf(['git:5.9.0'])).toEqual([
      "extraPlugins[0]: names plugin 'git' already in the platform's pinned set, got 'git:5.9.0'; list each plugin once.",
    ]);
  });

  it('rejects a list that is not a list', () => {
    expect(problemsOf('git:5.10.0')).toEqual(["extraPlugins: must be a list of 'name:version' strings, got 'git:5.10.0'."]);
  });

  it('renders plugins.txt one name:version a line', () => {
    expect(pluginsTxt([{ name: 'a', version: '1' }, { name: 'b', version: '2.3' }])).toBe('a:1\nb:2.3\n');
  });

  it('runs jenkins-plugin-cli with --latest false against the image war', () => {
    expect(pluginInstallCommand()).toEqual([
      'jenkins-plugin-cli', '--war', '/usr/share/jenkins/jenkins.war', '--plugin-file', '/var/jenkins_plugins_config/plugins.txt',
      '--plugin-download-directory', '/var/jenkins_home/plugins', '--latest', 'false', '--verbose',
    ]);
  });
});
