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

/** Render a received value for an error message: strings quoted, objects as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `'${value}'`;
  return JSON.stringify(value);
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
