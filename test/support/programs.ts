/**
 * Real programs in tests: find a binary on PATH (and the sbin directories), and decide what a
 * missing one means. In CI (`CI=true`) a missing program fails the suite, naming it and its
 * Debian package; elsewhere the suite is reported as skipped with that reason. Never a silent pass.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin'];

/** Absolute path of `program`, or undefined. */
export function findProgram(program: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, program);
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
 * `describe(name, body(binary))` when `program` is installed. When it is not: throws in CI
 * (`CI=true`), and otherwise registers the suite as skipped, the reason in its name.
 */
export function describeWithProgram(program: string, debianPackage: string, name: string, body: (binary: string) => void): void {
  const binary = findProgram(program);
  if (binary) {
    describe(name, () => body(binary));
    return;
  }
  const reason = `'${program}' is not installed: apt-get install -y ${debianPackage}`;
  if (process.env.CI === 'true') throw new Error(`${name}: ${reason} (required when CI=true).`);
  describe.skip(`${name} [skipped: ${reason}]`, () => {
    it('needs the program', () => undefined);
  });
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

/** A background process with its collected output. */
export interface RunningProgram {
  /** The process. */
  readonly child: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Stop it (SIGTERM, then SIGKILL after 5 s) and wait for its exit. */
  stop(): Promise<void>;
}

/** Start `binary` with `args` (its own process, stopped by {@link RunningProgram.stop}). */
export function startProgram(binary: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): RunningProgram {
  const child = spawn(binary, [...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (d) => { out += d; });
  child.stderr?.on('data', (d) => { out += d; });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    child,
    output: () => out,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Polls `url` until it answers 200, for at most `timeoutMs`; throws with `describe()` otherwise. */
export async function waitForHttp(url: string, timeoutMs: number, describeFailure: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${timeoutMs} ms. ${describeFailure()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
