/**
 * Name formats the Kubernetes API server enforces (k8s.io/apimachinery/pkg/util/validation).
 * Each function returns why `value` is invalid, or `undefined` when it is valid.
 */

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const IANA_SVC_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function tooLong(value: string, max: number): string | undefined {
  return value.length > max ? `must be at most ${max} characters, got ${value.length}` : undefined;
}

/** DNS-1123 subdomain: most object names (Deployment, ConfigMap, Secret, ...). */
export function subdomainProblem(value: string): string | undefined {
  return tooLong(value, 253)
    ?? (DNS1123_SUBDOMAIN.test(value) ? undefined
      : "must be a DNS-1123 subdomain: lowercase a-z, 0-9, '-' and '.', starting and ending with a letter or digit");
}

/** DNS-1123 label: Namespace names, container, volume and Service port names. */
export function labelProblem(value: string): string | undefined {
  return tooLong(value, 63)
    ?? (DNS1123_LABEL.test(value) ? undefined
      : "must be a DNS-1123 label: lowercase a-z, 0-9 and '-', starting and ending with a letter or digit");
}

/** RFC 1035 label: Service names (they become DNS names and environment variable prefixes). */
export function rfc1035Problem(value: string): string | undefined {
  return tooLong(value, 63)
    ?? (DNS1035_LABEL.test(value) ? undefined
      : "must be an RFC 1035 label: lowercase a-z, 0-9 and '-', starting with a letter and ending with a letter or digit");
}

/** IANA_SVC_NAME: container port names (what a Service's named targetPort refers to). */
export function ianaSvcNameProblem(value: string): string | undefined {
  const length = tooLong(value, 15);
  if (length) return length;
  if (!IANA_SVC_NAME.test(value)) {
    return "must be an IANA service name: lowercase a-z, 0-9 and '-', starting and ending with a letter or digit";
  }
  if (value.includes('--')) return "must not contain '--'";
  if (!/[a-z]/.test(value)) return 'must contain at least one letter';
  return undefined;
}

/** Path segment: RBAC object names (`system:aggregate-to-edit` is valid). */
export function pathSegmentProblem(value: string): string | undefined {
  if (value === '.' || value === '..') return `may not be '${value}'`;
  if (value.includes('/')) return "may not contain '/'";
  if (value.includes('%')) return "may not contain '%'";
  return undefined;
}

/** Label and annotation keys: `[prefix/]name`, prefix a DNS-1123 subdomain. */
export function qualifiedNameProblem(key: string): string | undefined {
  const parts = key.split('/');
  if (parts.length > 2) return "must be 'name' or 'prefix/name' (one '/' at most)";
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (prefix !== undefined) {
    if (prefix === '') return 'prefix before / must not be empty';
    const problem = subdomainProblem(prefix);
    if (problem) return `prefix '${prefix}' ${problem}`;
  }
  if (name === '') return 'name part must not be empty';
  if (name.length > 63) return `name part must be at most 63 characters, got ${name.length}`;
  return QUALIFIED_NAME.test(name) ? undefined
    : "name part must be A-Z, a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit";
}

/** Label values: empty, or at most 63 of `[A-Za-z0-9_.-]` starting and ending alphanumeric. */
export function labelValueProblem(value: unknown): string | undefined {
  if (typeof value !== 'string') return `must be a string, got ${JSON.stringify(value)}`;
  return tooLong(value, 63)
    ?? (LABEL_VALUE.test(value) ? undefined
      : "must be empty or A-Z, a-z, 0-9, '-', '_' and '.', starting and ending with a letter or digit");
}
