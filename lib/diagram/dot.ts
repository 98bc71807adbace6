/**
 * The few pieces of Graphviz DOT syntax the diagrams need: quoted ids, attribute lists,
 * HTML-like labels with their text escaped. Pure string functions; layout is Graphviz's.
 * Syntax: graphviz.org/doc/info/lang.html and graphviz.org/doc/info/shapes.html#html.
 */

/** An HTML-like label: written between `<` and `>` instead of quotes. */
export interface HtmlLabel {
  /** The label's markup; text in it must already be escaped with {@link escapeHtml}. */
  readonly html: string;
}

/** The value of a DOT attribute; `undefined` leaves the attribute out. */
export type DotValue = string | number | boolean | HtmlLabel | undefined;

/** DOT attributes, written in insertion order (so the output is stable). */
export type DotAttributes = Readonly<Record<string, DotValue>>;

/** Wrap markup as an HTML-like label. */
export function html(markup: string): HtmlLabel {
  return { html: markup };
}

/** Escape text for an HTML-like label (`&`, `<`, `>`, `"`). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A DOT double-quoted string: backslashes, quotes and newlines escaped. */
export function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

function value(v: Exclude<DotValue, undefined>): string {
  if (typeof v === 'object') return `<${v.html}>`;
  return quote(String(v));
}

/** `[a="1", label=<...>]`, or the empty string when no attribute is set. */
export function attributeList(attrs: DotAttributes): string {
  const parts = Object.entries(attrs).filter((e): e is [string, Exclude<DotValue, undefined>] => e[1] !== undefined).map(([k, v]) => `${k}=${value(v)}`);
  return parts.length === 0 ? '' : ` [${parts.join(', ')}]`;
}

/**
 * A node statement. The node's SVG element gets the same `id` (Graphviz's `id` attribute), so
 * a reader or a test finds it by the id given here.
 */
export function dotNode(id: string, attrs: DotAttributes = {}): string {
  return `${quote(id)}${attributeList({ id, ...attrs })};`;
}

/** An edge statement of a directed graph. */
export function dotEdge(from: string, to: string, attrs: DotAttributes = {}): string {
  return `${quote(from)} -> ${quote(to)}${attributeList(attrs)};`;
}

/** Graph, node or edge defaults: `graph [...]`, `node [...]`, `edge [...]`. */
export function defaults(kind: 'graph' | 'node' | 'edge', attrs: DotAttributes): string {
  return `${kind}${attributeList(attrs)};`;
}

/**
 * A subgraph; a `cluster_` prefix on `id` makes Graphviz draw it as a box. Its statements are
 * indented by two spaces.
 */
export function subgraph(id: string, attrs: DotAttributes, body: readonly string[]): string[] {
  const own = Object.entries(attrs).filter((e): e is [string, Exclude<DotValue, undefined>] => e[1] !== undefined).map(([k, v]) => `  ${k}=${value(v)};`);
  return [`subgraph ${quote(id)} {`, ...own, ...body.map((line) => `  ${line}`), '}'];
}

/** A whole directed graph, one statement per line, ending in a newline. */
export function digraph(id: string, body: readonly string[]): string {
  return [`digraph ${quote(id)} {`, ...body.map((line) => `  ${line}`), '}', ''].join('\n');
}

/** An HTML table row of cells, each cell's text escaped. */
export function tableRow(cells: readonly string[], attrs = ''): string {
  return `<tr>${cells.map((c) => `<td${attrs}>${escapeHtml(c)}</td>`).join('')}</tr>`;
}

/** Thousands separators, `en-US`: 8187 -> `8,187`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** US dollars with cents and thousands separators: `$1,460.00`. */
export function formatUsd(n: number): string {
  return `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
