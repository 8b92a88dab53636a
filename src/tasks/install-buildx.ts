/**
 * Installs the buildx plugin at a pinned version, from a release URL or a local file.
 * Every binary is checked against a SHA-256 (given, or from the release's checksums file)
 * before it is put in place; a mismatch stops with both digests. The install is atomic
 * (temporary file in the same directory, then rename), mode 0755.
 */
import { createHash } from '../core/crypto.js';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Action } from '../core/report.js';
import type { Deps } from '../docker/deps.js';
import type { ReinstallOptions } from '../core/options.js';
import { InputError, SafetyError, errorMessage } from '../core/errors.js';
import { succeeded } from '../docker/runner.js';

/** The upstream release layout; `{version}` has no leading `v`. */
const DEFAULT_BUILDX_URL =
  'https://github.com/docker/buildx/releases/download/v{version}/buildx-v{version}.{os}-{arch}';
const DEFAULT_CHECKSUMS_URL = 'https://github.com/docker/buildx/releases/download/v{version}/checksums.txt';

const SHA256 = /^[0-9a-f]{64}$/;

/** Node's arch names → buildx release names. */
export function releaseArch(arch: string = process.arch): string {
  const map: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm-v7',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
  };
  return map[arch] ?? arch;
}

function normalizeVersion(v: string): string {
  const s = v.trim().replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/.test(s))
    throw new InputError('buildx-version', v, 'a version like 0.13.1 or v0.13.1');
  return s;
}

/** Fills `{version}`, `{os}`, `{arch}` in a URL template. */
export function expandTemplate(template: string, version: string, os = process.platform, arch = releaseArch()): string {
  return template.replaceAll('{version}', version).replaceAll('{os}', os).replaceAll('{arch}', arch);
}

/**
 * Reads a `checksums.txt`: `<sha>  <filename>` lines (`*filename` in binary mode too).
 * Returns the digest for `filename`, or undefined.
 */
export function findChecksum(text: string, filename: string): string | undefined {
  for (const line of text.split(/\r?\n/)) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line.trim());
    if (m && m[1] && m[2] && basename(m[2]) === filename) return m[1].toLowerCase();
  }
  return undefined;
}

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface InstallPlan {
  /** Where the binary comes from: a URL or a local path. */
  source: string;
  sourceKind: 'url' | 'file';
  /** File name looked up in the checksums file. */
  filename: string;
  /** Expected digest given by the user. */
  sha256?: string;
  /** Checksums file URL (expanded). */
  checksumsUrl?: string;
  dest: string;
  version?: string;
}

/** Validates the options into a plan; throws InputError before anything changes. */
export function planInstall(
  o: ReinstallOptions,
  cliPluginsDir: string,
  os = process.platform,
  arch = releaseArch(),
): InstallPlan | undefined {
  if (o.buildxFile === undefined && o.buildxVersion === undefined && o.buildxUrl === undefined) return undefined;
  const version = o.buildxVersion !== undefined ? normalizeVersion(o.buildxVersion) : undefined;
  if (o.buildxSha256 !== undefined && !SHA256.test(o.buildxSha256.trim().toLowerCase())) {
    throw new InputError('buildx-sha256', o.buildxSha256, 'a SHA-256 digest of 64 hexadecimal characters');
  }
  const dest = join(cliPluginsDir, 'docker-buildx');
  const expected = o.buildxSha256?.trim().toLowerCase();
  if (o.buildxFile !== undefined) {
    const p: InstallPlan = { source: o.buildxFile, sourceKind: 'file', filename: basename(o.buildxFile), dest };
    if (expected !== undefined) p.sha256 = expected;
    if (version !== undefined) p.version = version;
    if (o.buildxChecksumsUrl !== undefined && version !== undefined)
      p.checksumsUrl = expandTemplate(o.buildxChecksumsUrl, version, os, arch);
    return p;
  }
  const template = o.buildxUrl ?? DEFAULT_BUILDX_URL;
  if (version === undefined && template.includes('{version}')) {
    throw new InputError('buildx-version', '', 'a pinned version (e.g. 0.13.1) when buildx-url has {version}');
  }
  const source = expandTemplate(template, version ?? '', os, arch);
  if (!/^https?:\/\//.test(source))
    throw new InputError('buildx-url', template, 'an http(s) URL template with {version}, {os}, {arch}');
  const p: InstallPlan = { source, sourceKind: 'url', filename: basename(new URL(source).pathname), dest };
  if (version !== undefined) p.version = version;
  if (expected !== undefined) p.sha256 = expected;
  else {
    const ct = o.buildxChecksumsUrl ?? (o.buildxUrl === undefined ? DEFAULT_CHECKSUMS_URL : undefined);
    if (ct === undefined) {
      throw new InputError('buildx-sha256', '', 'a SHA-256 digest or buildx-checksums-url: every download is checked');
    }
    p.checksumsUrl = expandTemplate(ct, version ?? '', os, arch);
  }
  return p;
}

async function download(url: string, timeoutMs: number): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  if (!res.ok) throw new Error(`download of ${url} failed: HTTP ${res.status} ${res.statusText}`);
  return Buffer.from(await res.arrayBuffer());
}

export interface InstallResult {
  action: Action;
  path: string;
  sha256?: string;
  /** Version `docker buildx version` printed after the install. */
  installedVersion?: string;
}

/**
 * Fetches, checks and installs the binary. Dry-run records what it would install and changes
 * nothing (no download either).
 */
export async function installBuildx(
  deps: Deps,
  plan: InstallPlan,
  opts: { dryRun: boolean; timeoutMs?: number },
): Promise<InstallResult> {
  const command = `install ${plan.source} -> ${plan.dest} (mode 0755)`;
  if (opts.dryRun) {
    deps.docker.runner.recordChange?.(['install', '-m', '0755', plan.source, plan.dest]);
    return {
      path: plan.dest,
      action: { action: 'buildx.install', target: plan.dest, ok: true, dryRun: true, command },
    };
  }
  const timeoutMs = opts.timeoutMs ?? deps.docker.timeouts.slow;
  const data = plan.sourceKind === 'file' ? await readFile(plan.source) : await download(plan.source, timeoutMs);
  const actual = sha256(data);
  let expected = plan.sha256;
  let expectedFrom = 'buildx-sha256';
  if (expected === undefined && plan.checksumsUrl !== undefined) {
    const sums = (await download(plan.checksumsUrl, timeoutMs)).toString('utf8');
    expected = findChecksum(sums, plan.filename);
    expectedFrom = plan.checksumsUrl;
    if (expected === undefined)
      throw new SafetyError(`buildx install stopped: ${plan.checksumsUrl} has no checksum for ${plan.filename}`);
  }
  if (expected !== undefined && expected !== actual) {
    throw new SafetyError(
      `buildx install stopped: SHA-256 mismatch for ${plan.source}: expected ${expected} (${expectedFrom}), got ${actual}`,
    );
  }
  await mkdir(join(plan.dest, '..'), { recursive: true });
  // Same directory, then rename: a reader never sees a half-written plugin.
  const tmp = join(plan.dest, '..', `.docker-buildx.tmp-${process.pid}-${Date.now()}`);
  try {
    await writeFile(tmp, data, { mode: 0o755 });
    await chmod(tmp, 0o755);
    await rename(tmp, plan.dest);
  } catch (e) {
    await rm(tmp, { force: true });
    throw new Error(`buildx install into ${plan.dest} failed: ${errorMessage(e)}`, { cause: e });
  }
  const result: InstallResult = {
    path: plan.dest,
    sha256: actual,
    action: {
      action: 'buildx.install',
      target: plan.dest,
      ok: true,
      command,
      detail: `sha256 ${actual}${expected === undefined ? ' (local file, no digest given to check against)' : ' verified'}`,
    },
  };
  const v = await deps.docker.buildx(['version'], { timeoutMs: deps.docker.timeouts.probe });
  if (!succeeded(v)) {
    result.action.ok = false;
    result.action.detail = `installed, but docker buildx version does not run: ${v.stderr.trim() || v.spawnError || `exit ${String(v.exitCode)}`}`;
    return result;
  }
  // `github.com/docker/buildx v0.13.1 <revision>`: the second word is the version.
  const raw = v.stdout.trim().split(/\s+/)[1];
  if (raw !== undefined) result.installedVersion = raw;
  result.action.detail += `; docker buildx version: ${v.stdout.trim()}`;
  return result;
}
