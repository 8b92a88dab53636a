/**
 * Credentials never leave the machine. A config.json seeded with registry `auths` (an `auth`
 * token, an `identitytoken`, a `registrytoken`), `credHelpers` and a `credsStore` whose helper
 * (a real executable on PATH) answers with a secret, and a docker context holding TLS material
 * (a real private key made with openssl); then a real `heal --mode reinstall` through the CLI
 * bundle and the heal action bundle (GITHUB_STEP_SUMMARY). Every bundle produced (decompressed),
 * the JSON reports, the text and JSON output, stderr and the job summary are scanned for every
 * seeded value: zero hits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parse } from 'yaml';
import { sandbox, type Sandbox } from '../support/env.js';
import { healBundle, root, runCli, runNode } from '../support/fault-table.js';

let sb: Sandbox;
const seeds: Record<string, string> = {};
let helperLog: string;

function hits(where: string, text: string | Buffer): string[] {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  return Object.entries(seeds)
    .filter(([, v]) => s.includes(v))
    .map(([k]) => `${k} in ${where}`);
}

beforeAll(async () => {
  sb = sandbox('bkh-secrets-');
  const pass = 'S3cret-pass-5d1f0a9c';
  seeds.password = pass;
  seeds.auth = Buffer.from(`bkhuser:${pass}`).toString('base64');
  seeds.identitytoken = 'idtok-7f3e2b1a9c8d4e5f60718293a4b5c6d7';
  seeds.registrytoken = 'regtok-0a1b2c3d4e5f66778899aabbccddeeff';
  seeds.helperSecret = 'helper-secret-e4d3c2b1a0f9e8d7';
  // A credential helper (credsStore and credHelpers) that hands out a secret if anyone asks it.
  const bin = join(sb.dir, 'bin');
  mkdirSync(bin, { recursive: true });
  helperLog = join(sb.dir, 'helper-calls.log');
  for (const name of ['docker-credential-bkhstore', 'docker-credential-bkhhelper']) {
    const p = join(bin, name);
    writeFileSync(
      p,
      `#!/bin/sh\necho "$0 $1" >> '${helperLog}'\ncat >/dev/null\necho '{"ServerURL":"127.0.0.1:5999","Username":"bkhuser","Secret":"${seeds.helperSecret}"}'\n`,
    );
    chmodSync(p, 0o755);
  }
  sb.env.PATH = `${bin}:${sb.env.PATH ?? ''}`;
  // A context with TLS material (a real key pair; the endpoint is a closed loopback port).
  const tls = join(sb.dir, 'tls');
  mkdirSync(tls, { recursive: true });
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      join(tls, 'key.pem'),
      '-out',
      join(tls, 'cert.pem'),
      '-days',
      '1',
      '-subj',
      '/CN=bkh-secret-test',
    ],
    { stdio: 'ignore' },
  );
  const key = readFileSync(join(tls, 'key.pem'), 'utf8');
  // The key's body lines: any one of them in an output is a leak.
  key
    .split('\n')
    .filter((l) => l.length >= 60 && !l.startsWith('-----'))
    .slice(0, 3)
    .forEach((l, i) => {
      seeds[`tlsKeyLine${i}`] = l;
    });
  const ctx = await sb.docker.run(
    [
      'context',
      'create',
      'bkhtls',
      '--docker',
      `host=tcp://127.0.0.1:1,ca=${join(tls, 'cert.pem')},cert=${join(tls, 'cert.pem')},key=${join(tls, 'key.pem')}`,
    ],
    { timeoutMs: 20_000, mutates: true },
  );
  expect(ctx.exitCode, ctx.stderr).toBe(0);
  // config.json written after the context (docker context create rewrites it).
  const cfgPath = join(sb.dockerConfig, 'config.json');
  const cfg = existsSync(cfgPath) ? (JSON.parse(readFileSync(cfgPath, 'utf8')) as Record<string, unknown>) : {};
  Object.assign(cfg, {
    auths: {
      '127.0.0.1:5999': { auth: seeds.auth, identitytoken: seeds.identitytoken },
      '127.0.0.1:5998': { registrytoken: seeds.registrytoken },
    },
    credHelpers: { '127.0.0.1:5997': 'bkhhelper' },
    credsStore: 'bkhstore',
  });
  writeFileSync(cfgPath, JSON.stringify(cfg, null, '\t') + '\n');
  // The seeds really are on disk where a careless backup would pick them up.
  const onDisk =
    readFileSync(cfgPath, 'utf8') +
    readdirSync(join(sb.dockerConfig, 'contexts', 'tls'), { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => readFileSync(join(e.parentPath, e.name), 'utf8'))
      .join('');
  for (const k of ['auth', 'identitytoken', 'registrytoken', 'tlsKeyLine0']) expect(onDisk).toContain(seeds[k]);
});

afterAll(async () => {
  await sb.docker.run(['context', 'rm', '-f', 'bkhtls'], { timeoutMs: 20_000, mutates: true });
  sb.cleanup();
});

function bundlesIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.tar.gz'))
    .map((f) => join(dir, f));
}

describe('secrets never leave the machine', () => {
  it('CLI heal --mode reinstall: bundle, JSON report, text/JSON output and stderr hold no seeded value', async () => {
    const backups = join(sb.dir, 'backups-cli');
    const common = [
      'heal',
      '--mode',
      'reinstall',
      '--backup-dir',
      backups,
      '--daemon-json',
      join(sb.dir, 'daemon.json'),
      '--verbose',
    ];
    const text = await runCli([...common, '--report-path', join(sb.dir, 'cli.json')], { env: sb.env });
    const json = await runCli([...common, '--json'], { env: sb.env });
    const bundles = bundlesIn(backups);
    expect(bundles.length, text.stderr).toBe(2);
    const found: string[] = [];
    for (const b of bundles) {
      const raw = gunzipSync(readFileSync(b));
      // The bundle did back up the config and the context (redacted), so the scan means something.
      expect(raw.toString('latin1')).toContain('config.json');
      found.push(...hits(b, raw));
    }
    found.push(
      ...hits('JSON report', readFileSync(join(sb.dir, 'cli.json'))),
      ...hits('text stdout', text.stdout),
      ...hits('stderr', text.stderr),
      ...hits('--json stdout', json.stdout),
      ...hits('--json stderr', json.stderr),
    );
    expect(found).toEqual([]);
    expect(JSON.parse(json.stdout)).toHaveProperty('backup');
  }, 300_000);

  it('heal action bundle (mode reinstall): job summary, outputs, annotations and report hold no seeded value', async () => {
    const yml = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default?: string }>;
    };
    const files = join(sb.dir, 'gh');
    const runnerTemp = join(sb.dir, 'runner-temp');
    mkdirSync(files, { recursive: true });
    mkdirSync(runnerTemp, { recursive: true });
    const env: NodeJS.ProcessEnv = {
      ...sb.env,
      RUNNER_TEMP: runnerTemp,
      GITHUB_WORKSPACE: sb.dir,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
    };
    for (const f of ['GITHUB_OUTPUT', 'GITHUB_STATE', 'GITHUB_ENV', 'GITHUB_PATH', 'GITHUB_STEP_SUMMARY']) {
      env[f] = join(files, f.toLowerCase());
      writeFileSync(env[f], '');
    }
    const inputs: Record<string, string> = {
      mode: 'reinstall',
      'backup-store': 'local',
      'backup-dir': join(sb.dir, 'backups-action'),
      'daemon-json': join(sb.dir, 'daemon.json'),
      'report-path': join(sb.dir, 'action.json'),
    };
    for (const [name, spec] of Object.entries(yml.inputs))
      env[`INPUT_${name.toUpperCase()}`] = inputs[name] ?? spec.default ?? '';
    const r = await runNode(healBundle, [], { env });
    const summary = readFileSync(env.GITHUB_STEP_SUMMARY ?? '', 'utf8');
    expect(summary.length, r.stdout + r.stderr).toBeGreaterThan(100);
    const bundles = bundlesIn(join(sb.dir, 'backups-action'));
    expect(bundles.length, r.stdout).toBe(1);
    const found = [
      ...bundles.flatMap((b) => hits(b, gunzipSync(readFileSync(b)))),
      ...hits('job summary', summary),
      ...hits('stdout (logs and annotations)', r.stdout),
      ...hits('stderr', r.stderr),
      ...hits('outputs', readFileSync(env.GITHUB_OUTPUT ?? '', 'utf8')),
      ...hits('state', readFileSync(env.GITHUB_STATE ?? '', 'utf8')),
      ...hits('action JSON report', readFileSync(join(sb.dir, 'action.json'))),
    ];
    expect(found).toEqual([]);
    // Whether anything asked the credential helpers is recorded for the report; their answer never showed up above.
    console.log(
      `credential helper calls: ${existsSync(helperLog) ? readFileSync(helperLog, 'utf8').trim() || 'none' : 'none'}`,
    );
  }, 300_000);
});
