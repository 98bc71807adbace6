/**
 * Reads a Graphviz SVG back as data for the diagram tests: every node, edge and cluster
 * (Graphviz draws them as sibling `<g>` elements) with its id, classes, title, texts, fills
 * and bounding box. Parsed with fast-xml-parser, so a malformed SVG fails the parse.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One drawn element. */
export interface SvgElement {
  /** `node`, `edge` or `cluster`. */
  readonly kind: string;
  /** The SVG id (the DOT `id` for nodes). */
  readonly id: string;
  /** Classes after the kind, e.g. `nodegroup`, `tenancy-dedicated`. */
  readonly classes: readonly string[];
  /** The `<title>`: the node or subgraph name, or `from->to` for an edge. */
  readonly title: string;
  /** Every text line, in order. */
  readonly texts: readonly string[];
  /** How many shapes (paths, polygons) draw it: 2 for a double border. */
  readonly shapes: number;
  /** Fill colours of its shapes. */
  readonly fills: readonly string[];
  /** Bounding box of its shapes' coordinates. */
  readonly box: { readonly x0: number; readonly y0: number; readonly x1: number; readonly y1: number };
}

type Raw = Record<string, any>;

function coordinates(shapes: readonly Raw[]): number[][] {
  return shapes.flatMap((s) => {
    const nums = String(s.d ?? s.points ?? '').match(/-?\d+(\.\d+)?/g)?.map(Number) ?? [];
    const pairs: number[][] = [];
    for (let i = 0; i + 1 < nums.length; i += 2) pairs.push([nums[i], nums[i + 1]]);
    return pairs;
  });
}

/** Parse an SVG written by Graphviz; throws when it is not well-formed XML. */
export function parseSvg(svg: string): SvgElement[] {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false, attributeNamePrefix: '', htmlEntities: true,
    isArray: (name) => ['g', 'text', 'path', 'polygon', 'ellipse', 'title', 'polyline'].includes(name),
  });
  const doc = parser.parse(svg);
  const graph: Raw = doc.svg.g[0];
  return (graph.g ?? []).map((g: Raw) => {
    const [kind, ...classes] = String(g.class).split(/\s+/);
    const shapes: Raw[] = [...(g.path ?? []), ...(g.polygon ?? [])];
    const pts = coordinates(shapes);
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    return {
      kind, id: String(g.id), classes, title: String(g.title?.[0] ?? ''), shapes: shapes.length,
      texts: (g.text ?? []).map((t: Raw) => String(t['#text'] ?? '')),
      fills: shapes.map((s) => String(s.fill)).filter((f) => f !== 'none' && f !== 'undefined'),
      box: { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) },
    };
  });
}

/** The element with this id (a node) or title (a cluster or edge); throws naming what exists. */
export function find(elements: readonly SvgElement[], kind: string, idOrTitle: string): SvgElement {
  const found = elements.find((e) => e.kind === kind && (e.id === idOrTitle || e.title === idOrTitle));
  if (!found) throw new Error(`no ${kind} '${idOrTitle}' in the SVG; ${kind}s: ${elements.filter((e) => e.kind === kind).map((e) => e.title).join(', ')}`);
  return found;
}

/** True when `inner`'s box lies within `outer`'s. */
export function inside(inner: SvgElement, outer: SvgElement): boolean {
  return inner.box.x0 >= outer.box.x0 && inner.box.x1 <= outer.box.x1 && inner.box.y0 >= outer.box.y0 && inner.box.y1 <= outer.box.y1;
}

/** Titles (`from->to`) of the edges with class `flow-<kind>`. */
export function edges(elements: readonly SvgElement[], kind: string): string[] {
  return elements.filter((e) => e.kind === 'edge' && e.classes.includes(`flow-${kind}`)).map((e) => e.title).sort();
}

/** All text of the element, one line per text span, joined by spaces. */
export function text(e: SvgElement): string {
  return e.texts.join(' ');
}
