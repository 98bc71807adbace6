/**
 * Renders syslog-ng.conf for the central syslog server. Pure: the same options give the same
 * text, and the test suite runs the real `syslog-ng` on it.
 */

/**
 * The `@version:` of the rendered configuration: the major.minor of the syslog-ng image the
 * construct runs (`SYSLOG_NG_IMAGE`; a test keeps the two in step). syslog-ng 3.38 (Debian 12,
 * used by the tests) also accepts it.
 */
export const SYSLOG_NG_CONFIG_VERSION = '4.11';

/** TCP/UDP ports syslog-ng listens on. */
export interface SyslogNgPorts {
  /**
   * RFC 5424 or RFC 3164 messages: one per datagram on UDP, one per line (newline or NUL
   * terminated) on TCP. Clients use 514.
   */
  readonly syslog: number;
  /** RFC 5424 with octet-counting framing (RFC 6587), TCP only. Clients use 601. */
  readonly rfc5424: number;
}

/** The ports syslog-ng binds inside its container: above 1024, so it needs no capability as non-root. */
export const SYSLOG_NG_CONTAINER_PORTS: SyslogNgPorts = { syslog: 5514, rfc5424: 5601 };

/** The ports clients use (the Services map them to {@link SYSLOG_NG_CONTAINER_PORTS}). */
export const SYSLOG_NG_SERVICE_PORTS: SyslogNgPorts = { syslog: 514, rfc5424: 601 };

/** Where syslog-ng writes the log files in its container (the log volume). */
export const SYSLOG_NG_LOG_DIR = '/var/log/remote';

/**
 * Flow-control window of one TCP connection, in messages. syslog-ng divides a source's
 * `log-iw-size()` among its `max-connections()` and clamps a share below 100 back to 100 with a
 * warning (syslog-ng admin guide, `log-iw-size()`), so the window is sized per connection.
 */
export const SYSLOG_NG_WINDOW_PER_CONNECTION = 100;

/** Window of the UDP source (syslog-ng's default `log-iw-size()`). */
const UDP_WINDOW = 100;

/** Options of {@link renderSyslogNgConf}. */
export interface SyslogNgConfOptions {
  /** `max-connections()` of each TCP listener. */
  readonly maxConnections: number;
  /**
   * Directory of the log files.
   * @default SYSLOG_NG_LOG_DIR
   */
  readonly logDir?: string;
  /**
   * Ports to listen on.
   * @default SYSLOG_NG_CONTAINER_PORTS
   */
  readonly ports?: SyslogNgPorts;
  /**
   * IPv4 address to listen on.
   * @default '0.0.0.0' - every interface of the pod
   */
  readonly listenAddress?: string;
  /**
   * The `@version:` line.
   * @default SYSLOG_NG_CONFIG_VERSION
   */
  readonly configVersion?: string;
}

/** The `log-iw-size()` of a TCP listener accepting `maxConnections` connections. */
export function syslogNgTcpWindow(maxConnections: number): number {
  return maxConnections * SYSLOG_NG_WINDOW_PER_CONNECTION;
}

/**
 * The file destination's queue, in messages. With `flags(flow-control)` it must hold what
 * every source may have in flight (the sum of their windows) or messages are dropped.
 */
export function syslogNgFifoSize(maxConnections: number): number {
  return 2 * syslogNgTcpWindow(maxConnections) + UDP_WINDOW;
}

function port(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`renderSyslogNgConf: ports.${name} must be a TCP/UDP port (1-65535), got ${value}.`);
  }
  return value;
}

/** A syslog-ng double-quoted string literal. */
function quote(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * syslog-ng.conf of the central server:
 *
 * - listens on `ports.syslog` (UDP and TCP, RFC 5424 with fallback to RFC 3164) and on
 *   `ports.rfc5424` (TCP, octet-counted RFC 5424, the `syslog()` driver);
 * - writes `<logDir>/<host>/<YYYY-MM-DD>/<program>.log`, one line per message
 *   (`no-multi-line`: a message's own newlines become spaces);
 * - the day is the UTC day syslog-ng *received* the message, not the sender's timestamp, so a
 *   day directory gets no new file once the day is over and the archiver may upload it;
 * - host and program are reduced to `[A-Za-z0-9._-]` (no leading dot; empty becomes
 *   `unknown`), so a sender cannot write outside its directory or make an odd S3 key;
 * - trailing NUL bytes (Python's `logging.handlers.SysLogHandler` ends each message with one)
 *   and newlines are dropped by syslog-ng's own syslog parser before parsing
 *   (`syslog_format_handler()`, modules/syslogformat/syslog-format.c); the end-to-end test
 *   sends such a message and checks the file holds no NUL.
 */
export function renderSyslogNgConf(options: SyslogNgConfOptions): string {
  const max = options.maxConnections;
  if (!Number.isInteger(max) || max < 1) {
    throw new Error(`renderSyslogNgConf: maxConnections must be a positive whole number, got ${max}.`);
  }
  const ports = options.ports ?? SYSLOG_NG_CONTAINER_PORTS;
  const syslogPort = port(ports.syslog, 'syslog');
  const rfc5424Port = port(ports.rfc5424, 'rfc5424');
  const ip = quote(options.listenAddress ?? '0.0.0.0');
  const logDir = (options.logDir ?? SYSLOG_NG_LOG_DIR).replace(/\/+$/, '');
  const window = syslogNgTcpWindow(max);
  const tcpLimits = `max-connections(${max}) log-iw-size(${window})`;
  const file = quote(`${logDir}/\${archive.host}/\${archive.day}/\${archive.program}.log`);
  // One line per message: sender's timestamp (UTC), host, "program[pid]: ", RFC 5424
  // structured data when there is some, the message.
  const line = '"${ISODATE} ${HOST} ${MSGHDR}$(if (\\"${SDATA}\\" ne \\"\\") \\"${SDATA} \\" \\"\\")${MESSAGE}\\n"';

  return `@version: ${options.configVersion ?? SYSLOG_NG_CONFIG_VERSION}
# Central syslog server. Generated by eks-platform (lib/k8s/syslog-ng/config.ts): change the
# account configuration, not this file.
#
# Files: ${logDir}/<host>/<YYYY-MM-DD>/<program>.log, where the day is the UTC day the message
# was received. The archiver sidecar uploads each finished day to S3 and then deletes it.

options {
  keep-hostname(yes);       # the HOSTNAME field of the message, not the peer address
  use-dns(no);              # messages without a hostname are filed under the peer's IP address
  dns-cache(no);
  chain-hostnames(no);
  create-dirs(yes);
  dir-perm(0750);
  perm(0640);
  send-time-zone("+00:00"); # dates in file names and lines are UTC
  frac-digits(3);
  time-reap(60);            # close a file 60 s after its last message
};

source s_network {
  # ${syslogPort}/UDP: one message per datagram; RFC 5424, falling back to RFC 3164.
  network(ip(${ip}) port(${syslogPort}) transport("udp") flags(syslog-protocol, no-multi-line));
  # ${syslogPort}/TCP: one message per line; RFC 5424, falling back to RFC 3164.
  network(ip(${ip}) port(${syslogPort}) transport("tcp") flags(syslog-protocol, no-multi-line)
    ${tcpLimits} so-keepalive(yes));
  # ${rfc5424Port}/TCP: RFC 5424 with octet counting (RFC 6587).
  syslog(ip(${ip}) port(${rfc5424Port}) transport("tcp") flags(no-multi-line)
    ${tcpLimits} so-keepalive(yes));
};

# Path parts a sender cannot abuse: only [A-Za-z0-9._-], no leading dot, never empty.
rewrite r_archive_path {
  set("\${HOST}", value("archive.host"));
  subst("[^A-Za-z0-9._-]", "_", value("archive.host"), flags(global));
  subst("^\\\\.", "_", value("archive.host"));
  set("unknown", value("archive.host") condition("\${archive.host}" eq ""));
  set("\${PROGRAM}", value("archive.program"));
  subst("[^A-Za-z0-9._-]", "_", value("archive.program"), flags(global));
  subst("^\\\\.", "_", value("archive.program"));
  set("unknown", value("archive.program") condition("\${archive.program}" eq ""));
  set("\${R_YEAR}-\${R_MONTH}-\${R_DAY}", value("archive.day"));
};

destination d_files {
  file(${file}
    template(${line})
    flush-lines(100)        # write in batches of up to 100 lines (sooner when no more are queued)
    fsync(no)               # an fsync per batch would cap throughput; a node crash may lose the last batch
    log-fifo-size(${syslogNgFifoSize(max)})  # every source window: flow control never drops
  );
};

log {
  source(s_network);
  rewrite(r_archive_path);
  destination(d_files);
  # A slow or full disk slows TCP senders down instead of dropping their messages.
  flags(flow-control);
};
`;
}
