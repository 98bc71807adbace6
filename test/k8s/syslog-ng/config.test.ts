import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  renderSyslogNgConf, SYSLOG_NG_CONFIG_VERSION, SYSLOG_NG_IMAGE, SYSLOG_NG_VERSION, syslogNgFifoSize, syslogNgTcpWindow,
} from '../../../lib/k8s/syslog-ng';
import { requireProgram, syslogNgSyntaxCheck, syslogNgVersion } from '../../support/syslog-ng';

describe('renderSyslogNgConf', () => {
  const conf = renderSyslogNgConf({ maxConnections: 1000 });

  it('starts with the @version of the pinned image (major.minor)', () => {
    expect(SYSLOG_NG_IMAGE).toBe(`balabit/syslog-ng:${SYSLOG_NG_VERSION}`);
    expect(SYSLOG_NG_VERSION.split('.').slice(0, 2).join('.')).toBe(SYSLOG_NG_CONFIG_VERSION);
    expect(conf.split('\n')[0]).toBe(`@version: ${SYSLOG_NG_CONFIG_VERSION}`);
  });

  it('listens on 5514 UDP and TCP and on 5601 framed RFC 5424 on every interface by default', () => {
    expect(conf).toContain('network(ip("0.0.0.0") port(5514) transport("udp") flags(syslog-protocol, no-multi-line));');
    expect(conf).toContain('network(ip("0.0.0.0") port(5514) transport("tcp") flags(syslog-protocol, no-multi-line)');
    expect(conf).toContain('syslog(ip("0.0.0.0") port(5601) transport("tcp") flags(no-multi-line)');
  });

  it('sizes each TCP window as 100 messages per allowed connection', () => {
    expect(syslogNgTcpWindow(1000)).toBe(100_000);
    expect(conf.match(/max-connections\(1000\) log-iw-size\(100000\)/g)).toHaveLength(2);
    const small = renderSyslogNgConf({ maxConnections: 10 });
    expect(small.match(/max-connections\(10\) log-iw-size\(1000\)/g)).toHaveLength(2);
  });

  it('gives the file destination a queue holding every source window, under flow control', () => {
    expect(syslogNgFifoSize(1000)).toBe(200_100);
    expect(conf).toContain('log-fifo-size(200100)');
    expect(conf).toContain('flags(flow-control);');
  });

  it('files messages by sanitized host, UTC receive day and sanitized program under /var/log/remote', () => {
    expect(conf).toContain('file("/var/log/remote/${archive.host}/${archive.day}/${archive.program}.log"');
    expect(conf).toContain('set("${R_YEAR}-${R_MONTH}-${R_DAY}", value("archive.day"));');
    expect(conf).toContain('send-time-zone("+00:00");');
    expect(conf).toContain('keep-hostname(yes);');
    expect(conf).toContain('create-dirs(yes);');
  });

  it('renders the given directory, ports and address', () => {
    const custom = renderSyslogNgConf({ maxConnections: 50, logDir: '/tmp/x/', ports: { syslog: 20514, rfc5424: 20601 }, listenAddress: '127.0.0.1' });
    expect(custom).toContain('file("/tmp/x/${archive.host}/');
    expect(custom).toContain('network(ip("127.0.0.1") port(20514) transport("udp")');
    expect(custom).toContain('syslog(ip("127.0.0.1") port(20601) transport("tcp")');
  });

  it('throws on a port out of range', () => {
    expect(() => renderSyslogNgConf({ maxConnections: 10, ports: { syslog: 0, rfc5424: 601 } }))
      .toThrow('renderSyslogNgConf: ports.syslog must be a TCP/UDP port (1-65535), got 0.');
  });

  it('throws on a maxConnections that is not a positive whole number', () => {
    expect(() => renderSyslogNgConf({ maxConnections: 0 }))
      .toThrow('renderSyslogNgConf: maxConnections must be a positive whole number, got 0.');
  });
});

describe('requireProgram', () => {
  it('throws, naming the Debian package, when a program is missing (the tests fail, never skip)', () => {
    expect(() => requireProgram('no-such-program-eksp', 'syslog-ng-core')).toThrow('Install it: apt-get install -y syslog-ng-core');
  });
});

describe('syslog-ng --syntax-only on the rendered configuration', () => {
  let binary: string;
  let dir: string;

  beforeAll(() => {
    binary = requireProgram('syslog-ng', 'syslog-ng-core');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'syslog-ng-syntax-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([10, 1000, 100000])('accepts the production configuration with maxConnections %i', (maxConnections) => {
    const file = path.join(dir, `syslog-ng-${maxConnections}.conf`);
    fs.writeFileSync(file, renderSyslogNgConf({ maxConnections }));
    const result = syslogNgSyntaxCheck(binary, file);
    expect({ status: result.status, version: syslogNgVersion(binary), output: result.output })
      .toEqual({ status: 0, version: expect.stringMatching(/^syslog-ng \d/), output: expect.not.stringMatching(/error/i) });
  });

  it('rejects a broken configuration (the check can fail)', () => {
    const file = path.join(dir, 'broken.conf');
    fs.writeFileSync(file, renderSyslogNgConf({ maxConnections: 10 }).replace('flags(flow-control);', 'flags(flow-control'));
    expect(syslogNgSyntaxCheck(binary, file).status).not.toBe(0);
  });
});
