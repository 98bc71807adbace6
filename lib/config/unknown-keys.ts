/**
 * Unknown keys are errors: a key the config types do not declare (`fluentbit` for `fluentBit`,
 * in a variable that escapes tsc's excess-property check, or in plain JS) would otherwise be
 * ignored and its section silently dropped.
 *
 * The known keys are never listed by hand: they come from `account-schema.json`, the JSON schema
 * that `npm run schema` generates from `AccountConfig` (test/config/account-schema.test.ts fails
 * when the committed file no longer matches the types).
 */
import { distance } from 'fastest-levenshtein';
import ACCOUNT_SCHEMA from './account-schema.json';
import { isRecord, show, type ProblemCollector } from './problems';

/** The parts of a JSON schema (draft 7, as ts-json-schema-generator writes it) the walk reads. */
interface SchemaNode {
  readonly $ref?: string;
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: boolean | SchemaNode;
  readonly items?: SchemaNode | readonly SchemaNode[];
  readonly anyOf?: readonly SchemaNode[];
  readonly oneOf?: readonly SchemaNode[];
  readonly allOf?: readonly SchemaNode[];
  readonly const?: unknown;
  readonly enum?: readonly unknown[];
}

interface Schema extends SchemaNode {
  readonly definitions?: Readonly<Record<string, SchemaNode>>;
}

const ROOT: Schema = ACCOUNT_SCHEMA as unknown as Schema; // via unknown: the inferred type of a large generated union is not comparable

function resolve(node: SchemaNode, root: Schema): SchemaNode {
  let n = node;
  for (let hops = 0; n.$ref !== undefined && hops < 100; hops++) {
    const name = decodeURIComponent(n.$ref.replace(/^#\/definitions\//, ''));
    const target = root.definitions?.[name];
    if (target === undefined) throw new Error(`account schema: unresolved $ref ${n.$ref}; run 'npm run schema'.`);
    n = target;
  }
  return n;
}

/** The alternatives a value may match: unions flattened, references followed. */
function branches(node: SchemaNode, root: Schema): SchemaNode[] {
  const n = resolve(node, root);
  const alternatives = n.anyOf ?? n.oneOf;
  if (alternatives) return alternatives.flatMap((b) => branches(b, root));
  if (n.allOf) {
    // An intersection: one object declaring every member's keys.
    const parts = n.allOf.flatMap((b) => branches(b, root));
    const properties = Object.assign({}, ...parts.map((b) => b.properties ?? {})) as Record<string, SchemaNode>;
    const open = parts.find((b) => b.additionalProperties !== undefined && b.additionalProperties !== false);
    return [{ type: 'object', properties, additionalProperties: open?.additionalProperties ?? false }];
  }
  return [n];
}

function isObjectSchema(n: SchemaNode): boolean {
  return n.type === 'object' || n.properties !== undefined || n.additionalProperties !== undefined;
}

function isArraySchema(n: SchemaNode): boolean {
  return n.type === 'array' || n.items !== undefined;
}

/** The single value a property must hold (a union's discriminant), if it has one. */
function constantOf(node: SchemaNode, root: Schema): unknown {
  const n = resolve(node, root);
  if ('const' in n) return n.const;
  return n.enum?.length === 1 ? n.enum[0] : undefined;
}

/**
 * The object branches `value` can be: those whose discriminants (`mode: 'managed'`, `kind:
 * 'admin'`) it matches; all of them when it matches none (that is reported by the field's own
 * check, and its keys are then checked against every branch).
 */
function candidates(objects: SchemaNode[], value: Record<string, unknown>, root: Schema): SchemaNode[] {
  const matching = objects.filter((b) => Object.entries(b.properties ?? {}).every(([k, s]) => {
    const c = constantOf(s, root);
    return c === undefined || !(k in value) || value[k] === c;
  }));
  return matching.length > 0 ? matching : objects;
}

/** The closest of `known` to a misspelt `key` (same letters in another case first), if any is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = known.find((k) => k.toLowerCase() === lower);
  if (sameCase !== undefined) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = distance(lower, k.toLowerCase());
    if (d < bestDistance) {
      best = k;
      bestDistance = d;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** When `key` belongs to union variants that `value`'s discriminant ruled out: which ones. */
function otherVariants(all: SchemaNode[], chosen: SchemaNode[], value: Record<string, unknown>, key: string, root: Schema): { discriminant: string; values: unknown[] } | undefined {
  const owners = all.filter((b) => !chosen.includes(b) && b.properties !== undefined && Object.prototype.hasOwnProperty.call(b.properties, key));
  for (const [name, s] of Object.entries(owners[0]?.properties ?? {})) {
    if (!(name in value) || constantOf(s, root) === undefined) continue;
    return { discriminant: name, values: owners.map((b) => (b.properties?.[name] ? constantOf(b.properties[name], root) : undefined)).filter((v) => v !== undefined) };
  }
  return undefined;
}

function childPath(path: string, key: string): string {
  const segment = /^[A-Za-z_$][\w$]*$/.test(key) ? key : JSON.stringify(key);
  if (path === '') return segment;
  return segment.startsWith('"') ? `${path}[${segment}]` : `${path}.${segment}`;
}

function walk(value: unknown, node: SchemaNode, path: string, root: Schema, p: ProblemCollector): void {
  const all = branches(node, root);
  if (Array.isArray(value)) {
    const arrays = all.filter(isArraySchema);
    value.forEach((item: unknown, i) => {
      const itemSchemas = arrays.flatMap((a) => (Array.isArray(a.items) ? (a.items[i] === undefined ? [] : [a.items[i]]) : a.items === undefined ? [] : [a.items as SchemaNode]));
      if (itemSchemas.length > 0) walk(item, { anyOf: itemSchemas }, `${path}[${i}]`, root, p);
    });
    return;
  }
  if (!isRecord(value)) return;
  const objects = candidates(all.filter(isObjectSchema), value, root);
  if (objects.length === 0) return; // a wrong type: the field's own check reports it
  for (const [key, child] of Object.entries(value)) {
    const declared = objects.flatMap((b) => (b.properties && Object.prototype.hasOwnProperty.call(b.properties, key) ? [b.properties[key]] : []));
    if (declared.length > 0) {
      walk(child, { anyOf: declared }, childPath(path, key), root, p);
      continue;
    }
    const open = objects.map((b) => b.additionalProperties).filter((a): a is true | SchemaNode => a !== undefined && a !== false);
    if (open.length > 0) {
      const schemas = open.filter((a): a is SchemaNode => a !== true);
      if (schemas.length === open.length) walk(child, { anyOf: schemas }, childPath(path, key), root, p);
      continue;
    }
    const elsewhere = otherVariants(all.filter(isObjectSchema), objects, value, key, root);
    if (elsewhere !== undefined) {
      p.add(childPath(path, key), `unknown key for ${elsewhere.discriminant} ${show(value[elsewhere.discriminant])}: only ${elsewhere.discriminant} ${elsewhere.values.map(show).join(' or ')} declares it.`);
      continue;
    }
    const known = [...new Set(objects.flatMap((b) => Object.keys(b.properties ?? {})))];
    const guess = closestKey(key, known);
    p.add(childPath(path, key), guess !== undefined
      ? `unknown key; did you mean '${guess}'? (A key the config types do not declare would be ignored.)`
      : `unknown key; the keys here are ${known.map((k) => `'${k}'`).join(', ') || 'none'}. (A key the config types do not declare would be ignored.)`);
  }
}

/**
 * Report every key of `account`, at any depth, that the `AccountConfig` types do not declare,
 * with its path and the closest declared key (`clusters[0].addons.fluentbit: unknown key; did you
 * mean 'fluentBit'?`). Values of the wrong type are left to the fields' own checks.
 */
export function validateKnownKeys(account: unknown, p: ProblemCollector): void {
  walk(account, ROOT, '', ROOT, p);
}
