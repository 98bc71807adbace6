/**
 * The archiver script, run by dash (Debian's /bin/sh) and bash (/bin/sh of the aws-cli image)
 * against a fake `aws` that records its arguments and "uploads" into a directory.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { ARCHIVER_GRACE_MINUTES, renderArchiverScript, type ArchiverScriptOptions } from '../../../lib/k8s/syslog-ng';
import { listFiles, requireProgram } from '../../support/syslog-ng';

const BUCKET = 'eksp-log-archive-123456789012-us-east-1';
/** The key S3 uses when a request names none (the bucket default in the fake). */
const BUCKET_DEFAULT_KEY = 'arn:aws:kms:us-east-1:123456789012:key/00000000-0000-4000-8000-00000000b0c7';
const KMS_KEY = 'arn:aws:kms:us-east-1:123456789012:key/0b1c2d3e-0000-4000-8000-123456789abc';
const NOW = '2026-11-22T12:00';

/**
 * Fake aws CLI. `s3 cp <file> s3://<bucket>/<key> ...` copies into $FAKE_BUCKET_DIR/<bucket>/<key>
 * and records the object's KMS key beside it (the --sse-kms-key-id given, else the bucket
 * default; $FAKE_AWS_STORED_KEY when set); it fails for a file named $FAKE_AWS_FAIL and stores
 * one byte for $FAKE_AWS_TRUNCATE.
 * `s3api head-object --bucket B --key K ...` prints "<size>\t<$FAKE_AWS_SSE or aws:kms>\t<key>",
 * or fails with 254 when there is no such object.
 */
const FAKE_AWS = `#!/bin/sh
PATH=/usr/bin:/bin
printf '%s\\n' "$*" >> "$FAKE_AWS_LOG"
case "$1 $2" in
  "s3 cp")
    src=$3
    key=\${4#s3://}
    name=\${src##*/}
    kms=${BUCKET_DEFAULT_KEY}
    shift 4
    while [ $# -gt 0 ]; do
      [ "$1" = --sse-kms-key-id ] && kms=$2
      shift
    done
    if [ "$name" = "\${FAKE_AWS_FAIL:-}" ]; then
      echo "upload failed: An error occurred (AccessDenied)" >&2
      exit 1
    fi
    mkdir -p "$FAKE_BUCKET_DIR/\${key%/*}"
    if [ "$name" = "\${FAKE_AWS_TRUNCATE:-}" ]; then
      head -c 1 "$src" > "$FAKE_BUCKET_DIR/$key"
    else
      cp "$src" "$FAKE_BUCKET_DIR/$key"
    fi
    printf '%s' "\${FAKE_AWS_STORED_KEY:-$kms}" > "$FAKE_BUCKET_DIR/$key.kms"
    ;;
  "s3api head-object")
    shift 2
    while [ $# -gt 0 ]; do
      case "$1" in
        --bucket) bucket=$2; shift ;;
        --key) key=$2; shift ;;
      esac
      shift
    done
    object="$FAKE_BUCKET_DIR/$bucket/$key"
    if [ ! -f "$object" ]; then
      echo "An error occurred (404) when calling the HeadObject operation: Not Found" >&2
      exit 254
    fi
    printf '%s\\t%s\\t%s\\n' "$(wc -c < "$object" | tr -d ' ')" "\${FAKE_AWS_SSE:-aws:kms}" "$(cat "$object.kms")"
    ;;
  *)
    echo "fake aws: unexpected command: $*" >&2
    exit 2
    ;;
esac
`;

interface Sandbox {
  readonly root: string;
  readonly logDir: string;
  readonly bucketDir: string;
  readonly awsLog: string;
  readonly script: string;
  write(relative: string, content: string | Buffer): void;
  run(args?: string[], env?: Record<string, string>): { status: number | null; stdout: string; stderr: string };
  awsCalls(): string[];
  uploaded(key: string): string;
}

const SHELLS: [string, string][] = [['dash', 'dash'], ['bash', 'bash']];

/** Every external command the script runs besides aws and gzip (the rest are shell builtins). */
const COREUTILS = ['date', 'wc', 'rm', 'mv', 'rmdir', 'sleep'];

describe.each(SHELLS)('archiver script under %s', (shellName, debianPackage) => {
  let shell: string;
  let gzip: string;
  let coreutils: string[];
  const sandboxes: string[] = [];

  beforeAll(() => {
    shell = requireProgram(shellName, debianPackage);
    gzip = requireProgram('gzip', 'gzip');
    coreutils = COREUTILS.map((tool) => requireProgram(tool, 'coreutils'));
  });
  afterAll(() => sandboxes.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  /**
   * A directory holding the fake aws, gzip and the coreutils the script needs, and nothing
   * else: PATH is only this, so a command the script needs but does not declare fails the test.
   */
  function sandbox(options: Partial<ArchiverScriptOptions> = {}, tools: { aws?: boolean; gzip?: boolean } = {}): Sandbox {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'archiver-'));
    sandboxes.push(root);
    const logDir = path.join(root, 'remote');
    const bin = path.join(root, 'bin');
    const bucketDir = path.join(root, 'bucket');
    const awsLog = path.join(root, 'aws.log');
    fs.mkdirSync(logDir);
    fs.mkdirSync(bin);
    if (tools.aws ?? true) fs.writeFileSync(path.join(bin, 'aws'), FAKE_AWS, { mode: 0o755 });
    if (tools.gzip ?? true) fs.symlinkSync(gzip, path.join(bin, 'gzip'));
    for (const tool of coreutils) fs.symlinkSync(tool, path.join(bin, path.basename(tool)));
    const script = path.join(root, 'archiver.sh');
    fs.writeFileSync(script, renderArchiverScript({ bucket: BUCKET, keyPrefix: 'prod-east/', logDir, ...options }));
    return {
      root, logDir, bucketDir, awsLog, script,
      write(relative, content) {
        const file = path.join(logDir, relative);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, content);
      },
      run(args = ['--once'], env = {}) {
        const result = spawnSync(shell, [script, ...args], {
          encoding: 'utf8',
          timeout: 20_000,
          env: {
            PATH: bin,
            FAKE_AWS_LOG: awsLog,
            FAKE_BUCKET_DIR: bucketDir,
            ARCHIVER_NOW: NOW,
            ...env,
          },
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
      },
      awsCalls() {
        return fs.existsSync(awsLog) ? fs.readFileSync(awsLog, 'utf8').trim().split('\n').filter(Boolean) : [];
      },
      uploaded(key) {
        return gunzipSync(fs.readFileSync(path.join(bucketDir, BUCKET, key))).toString();
      },
    };
  }

  it('passes the shell syntax check', () => {
    const s = sandbox();
    expect(spawnSync(shell, ['-n', s.script], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it("compresses, uploads and removes finished days, and leaves today's files alone", () => {
    const s = sandbox();
    s.write('web-1/2026-11-21/nginx.log', 'yesterday line 1\nyesterday line 2\n');
    s.write('web-1/2026-11-22/nginx.log', 'today\n');
    s.write('db-1/2026-10-31/postgres.log', 'older\n');
    const result = s.run();

    expect(result).toMatchObject({ status: 0, stderr: '' });
    expect(s.uploaded('prod-east/web-1/2026/11/21/nginx.log.gz')).toBe('yesterday line 1\nyesterday line 2\n');
    expect(s.uploaded('prod-east/db-1/2026/10/31/postgres.log.gz')).toBe('older\n');
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-22/nginx.log']);
    expect(fs.readFileSync(path.join(s.logDir, 'web-1/2026-11-22/nginx.log'), 'utf8')).toBe('today\n');
    // Emptied day and host directories are removed.
    expect(fs.readdirSync(s.logDir)).toEqual(['web-1']);
    expect(fs.readdirSync(path.join(s.logDir, 'web-1'))).toEqual(['2026-11-22']);
  });

  it("uploads with a checksum and no encryption headers (the bucket's SSE-KMS default), then checks the object", () => {
    const s = sandbox();
    s.write('web-1/2026-11-21/nginx.log', 'x\n');
    expect(s.run().status).toBe(0);
    const key = 'prod-east/web-1/2026/11/21/nginx.log.gz';
    expect(s.awsCalls()).toEqual([
      expect.stringMatching(new RegExp(`^s3 cp \\S+/web-1/2026-11-21/nginx\\.log\\.gz s3://${BUCKET}/${key} --checksum-algorithm CRC64NVME --only-show-errors --no-progress$`)),
      `s3api head-object --bucket ${BUCKET} --key ${key} --query [ContentLength,ServerSideEncryption,SSEKMSKeyId] --output text`,
    ]);
  });

  it('names the KMS key when given one, and checks the object was encrypted with it', () => {
    const s = sandbox({ kmsKeyArn: KMS_KEY });
    s.write('web-1/2026-11-21/nginx.log', 'x\n');
    expect(s.run().status).toBe(0);
    expect(s.awsCalls()[0]).toContain(`--sse aws:kms --sse-kms-key-id ${KMS_KEY} --checksum-algorithm CRC64NVME`);
    expect(fs.readFileSync(path.join(s.bucketDir, BUCKET, 'prod-east/web-1/2026/11/21/nginx.log.gz.kms'), 'utf8')).toBe(KMS_KEY);
  });

  it('keeps the file when the object is not SSE-KMS, or not under the given key', () => {
    const s = sandbox();
    s.write('web-1/2026-11-21/nginx.log', 'x\n');
    const result = s.run(['--once'], { FAKE_AWS_SSE: 'AES256' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/holds '\d+\tAES256\t\S+', expected size \d+, aws:kms$/m);
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-21/nginx.log.gz']);
  
    const withKey = sandbox({ kmsKeyArn: KMS_KEY });
    withKey.write('web-1/2026-11-21/nginx.log', 'x\n');
    const wrongKey = withKey.run(['--once'], { FAKE_AWS_STORED_KEY: BUCKET_DEFAULT_KEY });
    expect(wrongKey.status).toBe(1);
    expect(wrongKey.stdout).toContain(`\taws:kms\t${BUCKET_DEFAULT_KEY}', expected size`);
    expect(wrongKey.stdout).toContain(`aws:kms and key ${KMS_KEY}`);
    expect(listFiles(withKey.logDir)).toEqual(['web-1/2026-11-21/nginx.log.gz']);
  });

  it('keeps a file whose upload failed, compressed, and exits 1; the next run uploads it', () => {
    const s = sandbox();
    s.write('app-1/2026-11-21/billing.log', 'must not be lost\n');
    s.write('app-1/2026-11-21/cron.log', 'fine\n');
    const failed = s.run(['--once'], { FAKE_AWS_FAIL: 'billing.log.gz' });

    expect(failed.status).toBe(1);
    expect(failed.stdout).toContain('upload of');
    expect(failed.stdout).toContain('1 failure(s)');
    expect(listFiles(s.logDir)).toEqual(['app-1/2026-11-21/billing.log.gz']);
    expect(s.uploaded('prod-east/app-1/2026/11/21/cron.log.gz')).toBe('fine\n');

    expect(s.run().status).toBe(0);
    expect(s.uploaded('prod-east/app-1/2026/11/21/billing.log.gz')).toBe('must not be lost\n');
    expect(listFiles(s.logDir)).toEqual([]);
  });

  it('keeps the file when S3 holds an object of another size', () => {
    const s = sandbox();
    s.write('app-1/2026-11-21/billing.log', 'longer than one byte\n');
    const result = s.run(['--once'], { FAKE_AWS_TRUNCATE: 'billing.log.gz' });
    expect(result.status).toBe(1);
    expect(result.stdout).toMatch(/holds '1\taws:kms\t\S+', expected size \d+, aws:kms$/m);
    expect(listFiles(s.logDir)).toEqual(['app-1/2026-11-21/billing.log.gz']);
  });

  it('finishes what a killed run left: a lone .gz, a .log beside its .gz, a partial .gz', () => {
    const s = sandbox();
    s.write('app-1/2026-11-20/lone.log.gz', gzipSync('compressed last run\n'));
    s.write('app-1/2026-11-20/both.log', 'both\n');
    s.write('app-1/2026-11-20/both.log.gz', gzipSync('both\n'));
    s.write('app-1/2026-11-20/partial.log', 'partial\n');
    s.write('app-1/2026-11-20/partial.log.gz.part', Buffer.from([0x1f, 0x8b]));
    expect(s.run().status).toBe(0);
    expect(s.uploaded('prod-east/app-1/2026/11/20/lone.log.gz')).toBe('compressed last run\n');
    expect(s.uploaded('prod-east/app-1/2026/11/20/both.log.gz')).toBe('both\n');
    expect(s.uploaded('prod-east/app-1/2026/11/20/partial.log.gz')).toBe('partial\n');
    expect(listFiles(s.logDir)).toEqual([]);
  });

  it('--compress only compresses finished days, and needs no aws', () => {
    const s = sandbox({}, { aws: false });
    s.write('web-1/2026-11-21/nginx.log', 'yesterday\n');
    s.write('web-1/2026-11-22/nginx.log', 'today\n');
    expect(s.run(['--once', '--compress'])).toMatchObject({ status: 0, stderr: '' });
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-21/nginx.log.gz', 'web-1/2026-11-22/nginx.log']);
    expect(gunzipSync(fs.readFileSync(path.join(s.logDir, 'web-1/2026-11-21/nginx.log.gz'))).toString()).toBe('yesterday\n');
  });

  it('--upload only uploads what is compressed, and needs no gzip', () => {
    const s = sandbox({}, { gzip: false });
    s.write('web-1/2026-11-21/nginx.log', 'not compressed yet\n');
    s.write('web-1/2026-11-21/cron.log.gz', gzipSync('compressed\n'));
    expect(s.run(['--once', '--upload'])).toMatchObject({ status: 0, stderr: '' });
    expect(s.uploaded('prod-east/web-1/2026/11/21/cron.log.gz')).toBe('compressed\n');
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-21/nginx.log']);
  });

  it('the two roles in turn archive everything', () => {
    const s = sandbox();
    s.write('web-1/2026-11-21/nginx.log', 'a\n');
    s.write('db-1/2026-11-20/postgres.log', 'b\n');
    expect(s.run(['--once', '--compress']).status).toBe(0);
    expect(s.run(['--once', '--upload']).status).toBe(0);
    expect(s.uploaded('prod-east/web-1/2026/11/21/nginx.log.gz')).toBe('a\n');
    expect(s.uploaded('prod-east/db-1/2026/11/20/postgres.log.gz')).toBe('b\n');
    expect(fs.readdirSync(s.logDir)).toEqual([]);
  });

  it('exits 1 at once when a tool its role needs is missing', () => {
    expect(sandbox({}, { gzip: false }).run(['--once'])).toMatchObject({ status: 1, stdout: expect.stringContaining("error: 'gzip' is not on PATH") });
    expect(sandbox({}, { aws: false }).run(['--once', '--upload'])).toMatchObject({ status: 1, stdout: expect.stringContaining("error: 'aws' is not on PATH") });
  });

  it(`does nothing in the first ${ARCHIVER_GRACE_MINUTES} minutes after UTC midnight`, () => {
    const s = sandbox();
    s.write('web-1/2026-11-21/nginx.log', 'just before midnight\n');
    const result = s.run(['--once'], { ARCHIVER_NOW: '2026-11-22T00:04' });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('within 5 minutes of UTC midnight');
    expect(s.awsCalls()).toEqual([]);
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-21/nginx.log']);
    expect(s.run(['--once'], { ARCHIVER_NOW: '2026-11-22T00:05' }).status).toBe(0);
    expect(listFiles(s.logDir)).toEqual([]);
  });

  it('ignores what is not <host>/<YYYY-MM-DD>/<program>.log, and lost+found', () => {
    const s = sandbox();
    s.write('web-1/notes/readme.log', 'not a day\n');
    s.write('web-1/2026-11-21/nginx.txt', 'not a log\n');
    fs.mkdirSync(path.join(s.logDir, 'lost+found'));
    expect(s.run().status).toBe(0);
    expect(s.awsCalls()).toEqual([]);
    expect(listFiles(s.logDir)).toEqual(['web-1/2026-11-21/nginx.txt', 'web-1/notes/readme.log']);
    expect(fs.existsSync(path.join(s.logDir, 'lost+found'))).toBe(true);
  });

  it('rejects a malformed ARCHIVER_NOW and an unknown argument', () => {
    const s = sandbox();
    expect(s.run(['--once'], { ARCHIVER_NOW: '22/11/2026' })).toMatchObject({ status: 1, stdout: expect.stringContaining('ARCHIVER_NOW must be YYYY-MM-DDTHH:MM') });
    expect(s.run(['--twice'])).toMatchObject({ status: 2, stderr: 'usage: archiver.sh [--once] [--compress | --upload]\n' });
  });

  it('exits at once on SIGTERM while it sleeps between runs', () => {
    const s = sandbox({ intervalSeconds: 600 });
    const started = Date.now();
    const result = spawnSync(shell, ['-c', `${shell} "${s.script}" --upload & pid=$!; sleep 0.5; kill -TERM $pid; wait $pid`], {
      encoding: 'utf8', timeout: 15_000,
      env: { PATH: path.join(s.root, 'bin'), FAKE_AWS_LOG: s.awsLog, FAKE_BUCKET_DIR: s.bucketDir, ARCHIVER_NOW: NOW },
    });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('archiver(upload): stopping');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('renderArchiverScript', () => {
  it('throws on a bucket with a slash', () => {
    expect(() => renderArchiverScript({ bucket: 'a/b', keyPrefix: 'c/' }))
      .toThrow(`renderArchiverScript: bucket must be a bucket name (no '/'), got "a/b".`);
  });

  it.each(['main', '/main/', 'a//b/', ''])('throws on the key prefix %j', (keyPrefix) => {
    expect(() => renderArchiverScript({ bucket: 'b', keyPrefix }))
      .toThrow(`renderArchiverScript: keyPrefix must end in '/' and neither start with one nor hold '//', got ${JSON.stringify(keyPrefix)}.`);
  });

  it('throws on an interval that is not a positive whole number', () => {
    expect(() => renderArchiverScript({ bucket: 'b', keyPrefix: 'c/', intervalSeconds: 0 }))
      .toThrow('renderArchiverScript: intervalSeconds must be a positive whole number, got 0.');
  });

  it('quotes values for the shell', () => {
    expect(renderArchiverScript({ bucket: 'b', keyPrefix: 'c/', kmsKeyArn: "it's" })).toContain(`KMS_KEY_ARN='it'\\''s'`);
  });
});
