/**
 * What every add-on section shares: the CPU and memory of a container, its defaults and
 * validation, the size limits of a volume, and the whole-number range check every section's
 * validator uses. Plain data and pure functions; the Kubernetes rendering of
 * {@link ContainerResources} is `resourceRequirements()` in `lib/k8s/common.ts`.
 */
import { show, type ProblemCollector } from './problems';

/**
 * CPU and memory of one container. Memory request and limit are the same value (a log
 * pipeline that is OOM-killed under node pressure loses its in-memory buffers).
 */
export interface ContainerResources {
  /** CPU request, in millicores (1000 = one core). */
  readonly cpuMillicores?: number;
  /**
   * CPU limit, in millicores.
   * @default - no CPU limit: a throttled log pipeline falls behind exactly when logs peak
   */
  readonly cpuLimitMillicores?: number;
  /** Memory request and limit, in MiB. */
  readonly memoryMiB?: number;
}

/** What an add-on requests for a container whose {@link ContainerResources} leave a field out. */
export type ContainerResourceDefaults = Required<Pick<ContainerResources, 'cpuMillicores' | 'memoryMiB'>>;

/** {@link ContainerResources} with the defaults applied: a CPU request and memory always, a CPU limit only when asked. */
export type ResolvedContainerResources = ContainerResources & ContainerResourceDefaults;

/** `resources` with `defaults` filling in the CPU request and memory it leaves out. */
export function withResourceDefaults(resources: ContainerResources | undefined, defaults: ContainerResourceDefaults): ResolvedContainerResources {
  return {
    cpuMillicores: resources?.cpuMillicores ?? defaults.cpuMillicores,
    memoryMiB: resources?.memoryMiB ?? defaults.memoryMiB,
    ...(resources?.cpuLimitMillicores !== undefined ? { cpuLimitMillicores: resources.cpuLimitMillicores } : {}),
  };
}

/** The whole numbers a field accepts, for {@link checkInteger}. */
export interface IntegerRange {
  /** Smallest value accepted. */
  readonly min: number;
  /**
   * Largest value accepted.
   * @default - no upper bound
   */
  readonly max?: number;
  /**
   * Unit named in the message: `'minutes'` reads "a whole number of minutes".
   * @default - none
   */
  readonly unit?: string;
  /**
   * Why the bounds are what they are, in parentheses after them.
   * @default - none
   */
  readonly why?: string;
}

/**
 * Reports `value`, when it is set, unless it is a whole number within `range`, as
 * `must be a whole number[ of <unit>] from <min> to <max>[ (<why>)], got <value>.` (or
 * `of at least <min>` when the range has no maximum).
 * @returns true when the value is set and valid, so a caller can go on to compare it with
 *   other fields; false when it is unset or was reported
 */
export function checkInteger(value: unknown, range: IntegerRange, path: string, problems: ProblemCollector): boolean {
  if (value === undefined) return false;
  const { min, max } = range;
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && (max === undefined || value <= max)) return true;
  const unit = range.unit ? ` of ${range.unit}` : '';
  const bounds = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  const why = range.why ? ` (${range.why})` : '';
  problems.add(path, `must be a whole number${unit} ${bounds}${why}, got ${show(value)}.`);
  return false;
}

/** CPU requests and limits, in millicores: up to 256 cores. */
const CPU_MILLICORES: IntegerRange = { min: 1, max: 256000 };
/** Memory, in MiB: 16 MiB to 1 TiB. */
const MEMORY_MIB: IntegerRange = { min: 16, max: 1048576 };

/**
 * Check a {@link ContainerResources}; report every problem under `path`. With `defaults`,
 * also reject a CPU limit below the default CPU request when no request is given (the API
 * server refuses a request above its limit).
 */
export function validateContainerResources(
  resources: ContainerResources, path: string, problems: ProblemCollector, defaults?: ContainerResourceDefaults,
): void {
  checkInteger(resources.cpuMillicores, CPU_MILLICORES, `${path}.cpuMillicores`, problems);
  checkInteger(resources.memoryMiB, MEMORY_MIB, `${path}.memoryMiB`, problems);
  if (!checkInteger(resources.cpuLimitMillicores, CPU_MILLICORES, `${path}.cpuLimitMillicores`, problems)) return;
  const limit = resources.cpuLimitMillicores!;
  if (Number.isInteger(resources.cpuMillicores)) {
    if (limit < resources.cpuMillicores!) {
      problems.add(`${path}.cpuLimitMillicores`, `must be at least cpuMillicores (${resources.cpuMillicores}), got ${limit}.`);
    }
  } else if (resources.cpuMillicores === undefined && defaults !== undefined && limit < defaults.cpuMillicores) {
    problems.add(`${path}.cpuLimitMillicores`, `must be at least the default CPU request (${defaults.cpuMillicores}), got ${limit}; set cpuMillicores too to request less.`);
  }
}

/** Sizes of an EBS volume (gp3, the default StorageClass), in GiB: 1 GiB to 16 TiB. */
export const EBS_VOLUME_SIZE_GIB: IntegerRange = { min: 1, max: 16384 };

/** Kubernetes object names of the DNS-1123 subdomain kind (StorageClass names among them). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** True when `value` is a valid StorageClass name: a lower-case DNS-1123 subdomain of at most 253 characters. */
export function isStorageClassName(value: unknown): value is string {
  return typeof value === 'string' && value.length <= 253 && DNS_SUBDOMAIN.test(value);
}
