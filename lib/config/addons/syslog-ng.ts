import type { ProblemCollector } from '../problems';

/** Configuration section of the syslog-ng add-on (being written: see issue 5). */
export interface SyslogNgConfig {}

/** Check a SyslogNgConfig section; report problems under `path`. */
export function validateSyslogNgConfig(_config: SyslogNgConfig, _path: string, _problems: ProblemCollector): void {}
