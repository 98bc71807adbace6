/** One thing wrong with an account's configuration. */
export interface ConfigProblem {
  /** Field path from the account root, e.g. `clusters[0].nodeGroups[1].minSize`. */
  readonly path: string;
  /** What is wrong, the value received and the fix. */
  readonly message: string;
}

/**
 * Collects every problem of a configuration instead of stopping at the first one.
 * Validators take a collector and a path prefix, so sections can be checked by the module
 * that owns them.
 */
export class ProblemCollector {
  private readonly list: ConfigProblem[] = [];

  /** Record a problem at `path`. */
  public add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  /** Every problem recorded so far, in the order found. */
  public get problems(): readonly ConfigProblem[] {
    return this.list;
  }
}

/**
 * Render a received value for an error message: strings quoted, anything else as JSON (so
 * `NaN` reads `null`, as tests of other modules expect). Never throws, whatever it is given.
 */
export function show(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return `'${value}'`;
    case 'bigint':
      return `${value}n`;
    case 'symbol':
    case 'function':
      return `a ${typeof value}`;
    default:
      try {
        return JSON.stringify(value);
      } catch {
        return Object.prototype.toString.call(value);
      }
  }
}

/** True when `value` is a plain object (not `null`, not an array): what a config section must be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Thrown by {@link assertValidAccount}: lists every problem of the account, one per line. */
export class AccountConfigError extends Error {
  /** The problems found. */
  public readonly problems: readonly ConfigProblem[];

  constructor(accountName: string, problems: readonly ConfigProblem[]) {
    super(
      `Account '${accountName}' has ${problems.length} configuration problem${problems.length === 1 ? '' : 's'}:\n` +
        problems.map((p) => `  - ${p.path}: ${p.message}`).join('\n'),
    );
    this.name = 'AccountConfigError';
    this.problems = problems;
  }
}
