/**
 * The package as a user gets it: `npm pack` of this checkout, the tarball installed into a fresh
 * project with `npm install --offline` (never the network: it comes from the tarball and the
 * machine's npm cache alone, which `npm ci` of this project filled), then `npx --offline buildkit-healer` against the real daemon of the test
 * environment, `--help` of every command, and the packed bundle started straight from the
 * extracted tarball on Node 24 and on the machine's own Node 20.
 */
import { spawnSync } from 'node:child_process';
import type { SpawnSyncOptions } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandbox } from '../support/env.js';
import type { Sandbox } from '../support/env.js';
import type { Report } from '../../src/core/report.js';

const root = join(import.meta.dirname, '..', '..');
const node24 = process.env.BKH_NODE24 ?? process.execPath;
/** The machine's own Node (20 on this project's hosts). */
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}
function run(file: string, args: string[], opts: SpawnSyncOptions & { env: NodeJS.ProcessEnv }): Run {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20, ...opts });
  if (r.error) throw r.error;
  return { status: r.status, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Command names from the `Commands:` section of `buildkit-healer --help`. */
export function commandsOf(help: string): string[] {
  const section = help.split(/\n\s*\n/).find((p) => p.startsWith('Commands:')) ?? '';
  return section
    .split('\n')
    .slice(1)
    .map((l) => /^ {2}(\w[\w-]*)\s/.exec(l)?.[1])
    .filter((x): x is string => x !== undefined);
}

describe('npm pack, installed offline into a fresh project', () => {
  let work: string;
  let tgz: string;
  let project: string;
  let extracted: string;
  let sb: Sandbox;
  let env: NodeJS.ProcessEnv;
  let installLog: Run;

  beforeAll(() => {
    work = mkdtempSync(join(tmpdir(), 'bkh-pack-'));
    sb = sandbox('bkh-pack-sb-');
    // npm runs its scripts and bins with the node first on PATH: Node 24, as the tests run.
    env = { ...sb.env, PATH: `${dirname(node24)}:${sb.env.PATH ?? ''}`, npm_config_update_notifier: 'false' };
    const pack = run('npm', ['pack', root, '--pack-destination', work, '--json'], { cwd: work, env });
    expect(pack.status, pack.stderr).toBe(0);
    const info = JSON.parse(pack.stdout) as { filename: string; files: { path: string }[] }[];
    tgz = join(work, info[0]?.filename ?? '');
    expect(existsSync(tgz)).toBe(true);

    extracted = join(work, 'extracted');
    run('mkdir', ['-p', extracted], { env });
    const tar = run('tar', ['-xzf', tgz, '-C', extracted], { env });
    expect(tar.status, tar.stderr).toBe(0);

    project = join(work, 'project');
    run('mkdir', ['-p', project], { env });
    writeFileSync(
      join(project, 'package.json'),
      JSON.stringify({ name: 'bkh-pack-consumer', version: '1.0.0', private: true }),
    );
    // An empty npm cache and --offline: nothing can be fetched, so the tarball must be all the
    // install needs. npm runs on the machine's own Node, as a user's npm does.
    const npmEnv = {
      ...env,
      npm_config_cache: join(work, 'empty-npm-cache'),
      PATH: `${systemNode ? `${dirname(systemNode)}:` : ''}${env.PATH ?? ''}`,
    };
    installLog = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], { cwd: project, env: npmEnv });
  }, 600_000);

  afterAll(() => {
    sb?.cleanup();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('packs the CLI bundle with every chunk, and the bin entry points at it', () => {
    const pkg = JSON.parse(readFileSync(join(extracted, 'package', 'package.json'), 'utf8')) as {
      bin: Record<string, string>;
    };
    expect(pkg.bin['buildkit-healer']).toBe('dist/cli/index.js');
    const packed = readdirSync(join(extracted, 'package', 'dist', 'cli')).sort();
    const committed = readdirSync(join(root, 'dist', 'cli')).sort();
    expect(packed).toEqual(committed);
    // The bundle starts with a shebang so the installed bin runs without `node` in front.
    expect(readFileSync(join(extracted, 'package', 'dist', 'cli', 'index.js'), 'utf8').split('\n')[0]).toMatch(
      /^#!.*node/,
    );
  });

  it('installs with npm install --offline (nothing fetched): no runtime dependency, only the package', () => {
    expect(installLog.status, `${installLog.stdout}\n${installLog.stderr}`).toBe(0);
    const pkg = JSON.parse(readFileSync(join(extracted, 'package', 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
    expect(readdirSync(join(project, 'node_modules')).filter((n) => !n.startsWith('.'))).toEqual(['buildkit-healer']);
    expect(existsSync(join(project, 'node_modules', 'buildkit-healer', 'dist', 'cli', 'index.js'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', '.bin', 'buildkit-healer'))).toBe(true);
  });

  // The CLI bundle is self-contained: every library ncc bundled is a devDependency, so the
  // package has no runtime dependency and installs with an empty npm cache and no network.
  it('installs with npm install --offline into an EMPTY npm cache (needs no runtime dependencies)', () => {
    const fresh = join(work, 'fresh');
    run('mkdir', ['-p', join(fresh, 'cache')], { env });
    writeFileSync(
      join(fresh, 'package.json'),
      JSON.stringify({ name: 'bkh-pack-fresh', version: '1.0.0', private: true }),
    );
    const r = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tgz], {
      cwd: fresh,
      env: { ...env, npm_config_cache: join(fresh, 'cache') },
    });
    expect(r.status, r.stderr).toBe(0);
  });

  it('npx --offline buildkit-healer check --json: the real daemon is healthy', () => {
    const r = run('npx', ['--offline', 'buildkit-healer', 'check', '--json'], { cwd: project, env });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.schema).toBe('buildkit-healer/report');
    expect(report.status).toBe('healthy');
    expect(report.healthy).toBe(true);
    expect(report.findings).toEqual([]);
    // The builders it saw are the daemon's, read independently with the docker CLI.
    const ls = run('docker', ['buildx', 'ls', '--format', '{{.Name}}'], { env });
    const names = [
      ...new Set(
        ls.stdout
          .split('\n')
          .map((s) => s.trim().replace(/\*$/, ''))
          .filter(Boolean),
      ),
    ];
    expect(report.builders.map((b) => b.name).sort()).toEqual(names.sort());
    const version = run('docker', ['buildx', 'version'], { env }).stdout;
    expect(version).toContain(report.versions.buildx ?? 'no buildx version in the report');
    expect(report.baseline?.ok).toBe(true);
  });

  it('--help of every command', () => {
    const top = run('npx', ['--offline', 'buildkit-healer', '--help'], { cwd: project, env });
    expect(top.status, top.stderr).toBe(0);
    const commands = commandsOf(top.stdout);
    expect(commands).toEqual(expect.arrayContaining(['check', 'heal', 'report', 'help']));
    for (const c of commands.filter((x) => x !== 'help')) {
      const r = run('npx', ['--offline', 'buildkit-healer', c, '--help'], { cwd: project, env });
      expect(r.status, `${c} --help: ${r.stderr}`).toBe(0);
      expect(r.stdout, `${c} --help`).toMatch(new RegExp(`buildkit-healer ${c}\\b`));
      const viaHelp = run('npx', ['--offline', 'buildkit-healer', 'help', c], { cwd: project, env });
      expect(viaHelp.status, `help ${c}`).toBe(0);
      expect(viaHelp.stdout).toBe(r.stdout);
    }
    const bad = run('npx', ['--offline', 'buildkit-healer', 'no-such-command'], { cwd: project, env });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no-such-command');
  });

  it('the extracted tarball runs on Node 24 without installing anything', () => {
    const cli = join(extracted, 'package', 'dist', 'cli', 'index.js');
    const v = run(node24, [cli, '--version'], { env });
    expect(v.status, v.stderr).toBe(0);
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(v.stdout.trim()).toContain(pkg.version);
    const r = run(node24, [cli, 'check', '--json'], { env });
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as Report).status).toBe('healthy');
  });

  it("the packed CLI runs on the machine's Node 20: --version and check", () => {
    if (systemNode === undefined) throw new Error('no system node found at /usr/bin/node or /usr/local/bin/node');
    const nv = run(systemNode, ['--version'], { env }).stdout.trim();
    expect(nv).toMatch(/^v20\./);
    const cli = join(project, 'node_modules', 'buildkit-healer', 'dist', 'cli', 'index.js');
    const v = run(systemNode, [cli, '--version'], { env });
    expect(v.status, v.stderr).toBe(0);
    expect(v.stdout.trim()).toMatch(/\d+\.\d+\.\d+/);
    const r = run(systemNode, [cli, 'check'], { env });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/^buildkit-healer check: HEALTHY/);
  });
});
