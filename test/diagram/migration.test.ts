/**
 * The tenancy migration diagram (`npm run plan -- <account> --svg`), read back from the SVG:
 * one panel per phase with its node groups and tenancy, the monthly cost under each panel,
 * the capacity of each step.
 */
import { currentPhase, effectiveNodeGroups, MIGRATION_PHASES, type AccountConfig, type MigrationPhase } from '../../lib/config';
import { accountCost } from '../../lib/aws/tenancy/cost';
import { formatUsd } from '../../lib/diagram/dot';
import { migrationDot, phaseCostId, phaseGroupId, phasePanelId } from '../../lib/diagram/migration';
import { TENANCY_STYLE } from '../../lib/diagram/style';
import { ACCOUNTS } from '../../stacks/accounts';
import { renderSvg } from '../../stacks/diagram';
import { validAccount } from '../support/fixtures';
import { find, inside, parseSvg, text, type SvgElement } from './svg';

const production = ACCOUNTS.production;
const cluster = production.clusters[0];
const PHASES = MIGRATION_PHASES['blue-green'];
let svg: SvgElement[];

beforeAll(async () => {
  svg = parseSvg(await renderSvg(migrationDot(production)));
});

describe("production's tenancy migration diagram", () => {
  it('draws one panel per blue-green phase, the configured one marked', () => {
    expect(PHASES.map((p) => text(find(svg, 'cluster', phasePanelId(cluster.name, p))))).toEqual(['dedicated (last applied, configured)', 'surge', 'drain', 'shared']);
  });

  it.each(PHASES)("draws the node groups of phase '%s' in its panel, filled by tenancy", (phase) => {
    const panel = find(svg, 'cluster', phasePanelId(cluster.name, phase));
    const groups = effectiveNodeGroups(cluster, phase);
    expect(groups.map((g) => {
      const node = find(svg, 'node', phaseGroupId(cluster.name, phase, g.name));
      return { inPanel: inside(node, panel), fill: node.fills[0], text: text(node) };
    })).toEqual(groups.map((g) => ({
      inPanel: true,
      fill: TENANCY_STYLE[g.tenancy].fill,
      text: expect.stringContaining(`${g.name} ${g.instanceTypes.join(', ')} · ${g.tenancy} min ${g.minSize} / desired ${g.desiredSize} / max ${g.maxSize}`),
    })));
  });

  it('shows the retiring groups cordoned in surge and scaled to zero in drain', () => {
    expect([text(find(svg, 'node', phaseGroupId(cluster.name, 'surge', 'general'))), text(find(svg, 'node', phaseGroupId(cluster.name, 'drain', 'batch')))])
      .toEqual([expect.stringContaining('cordoned + drained'), expect.stringContaining('min 0 / desired 0 / max 1 scaled to zero, tainted')]);
  });

  it('writes the monthly cost of the account under each panel, as lib/aws/tenancy/cost.ts computes it', () => {
    const cost = (p: MigrationPhase) => accountCost(production, () => p);
    expect(PHASES.map((p) => {
      const node = find(svg, 'node', phaseCostId(cluster.name, p));
      const panel = find(svg, 'cluster', phasePanelId(cluster.name, p));
      return { below: node.box.y0 > Math.max(...effectiveNodeGroups(cluster, p).map((g) => find(svg, 'node', phaseGroupId(cluster.name, p, g.name)).box.y1)), inPanel: inside(node, panel), line: node.texts[0] };
    })).toEqual(PHASES.map((p) => ({ below: true, inPanel: true, line: `${formatUsd(cost(p).total)} a month` })));
  });

  it('writes the dedicated fee and the saving against dedicated under the shared panel', () => {
    const dedicated = accountCost(production, () => 'dedicated').total;
    const shared = accountCost(production, () => 'shared');
    expect(text(find(svg, 'node', phaseCostId(cluster.name, 'shared'))))
      .toBe(`${formatUsd(shared.total)} a month instances ${formatUsd(shared.instances)} + dedicated fee $0.00 -${formatUsd(dedicated - shared.total)} vs 'dedicated'`);
  });

  it('connects consecutive phases with the fewest schedulable nodes of each step', () => {
    const steps = svg.filter((e) => e.kind === 'edge' && e.classes.includes('transition')).map((e) => `${e.title} ${text(e)}`);
    const desired = cluster.nodeGroups.reduce((n, g) => n + g.desiredSize, 0);
    expect(steps).toEqual(PHASES.slice(0, -1).map((p, i) =>
      `${phaseCostId(cluster.name, p)}->${phaseCostId(cluster.name, PHASES[i + 1])} pulumi up + runbook fewest schedulable nodes: ${desired} of ${desired}`));
  });
});

describe('tenancy migration diagram', () => {
  it('draws the three phases of a rolling migration', async () => {
    const a = validAccount();
    a.clusters[0].tenancyMigration = { strategy: 'rolling', phase: 'rolling', previousPhase: 'dedicated' };
    const drawn = parseSvg(await renderSvg(migrationDot(a as AccountConfig)));
    expect(drawn.filter((e) => e.kind === 'cluster' && e.title.startsWith('cluster_phase:')).map((e) => e.title)).toEqual(
      ['dedicated', 'rolling', 'shared'].map((p) => phasePanelId('platform-test', p as MigrationPhase)),
    );
  });

  it('says a cluster without dedicated node groups has nothing to migrate', async () => {
    const a = validAccount();
    a.clusters[0].nodeGroups[0].tenancy = 'default';
    const drawn = parseSvg(await renderSvg(migrationDot(a as AccountConfig)));
    expect(text(find(drawn, 'node', 'nothing:platform-test'))).toBe('no dedicated node group: nothing to migrate');
  });

  it('prices other clusters at their configured phase', () => {
    const a = validAccount();
    const other = structuredClone(a.clusters[0]);
    other.name = 'platform-other';
    other.tenancyMigration = { strategy: 'blue-green', phase: 'surge', previousPhase: 'dedicated' };
    a.clusters.push(other);
    const account = a as AccountConfig;
    const expected = accountCost(account, (c) => (c.name === 'platform-test' ? 'dedicated' : currentPhase(c))).total;
    expect(migrationDot(account)).toContain(`<b>${formatUsd(expected)} a month</b>`);
  });
});
