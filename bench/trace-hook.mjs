// Preloaded with `node --import ./bench/trace-hook.mjs ENTRY` by bench/prebuild-speed.mjs: records
// where one run's time goes and writes it as JSON to BKH_TRACE_FILE at exit. Times are ms since the
// process started (performance.timeOrigin): when this hook ran (Node's own start), each child
// process (argv, start, end), each Engine API request, each file the run wrote (report, GITHUB_*
// files, summary), the head start's counts (asked ahead, taken, dropped), the chunk loader's counts, Node's own
// modules loaded (builtins), and the exit. Module load = first child process - hook. Patched through
// syncBuiltinESMExports so the bundles' `import { spawn } from 'node:child_process'` see it.
import childProcess from 'node:child_process';
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { performance } from 'node:perf_hooks';

const out = process.env.BKH_TRACE_FILE;
const now = () => Math.round(performance.now() * 10) / 10;
const trace = { hook: now(), children: [], requests: [], writes: [] };

const spawn = childProcess.spawn;
childProcess.spawn = function (file, args, ...rest) {
  const c = { argv: [file, ...(Array.isArray(args) ? args : [])].join(' '), start: now() };
  trace.children.push(c);
  const child = spawn.call(this, file, args, ...rest);
  child.once('exit', () => {
    c.end = now();
  });
  return child;
};
// As the bundles load it (require): an ESM import of node:http evaluates its every export, and one
// of them, on Node 24, loads node:crypto.
const http = createRequire(import.meta.url)('node:http');
const request = http.request;
http.request = function (...a) {
  const opts = a.find((x) => typeof x === 'object' && x !== null && !(typeof x === 'function'));
  const r = { path: `${opts?.method ?? 'GET'} ${opts?.path ?? ''}`, start: now() };
  trace.requests.push(r);
  const req = request.apply(this, a);
  req.once('close', () => {
    r.end = now();
  });
  return req;
};
const file = (p) => String(p).replace(/.*\//, '');
for (const name of ['writeFileSync', 'appendFileSync']) {
  const orig = fs[name];
  fs[name] = function (p, ...rest) {
    const w = { what: `${name} ${file(p)}`, start: now() };
    try {
      return orig.call(this, p, ...rest);
    } finally {
      w.end = now();
      trace.writes.push(w);
    }
  };
}
for (const name of ['writeFile', 'appendFile']) {
  const orig = fs.promises[name];
  fs.promises[name] = async function (p, ...rest) {
    const w = { what: `${name} ${file(p)}`, start: now() };
    try {
      return await orig.call(this, p, ...rest);
    } finally {
      w.end = now();
      trace.writes.push(w);
    }
  };
}
syncBuiltinESMExports();

process.on('exit', () => {
  trace.exit = now();
  // The head start's ledger (src/docker/head-start.ts): answers asked ahead, taken, dropped.
  const hs = globalThis[Symbol.for('buildkit-healer.head-start.counts')];
  if (hs !== undefined) trace.headStart = { ...hs };
  // The chunk loader's counts (src/core/chunk-cache.ts): chunks run as cached scripts, and how.
  const cc = globalThis[Symbol.for('buildkit-healer.chunk-cache.counts')];
  if (cc !== undefined) trace.chunkCache = { ...cc };
  // Node's own modules the process loaded (this hook's too: child_process, fs, http, module,
  // perf_hooks; none of them loads node:crypto, as the hook loads them).
  trace.builtins = (process.moduleLoadList ?? [])
    .filter((m) => m.startsWith('NativeModule '))
    .map((m) => m.slice('NativeModule '.length));
  if (out) fs.writeFileSync(out, JSON.stringify(trace));
});
