/**
 * The diagrams' look: tenancy fills, edge styles per data path, resource shapes, and the
 * legend that explains them. One place, so the platform and migration diagrams agree.
 */
import type { Tenancy } from '../config';
import type { AwsResourceKind, FlowKind } from './addons';
import { defaults, dotNode, escapeHtml, html, subgraph, type DotAttributes } from './dot';

/** Font of every diagram (Graphviz's built-in metrics know it, so layout needs no font files). */
export const FONT = 'Helvetica';

/** Node fill and border per tenancy: dedicated is warm and double-bordered, default is cool. */
export const TENANCY_STYLE: Readonly<Record<Tenancy, { readonly fill: string; readonly border: string; readonly peripheries: number }>> = {
  dedicated: { fill: '#f8cbad', border: '#c55a11', peripheries: 2 },
  default: { fill: '#bdd7ee', border: '#2e75b6', peripheries: 1 },
};

/** Attributes of a node group node of `tenancy` (fill, border, SVG class `tenancy-<t>`). */
export function tenancyAttributes(tenancy: Tenancy, extraClass = ''): DotAttributes {
  const s = TENANCY_STYLE[tenancy];
  return {
    class: `nodegroup tenancy-${tenancy}${extraClass ? ` ${extraClass}` : ''}`,
    shape: 'box', style: 'rounded,filled', fillcolor: s.fill, color: s.border, peripheries: s.peripheries,
  };
}

/** Edge style per data path. */
export const FLOW_STYLE: Readonly<Record<FlowKind | 'aws' | 'placement', { readonly color: string; readonly style: string; readonly legend: string }>> = {
  logs: { color: '#2e7d32', style: 'bold', legend: 'log path' },
  metrics: { color: '#6a1b9a', style: 'dashed', legend: 'metrics path' },
  control: { color: '#455a64', style: 'dashed', legend: 'control (scales, manages)' },
  aws: { color: '#8c8c8c', style: 'dotted', legend: 'uses AWS resource (IRSA role, bucket, key)' },
  placement: { color: '#b0b0b0', style: 'dotted', legend: 'node group runs in subnet' },
};

/** Attributes of an edge of `kind` with `label`. */
export function flowAttributes(kind: keyof typeof FLOW_STYLE, label?: string): DotAttributes {
  const s = FLOW_STYLE[kind];
  return { class: `flow-${kind}`, color: s.color, fontcolor: s.color, style: s.style, label, ...(kind === 'placement' ? { arrowhead: 'none' } : {}) };
}

/** Shape, fill and caption per AWS resource kind. */
export const RESOURCE_STYLE: Readonly<Record<AwsResourceKind, { readonly shape: string; readonly fill: string; readonly caption: string }>> = {
  'iam-role': { shape: 'box', fill: '#fff2cc', caption: 'IAM role' },
  's3-bucket': { shape: 'cylinder', fill: '#e2f0d9', caption: 'S3 bucket' },
  'kms-key': { shape: 'component', fill: '#fbe5d6', caption: 'KMS key' },
};

/** The graph, node and edge defaults every diagram starts with. */
export function baseDefaults(): string[] {
  return [
    defaults('graph', { fontname: FONT, fontsize: 11, rankdir: 'LR', compound: true, newrank: true, nodesep: 0.25, ranksep: 0.6, pad: 0.2 }),
    defaults('node', { fontname: FONT, fontsize: 10, shape: 'box', style: 'rounded,filled', fillcolor: 'white' }),
    defaults('edge', { fontname: FONT, fontsize: 9 }),
  ];
}

/** The legend box: the two tenancy fills, and each edge style `kinds` uses. */
export function legend(kinds: readonly (keyof typeof FLOW_STYLE)[]): string[] {
  const rows = kinds.map((k) => {
    const s = FLOW_STYLE[k];
    const line = s.style === 'dotted' ? '&#183; &#183; &#183; &#183;' : s.style === 'dashed' ? '- - - -' : '&#8212;&#8212;&#8212;';
    return `<tr><td align="left"><font color="${s.color}">${line}&gt;</font></td><td align="left">${escapeHtml(s.legend)}</td></tr>`;
  });
  const tenancy = (t: Tenancy, text: string) => dotNode(`legend:tenancy-${t}`, {
    ...tenancyAttributes(t, 'legend'), label: html(`<b>${t}</b> tenancy<br/>${escapeHtml(text)}`),
  });
  return subgraph('cluster_legend', { label: html('<b>Legend</b>'), labelloc: 't', style: 'rounded', color: '#bfbfbf' }, [
    tenancy('dedicated', 'EC2 Dedicated Instances ($2/h region fee)'),
    tenancy('default', 'shared hardware'),
    dotNode('legend:edges', { shape: 'plaintext', style: 'solid', label: html(`<table border="0" cellspacing="2">${rows.join('')}</table>`) }),
  ]);
}
