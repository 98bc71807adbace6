/**
 * Upstream schema validation through `kubernetes-models` (generated from the Kubernetes
 * OpenAPI spec; one model class per kind, each with a precompiled ajv `validate()`).
 *
 * Loading: kubernetes-models 5 is ESM-only and its package `exports` only has an `import`
 * condition. Jest runs our tests as CommonJS in a sandbox whose `require` (and even
 * `module.createRequire`/`process.getBuiltinModule`) refuses ES modules, and dynamic
 * `import()` needs `--experimental-vm-modules`. Node itself (>= 20.19) can `require()` an
 * ES module, so we take Node's own `require` from the host realm (`vm.runInThisContext`
 * evaluates outside jest's sandbox) and load model files by absolute path, which bypasses
 * the `exports` map. Modules are then cached by Node for the whole worker process, so each
 * model is compiled once per jest worker rather than once per test file.
 *
 * The model for `apiVersion` + `kind` lives at `kubernetes-models/<apiVersion>/<kind>.js`
 * (`v1/Service.js`, `apps/v1/Deployment.js`, `rbac.authorization.k8s.io/v1/Role.js`), so the
 * lookup needs no table: only the kinds that appear are ever loaded.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vm from 'vm';

/** One ajv error as kubernetes-models reports it (after its English localisation). */
interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}

interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  new (data: unknown): { validate(): void };
}

/** A schema problem: `path` is dotted (`spec.template.spec.containers[0].image`). */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

let hostRequire: NodeRequire | undefined;
let packageDir: string | undefined;
const models = new Map<string, ModelClass | null>();

const API_VERSION = /^(?:[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+(?:(?:alpha|beta)[0-9]+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function loadHostRequire(): NodeRequire {
  if (hostRequire) return hostRequire;
  // The host realm's `process` (jest gives test code a copy whose module functions are wrapped).
  const realProcess = vm.runInThisContext('process') as NodeJS.Process & {
    getBuiltinModule?: (id: string) => unknown;
  };
  if (typeof realProcess.getBuiltinModule !== 'function') {
    throw new Error(`k8s-validate: kubernetes-models needs Node >= 20.19 (require of ES modules), running ${process.version}.`);
  }
  const mod = realProcess.getBuiltinModule('module') as typeof import('module');
  hostRequire = mod.createRequire(__filename);
  return hostRequire;
}

function modelsDir(): string {
  packageDir ??= path.dirname(loadHostRequire().resolve('kubernetes-models/package.json'));
  return packageDir;
}

/**
 * Custom-resource groups whose kinds are validated against their project's own schema, from a
 * `@kubernetes-models/*` package laid out like kubernetes-models (`<group>/<version>/<Kind>.js`):
 * group -> package. The package's version must match the release the library pins.
 */
const THIRD_PARTY_MODELS: Record<string, string> = {
  // Argo Workflows 4 (models generated from github.com/argoproj/argo-workflows/v4).
  'argoproj.io': '@kubernetes-models/argo-workflows',
};

/**
 * The kubernetes-models class for `apiVersion` + `kind`, or `undefined` when the package has
 * none (a custom resource or a typo). It still has long-removed API versions such as
 * `apps/v1beta2`: see {@link removedApiReplacement}.
 */
export function modelFor(apiVersion: string, kind: string): ModelClass | undefined {
  const key = `${apiVersion}|${kind}`;
  const cached = models.get(key);
  if (cached !== undefined) return cached ?? undefined;
  let found: ModelClass | null = null;
  if (API_VERSION.test(apiVersion) && KIND.test(kind)) {
    const thirdParty = THIRD_PARTY_MODELS[apiVersion.split('/')[0]];
    const base = thirdParty ? path.dirname(loadHostRequire().resolve(`${thirdParty}/package.json`)) : modelsDir();
    const file = path.join(base, ...apiVersion.split('/'), `${kind}.js`);
    if (fs.existsSync(file)) {
      const exported = (loadHostRequire()(file) as Record<string, ModelClass | undefined>)[kind];
      // Guards against sub-types (`DeploymentSpec`), which have a file but no apiVersion/kind.
      if (exported && exported.kind === kind && exported.apiVersion === apiVersion) found = exported;
    }
  }
  models.set(key, found);
  return found ?? undefined;
}

/** Dotted path from an ajv instancePath: `/spec/ports/0/port` -> `spec.ports[0].port`. */
function dotted(instancePath: string): string {
  let out = '';
  for (const raw of instancePath.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (/^[0-9]+$/.test(part)) out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out ? `.${part}` : part;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out || '(object)';
}

function valueAt(root: unknown, instancePath: string): unknown {
  let value: any = root;
  for (const raw of instancePath.split('/').slice(1)) {
    if (value === null || typeof value !== 'object') return undefined;
    value = value[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return value;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function messageOf(error: AjvError): string {
  const base = error.message ?? error.keyword;
  if (error.keyword === 'enum' && Array.isArray(error.params.allowedValues)) {
    return `${base}: ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  }
  return base;
}

/**
 * Turns ajv's errors into one problem per path: an int-or-string or quantity field that fails
 * both branches of its `oneOf` reads "must be string or must be integer", not three errors.
 */
function toProblems(object: unknown, errors: readonly AjvError[]): SchemaProblem[] {
  const byPath = new Map<string, AjvError[]>();
  for (const error of errors) {
    const list = byPath.get(error.instancePath) ?? [];
    list.push(error);
    byPath.set(error.instancePath, list);
  }
  const problems: SchemaProblem[] = [];
  for (const [instancePath, list] of byPath) {
    for (const error of list.filter((e) => e.keyword === 'required')) {
      problems.push({ path: dotted(`${instancePath}/${String(error.params.missingProperty)}`), message: 'is required' });
    }
    if (list.every((e) => e.keyword === 'required')) continue;
    const alternatives = list.some((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
    const skip = new Set(['oneOf', 'anyOf', 'required']);
    const messages = [...new Set(list.filter((e) => !skip.has(e.keyword)).map(messageOf))];
    const received = `, got ${preview(valueAt(object, instancePath))}`;
    const texts = alternatives || messages.length === 0 ? [messages.join(' or ') || 'matches none of the allowed schemas'] : messages;
    for (const text of texts) problems.push({ path: dotted(instancePath), message: `${text}${received}` });
  }
  return problems;
}

/**
 * API versions kubernetes-models still ships but current Kubernetes no longer serves
 * (see the upstream deprecated-API migration guide), with their replacement. `kinds` limits an
 * entry to the kinds that were removed when the group version later served new kinds.
 */
const REMOVED_APIS: Record<string, { readonly use: string; readonly kinds?: readonly string[] }> = {
  'extensions/v1beta1': { use: 'apps/v1 (workloads) or networking.k8s.io/v1 (Ingress, NetworkPolicy)' },
  'apps/v1beta1': { use: 'apps/v1' },
  'apps/v1beta2': { use: 'apps/v1' },
  'batch/v1beta1': { use: 'batch/v1' },
  'policy/v1beta1': { use: 'policy/v1 (PodSecurityPolicy has no replacement: use Pod Security admission)' },
  'autoscaling/v2beta1': { use: 'autoscaling/v2' },
  'autoscaling/v2beta2': { use: 'autoscaling/v2' },
  'rbac.authorization.k8s.io/v1beta1': { use: 'rbac.authorization.k8s.io/v1' },
  'apiextensions.k8s.io/v1beta1': { use: 'apiextensions.k8s.io/v1' },
  'apiregistration.k8s.io/v1beta1': { use: 'apiregistration.k8s.io/v1' },
  'scheduling.k8s.io/v1beta1': { use: 'scheduling.k8s.io/v1' },
  'node.k8s.io/v1beta1': { use: 'node.k8s.io/v1' },
  'discovery.k8s.io/v1beta1': { use: 'discovery.k8s.io/v1' },
  'events.k8s.io/v1beta1': { use: 'events.k8s.io/v1' },
  'authorization.k8s.io/v1beta1': { use: 'authorization.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta1': { use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta2': { use: 'flowcontrol.apiserver.k8s.io/v1' },
  'flowcontrol.apiserver.k8s.io/v1beta3': { use: 'flowcontrol.apiserver.k8s.io/v1' },
  'networking.k8s.io/v1beta1': { use: 'networking.k8s.io/v1', kinds: ['Ingress', 'IngressClass'] },
  'storage.k8s.io/v1beta1': {
    use: 'storage.k8s.io/v1', kinds: ['StorageClass', 'CSIDriver', 'CSINode', 'VolumeAttachment', 'CSIStorageCapacity'],
  },
  'admissionregistration.k8s.io/v1beta1': {
    use: 'admissionregistration.k8s.io/v1', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
  },
  'certificates.k8s.io/v1beta1': { use: 'certificates.k8s.io/v1', kinds: ['CertificateSigningRequest'] },
  'coordination.k8s.io/v1beta1': { use: 'coordination.k8s.io/v1', kinds: ['Lease'] },
};

/** The apiVersion to use instead, when `apiVersion` + `kind` is no longer served by Kubernetes. */
export function removedApiReplacement(apiVersion: string, kind: string): string | undefined {
  const removed = REMOVED_APIS[apiVersion];
  return removed && (!removed.kinds || removed.kinds.includes(kind)) ? removed.use : undefined;
}

/**
 * An Argo object in the shape its models expect. Argo's `ParallelSteps` serialises as a bare
 * list (`steps: [[step, ...], ...]`, what Argo and its docs use) but its model, generated from
 * the Go struct, reads `{steps: [...]}` (the model's own comment says "There isn't actually a
 * 'steps' key in the JSON serialization"); every template's `steps` entries are wrapped so.
 */
function argoModelForm(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    return key === 'steps' && value.every(Array.isArray)
      ? value.map((group) => ({ steps: (group as unknown[]).map((v) => argoModelForm(v)) }))
      : value.map((v) => argoModelForm(v));
  }
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, argoModelForm(v, k)]));
}

/** Schema problems of one object whose model exists (see {@link modelFor}); empty when valid. */
export function schemaProblems(model: ModelClass, object: unknown): SchemaProblem[] {
  try {
    if (model.apiVersion.startsWith('argoproj.io/')) object = argoModelForm(object);
    // The constructor drops `undefined` fields, as JSON serialisation to the API server would.
    new model(object).validate();
    return [];
  } catch (error) {
    // The error comes from the host realm, so `instanceof Error` is false here.
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!Array.isArray(errors)) throw error;
    return toProblems(object, errors);
  }
}
