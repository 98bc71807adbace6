/**
 * Real programs in tests (fluent-bit, Loki, Prometheus, Alertmanager and their tools): find the
 * binaries, start them bounded in time, read what they print, and stop them.
 *
 * fluent-bit and Loki come from `FLUENT_BIT_BIN` / `LOKI_BIN` (`eval "$(../shared/programs/unpack.sh)"`)
 * or PATH; the Prometheus programs from Debian's packages (PATH or the sbin directories). When one
 * is missing, {@link describeWithProgram} reports its tests as skipped with the reason, so the
 * summary shows them; with `CI=true` a missing binary fails the file instead. Never a silent pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** A program the tests run, and where to find it. */
export interface ProgramSpec {
  /** File name on PATH. */
  readonly name: string;
  /**
   * Environment variable holding its absolute path.
   * @default - PATH only
   */
  readonly envVar?: string;
  /** How to install it, for the message when it is missing. */
  readonly install: string;
}

const UNPACK = 'eval "$(../shared/programs/unpack.sh)" sets it (see ../shared/programs/README.md)';

/** fluent-bit 4.2. */
export const FLUENT_BIT: ProgramSpec = { name: 'fluent-bit', envVar: 'FLUENT_BIT_BIN', install: UNPACK };
/** Loki 3.6. */
export const LOKI: ProgramSpec = { name: 'loki', envVar: 'LOKI_BIN', install: UNPACK };
/** promtool (Debian `prometheus`, 2.42). */
export const PROMTOOL: ProgramSpec = { name: 'promtool', install: 'apt-get install -y prometheus' };
/** The Prometheus server (Debian `prometheus`, 2.42). */
export const PROMETHEUS: ProgramSpec = { name: 'prometheus', install: 'apt-get install -y prometheus' };
/** amtool (Debian `prometheus-alertmanager`, 0.25). */
export const AMTOOL: ProgramSpec = { name: 'amtool', install: 'apt-get install -y prometheus-alertmanager' };
/** Alertmanager (Debian `prometheus-alertmanager`, 0.25, installed as `prometheus-alertmanager`). */
export const ALERTMANAGER: ProgramSpec = { name: 'prometheus-alertmanager', install: 'apt-get install -y prometheus-alertmanager' };

/** Directories searched after PATH: Debian puts some daemons in sbin. */
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

/** The directories {@link searchPath} looks in, in order: PATH, then the sbin and bin directories. */
export function searchDirs(): string[] {
  return [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
}

/** Absolute path of the executable `name` in {@link searchDirs}, or undefined. */
export function searchPath(name: string): string | undefined {
  for (const dir of searchDirs()) {
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The program's path, or the reason it is unavailable. Throws when `CI=true` and it is missing,
 * and whenever the environment variable names a file that is not executable.
 */
export function findProgram(spec: ProgramSpec): { path: string } | { reason: string } {
  const fromEnv = spec.envVar ? process.env[spec.envVar] : undefined;
  if (fromEnv) {
    try {
      fs.accessSync(fromEnv, fs.constants.X_OK);
      return { path: fromEnv };
    } catch {
      throw new Error(`${spec.envVar}=${fromEnv} is not an executable file; ${spec.install}.`);
    }
  }
  const found = searchPath(spec.name);
  if (found) return { path: found };
  const reason = `${spec.name} not found: ${spec.envVar ? `${spec.envVar} is unset and ` : ''}no ${spec.name} is on PATH; ${spec.install}`;
  if (process.env.CI === 'true') throw new Error(`CI must run the real-program tests, but ${reason}.`);
  return { reason };
}

/**
 * `describe(title, ...)` with the program's path, or, when it is unavailable (outside CI),
 * `describe.skip` with the reason in the title so the skip is visible in the summary.
 */
export function describeWithProgram(spec: ProgramSpec, title: string, body: (binary: string) => void): void {
  describeWithPrograms([spec], title, ([binary]) => body(binary));
}

/** {@link describeWithProgram} for tests that need several programs: skipped when any is unavailable. */
export function describeWithPrograms(specs: readonly ProgramSpec[], title: string, body: (binaries: string[]) => void): void {
  const found = specs.map(findProgram);
  const reasons = found.flatMap((f) => ('reason' in f ? [f.reason] : []));
  if (reasons.length === 0) {
    describe(title, () => body(found.map((f) => ('path' in f ? f.path : ''))));
  } else {
    // A file whose tests are all skipped prints no titles, so say why here as well.
    process.stderr.write(`skipped: ${title}: ${reasons.join('; ')}\n`);
    describe.skip(`${title} (skipped: ${reasons.join('; ')})`, () => body(specs.map(() => '')));
  }
}

/** A process started by {@link startProgram}. */
export interface RunningProgram {
  readonly process: ChildProcess;
  /** Everything it printed so far (stdout and stderr interleaved). */
  output(): string;
  /** Resolves when `pattern` appears in the output; rejects on exit or after `timeoutMs`. */
  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<void>;
  /** Whether it is still running. */
  running(): boolean;
  /** Sends `signal` (default SIGTERM), then SIGKILL after `timeoutMs`; resolves with the exit code or signal. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | string>;
}

/** Starts `binary args` with output captured; `stop()` it in `afterAll`/`finally`. */
export function startProgram(binary: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): RunningProgram {
  const child = spawn(binary, [...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => { output += d; });
  child.stderr!.on('data', (d) => { output += d; });
  let exit: number | string | undefined;
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve((exit = code ?? signal ?? -1))));
  const name = path.basename(binary);
  return {
    process: child,
    output: () => output,
    running: () => exit === undefined,
    waitForOutput: async (pattern, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output)) {
        if (exit !== undefined) throw new Error(`${name} exited (${exit}) before printing ${pattern}:\n${output.slice(-4000)}`);
        if (Date.now() > deadline) throw new Error(`${name} did not print ${pattern} within ${timeoutMs} ms:\n${output.slice(-4000)}`);
        await sleep(50);
      }
    },
    stop: async (signal = 'SIGTERM', timeoutMs = 15_000) => {
      if (exit !== undefined) return exit;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      try {
        return await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Waits `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it returns a value other than undefined; throws `describe()` after `timeoutMs`. */
export async function waitUntil<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs: number, describe: () => string, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`waitUntil: after ${timeoutMs} ms: ${describe()}`);
    await sleep(intervalMs);
  }
}

/** An HTTP request to loopback with a timeout; never throws for HTTP errors, returns status 0 when nothing answers. */
export async function http(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<{ status: number; body: string }> {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 10_000) });
    return { status: response.status, body: await response.text() };
  } catch {
    return { status: 0, body: '' };
  }
}

/** Starts fluent-bit on `configFile` and resolves once its pipeline runs (`[sp] stream processor started`). */
export async function startFluentBit(binary: string, configFile: string, timeoutMs = 20_000): Promise<RunningProgram> {
  const running = startProgram(binary, ['-c', configFile]);
  try {
    await running.waitForOutput(/stream processor started/, timeoutMs);
  } catch (e) {
    await running.stop('SIGKILL');
    throw e;
  }
  return running;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200, for at most `timeoutMs`; throws with `describeFailure()` otherwise. */
export async function waitForHttp(url: string, timeoutMs: number, describeFailure: () => string): Promise<void> {
  await waitUntil(async () => ((await http(url, { timeoutMs: 2000 })).status === 200 ? true : undefined), timeoutMs, () => `${url} did not answer 200. ${describeFailure()}`, 200);
}
