import type { ProblemCollector } from '../problems';

/** Configuration section of the fluent-bit add-on (being written: see issue 5). */
export interface FluentBitConfig {}

/** Check a FluentBitConfig section; report problems under `path`. */
export function validateFluentBitConfig(_config: FluentBitConfig, _path: string, _problems: ProblemCollector): void {}
