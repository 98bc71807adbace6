/**
 * The rendered syslog-ng.conf run by the real syslog-ng: only the log directory, the ports and
 * the listen address differ from production (render options, not string edits). `--syntax-only`
 * alone is not enough: it accepts options a plugin then refuses at startup.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { renderSyslogNgConf } from '../../../lib/k8s/syslog-ng';
import {
  freePort, listFiles, requireProgram, sendTcp, sendUdp, startSyslogNg, waitForFiles, type RunningSyslogNg,
} from '../../support/syslog-ng';

/** An RFC 6587 octet-counted frame. */
function framed(message: string): Buffer {
  const body = Buffer.from(message);
  return Buffer.concat([Buffer.from(`${body.length} `), body]);
}

/** UTC day, as syslog-ng names the directories. */
function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

describe('syslog-ng running the rendered configuration', () => {
  let dir: string;
  let logDir: string;
  let syslogNg: RunningSyslogNg | undefined;
  let syslogPort: number;
  let rfc5424Port: number;
  let days: string[];
  let files: Map<string, string>;

  /** Contents of `<logDir>/<host>/<receive day>/<program>.log`. */
  function fileOf(host: string, program: string): string {
    for (const day of days) {
      const content = files.get(path.join(logDir, host, day, `${program}.log`));
      if (content !== undefined) return content;
    }
    throw new Error(`no ${host}/<day>/${program}.log; files: ${listFiles(logDir).join(', ')}`);
  }

  beforeAll(async () => {
    const binary = requireProgram('syslog-ng', 'syslog-ng-core');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslog-ng-e2e-'));
    logDir = path.join(dir, 'remote');
    syslogPort = await freePort();
    rfc5424Port = await freePort();
    const configFile = path.join(dir, 'syslog-ng.conf');
    fs.writeFileSync(configFile, renderSyslogNgConf({
      maxConnections: 1000, logDir, ports: { syslog: syslogPort, rfc5424: rfc5424Port }, listenAddress: '127.0.0.1',
    }));
    syslogNg = await startSyslogNg(binary, configFile, dir);

    const before = utcDay(new Date());
    await sendUdp(syslogPort, [
      Buffer.from('<14>Jan 15 10:00:00 web-1 nginx[123]: GET /health 200'),
      Buffer.from('<165>1 2020-01-15T10:00:00.003Z db-1 postgres 4242 ID47 - checkpoint complete'),
      // Exactly what Python's logging.handlers.SysLogHandler sends over UDP: no timestamp,
      // no hostname, and a NUL at the end.
      Buffer.from('<14>myapp: hello\x00'),
      Buffer.from('<14>Jan 15 10:00:00 ../../etc ../passwd: escape attempt'),
    ]);
    await sendTcp(syslogPort, Buffer.from(
      '<13>Jan 15 10:00:01 app-1 cron[7]: job done\n'
      + '<13>1 2020-01-15T10:00:01Z app-2 worker 1 - - queue drained\n'));
    // SysLogHandler over TCP: NUL-terminated messages, no newline.
    await sendTcp(syslogPort, Buffer.from('<14>pyapp: one\x00<14>pyapp: two\x00'));
    await sendTcp(rfc5424Port, Buffer.concat([
      framed('<14>1 2020-01-15T10:00:02Z app-3 billing 99 - [meta@32473 tenant="a"] invoice sent'),
      framed('<14>1 2020-01-15T10:00:03Z app-3 billing 99 - - multi\nline'),
    ]));
    days = [...new Set([before, utcDay(new Date())])];

    // host, program, lines expected
    const expected: [string, string, number][] = [
      ['web-1', 'nginx', 1], ['db-1', 'postgres', 1], ['127.0.0.1', 'myapp', 1], ['app-1', 'cron', 1],
      ['app-2', 'worker', 1], ['127.0.0.1', 'pyapp', 2], ['app-3', 'billing', 2], ['_._.._etc', '_._passwd', 1],
    ];
    const candidates = expected.map(([host, program, count]) => ({
      files: days.map((day) => path.join(logDir, host, day, `${program}.log`)), count,
    }));
    const found = await waitForFiles(candidates, logDir, 10_000);
    files = new Map([...found].map(([file, content]) => [file, content.toString('latin1')]));
  });

  afterAll(async () => {
    await syslogNg?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it("files by the UTC day syslog-ng received a message, not the sender's date (2020-01-15)", () => {
    expect(days.some((day) => fs.existsSync(path.join(logDir, 'db-1', day, 'postgres.log')))).toBe(true);
    expect(fs.existsSync(path.join(logDir, 'db-1', '2020-01-15'))).toBe(false);
  });

  it('files an RFC 3164 datagram under its host, the receive day and its program', () => {
    expect(fileOf('web-1', 'nginx')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00 web-1 nginx\[123\]: GET \/health 200\n$/);
  });

  it('files an RFC 5424 datagram with its own timestamp in UTC', () => {
    expect(fileOf('db-1', 'postgres')).toBe('2020-01-15T10:00:00.003+00:00 db-1 postgres[4242]: checkpoint complete\n');
  });

  it("strips the NUL Python's SysLogHandler appends, and files it under the sender's address", () => {
    const content = fileOf('127.0.0.1', 'myapp');
    expect(content).not.toContain('\0');
    expect(content).toMatch(/^\S+ 127\.0\.0\.1 myapp: hello\n$/);
  });

  it('splits NUL-terminated messages on a TCP stream (SysLogHandler over TCP)', () => {
    const content = fileOf('127.0.0.1', 'pyapp');
    expect(content).not.toContain('\0');
    expect(content.split('\n').filter(Boolean).map((l) => l.replace(/^\S+ /, ''))).toEqual([
      '127.0.0.1 pyapp: one', '127.0.0.1 pyapp: two',
    ]);
  });

  it('reads newline-delimited RFC 3164 and RFC 5424 on the TCP syslog port', () => {
    expect(fileOf('app-1', 'cron')).toMatch(/ app-1 cron\[7\]: job done\n$/);
    expect(fileOf('app-2', 'worker')).toBe('2020-01-15T10:00:01.000+00:00 app-2 worker[1]: queue drained\n');
  });

  it('reads octet-counted RFC 5424 on the framed port, keeping structured data, one line per message', () => {
    expect(fileOf('app-3', 'billing')).toBe(
      '2020-01-15T10:00:02.000+00:00 app-3 billing[99]: [meta@32473 tenant="a"] invoice sent\n'
      + '2020-01-15T10:00:03.000+00:00 app-3 billing[99]: multi line\n');
  });

  it('keeps a hostile host and program inside the log directory', () => {
    expect(fileOf('_._.._etc', '_._passwd')).toContain('escape attempt');
    const known = ['remote', 'syslog-ng.conf', 'syslog-ng.ctl', 'syslog-ng.persist', 'syslog-ng.pid'];
    expect(fs.readdirSync(dir).filter((f) => !known.includes(f))).toEqual([]);
    expect(fs.readdirSync(logDir).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('reports nothing worse than the 4.x-config notice on stderr', () => {
    const problems = syslogNg!.output().split('\n').filter((l) => /error|warning/i.test(l) && !/experimental behaviors of the future syslog-ng 4\.0/.test(l));
    expect(problems).toEqual([]);
  });
});
