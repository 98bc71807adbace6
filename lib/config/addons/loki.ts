import type { ProblemCollector } from '../problems';

/** Configuration section of the loki add-on (being written: see issue 5). */
export interface LokiConfig {}

/** Check a LokiConfig section; report problems under `path`. */
export function validateLokiConfig(_config: LokiConfig, _path: string, _problems: ProblemCollector): void {}
