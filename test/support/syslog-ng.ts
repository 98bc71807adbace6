/**
 * Running the real syslog-ng (Debian's `syslog-ng-core`) and POSIX shells from jest: find the
 * binaries (failing, never skipping, when one is missing), pick free ports, start syslog-ng in
 * the foreground and poll for the files it writes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { searchDirs, searchPath } from './programs';

/**
 * Absolute path of `program`, searched on PATH and in the sbin directories (`searchPath`). Throws,
 * naming the Debian package to install, when it is not there: these tests must run in CI, not skip.
 */
export function requireProgram(program: string, debianPackage: string): string {
  const found = searchPath(program);
  if (found) return found;
  throw new Error(`'${program}' is not installed (searched ${searchDirs().join(':')}). Install it: apt-get install -y ${debianPackage}`);
}

/** `syslog-ng --version`'s first line, e.g. `syslog-ng 3 (3.38.1)`. */
export function syslogNgVersion(binary: string): string {
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout.split('\n')[0] ?? '';
}

/** Runs `syslog-ng --syntax-only` on `configFile` (`--no-caps`: as non-root, setting capabilities fails); returns its exit status and output. */
export function syslogNgSyntaxCheck(binary: string, configFile: string): { status: number | null; output: string } {
  const result = spawnSync(binary, ['--syntax-only', '--no-caps', '--cfgfile', configFile], { encoding: 'utf8', timeout: 10_000 });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

function listenTcp(port: number): Promise<net.Server | undefined> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

function bindUdp(port: number): Promise<dgram.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4');
    socket.once('error', () => { socket.close(); resolve(undefined); });
    socket.bind(port, '127.0.0.1', () => resolve(socket));
  });
}

/** A port of 127.0.0.1 free for both TCP and UDP right now. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const server = await listenTcp(0);
    if (!server) continue;
    const port = (server.address() as net.AddressInfo).port;
    const udp = await bindUdp(port);
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (udp) {
      await new Promise<void>((resolve) => udp.close(() => resolve()));
      return port;
    }
  }
  throw new Error('freePort: no port free for both TCP and UDP after 50 attempts.');
}

/** A syslog-ng process started by {@link startSyslogNg}. */
export interface RunningSyslogNg {
  readonly process: ChildProcess;
  /** Everything it wrote to stderr so far (internal messages, `--stderr`). */
  output(): string;
  /** SIGTERM, then wait for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `syslog-ng --foreground` on `configFile`, its persist file, pid file and control
 * socket in `stateDir` (so no root and no system paths), and resolves once it says it started.
 */
export async function startSyslogNg(binary: string, configFile: string, stateDir: string, timeoutMs = 5000): Promise<RunningSyslogNg> {
  const child = spawn(binary, [
    '--foreground', '--stderr', '--no-caps', '--cfgfile', configFile,
    '--persist-file', path.join(stateDir, 'syslog-ng.persist'),
    '--pidfile', path.join(stateDir, 'syslog-ng.pid'),
    '--control', path.join(stateDir, 'syslog-ng.ctl'),
  ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, TZ: 'UTC' } });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const running: RunningSyslogNg = {
    process: child,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
  const deadline = Date.now() + timeoutMs;
  while (!output.includes('syslog-ng starting up')) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`syslog-ng exited (${child.exitCode ?? child.signalCode}) before starting up:\n${output}`);
    }
    if (Date.now() > deadline) {
      await running.stop();
      throw new Error(`syslog-ng did not start within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 25));
  }
  return running;
}

/** Sends each datagram to 127.0.0.1:`port`. */
export async function sendUdp(port: number, datagrams: readonly Buffer[]): Promise<void> {
  const socket = dgram.createSocket('udp4');
  try {
    for (const datagram of datagrams) {
      await new Promise<void>((resolve, reject) => socket.send(datagram, port, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    }
  } finally {
    socket.close();
  }
}

/** Opens a TCP connection to 127.0.0.1:`port`, writes `data`, closes it and waits until closed. */
export function sendTcp(port: number, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(data));
    socket.once('error', reject);
    socket.once('close', () => resolve());
  });
}

/** Files to wait for: any one of `files` (e.g. the same file under two possible days) with `count` lines. */
export interface ExpectedFile {
  readonly files: readonly string[];
  /** Complete lines (ending in a newline) it must hold. */
  readonly count: number;
}

function lineCount(content: Buffer): number {
  let n = 0;
  for (const byte of content) if (byte === 0x0a) n++;
  return n;
}

/**
 * Polls until each expectation is met by one of its files; returns the contents by path.
 * Throws after `timeoutMs`, listing what is missing and what `root` holds.
 */
export async function waitForFiles(expected: readonly ExpectedFile[], root: string, timeoutMs = 10_000): Promise<Map<string, Buffer>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const e of expected) {
      const hit = e.files.find((file) => {
        try {
          const content = fs.readFileSync(file);
          if (lineCount(content) < e.count) return false;
          found.set(file, content);
          return true;
        } catch {
          return false; // not written yet
        }
      });
      if (!hit) missing.push(`${path.relative(root, e.files[0])} (${e.count} line${e.count === 1 ? '' : 's'})`);
    }
    if (missing.length === 0) return found;
    if (Date.now() > deadline) {
      throw new Error(`waitForFiles: after ${timeoutMs} ms still missing ${missing.join(', ')}; ${root} holds: ${listFiles(root).join(', ') || 'nothing'}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every regular file under `root`, as paths relative to it, sorted. */
export function listFiles(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(path.relative(root, full));
    }
  };
  walk(root);
  return out.sort();
}
