/**
 * The one YAML writer of the library (js-yaml): config files the add-ons emit and the synth's
 * manifests. One serializer means one set of quoting rules, and only one YAML library's code
 * gets warmed up in a synth run (cold JIT dominates a 0.5 s synth).
 */
import { dump } from 'js-yaml';

/**
 * `value` as a YAML document: block style, no line folding, no anchors/aliases, keys in
 * insertion order. Strings that would read as another type (`'true'`, `'2024-01-01'`) are quoted.
 */
export function toYaml(value: unknown): string {
  return dump(value, { noRefs: true, lineWidth: -1, sortKeys: false });
}
