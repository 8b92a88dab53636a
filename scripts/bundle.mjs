#!/usr/bin/env node
// Builds every entry with @vercel/ncc into dist/<name>/ (index.js, chunks, the emitted
// package.json with "type":"module", licenses.txt). One list of entries; each output directory is
// emptied first so stale chunks never survive. ncc output is byte-for-byte repeatable, which is
// what scripts/check-dist.sh and test/unit/dist.test.ts rely on. The entries build at the same
// time, each in its own ncc process (each type-checks the whole program on one core): on a
// 2-core runner that takes about half as long as one after the other.
//
//   node scripts/bundle.mjs [OUT_ROOT]      (default: dist)
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asciiOnly } from './ascii.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** name → entry; the CLI also gets a shebang and the executable bit. */
export const ENTRIES = [
  { name: 'heal', entry: 'src/action/heal.ts' },
  { name: 'rollback', entry: 'src/action/rollback.ts' },
  { name: 'cli', entry: 'src/cli/index.ts', bin: true },
];

const outRoot = resolve(root, process.argv[2] ?? 'dist');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

/** The running ncc processes: stopped with this one (a test run that ends stops its build). */
const running = new Set();
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    for (const c of running) c.kill('SIGTERM');
    process.exit(sig === 'SIGTERM' ? 143 : 130);
  });
}

/** Builds one entry; resolves with an error text, or undefined when it worked. */
async function build(e) {
  const entry = join(root, e.entry);
  if (!existsSync(entry)) return `entry ${e.entry} is missing`;
  const out = join(outRoot, e.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // No -t: ts-loader's transpile-only mode cannot see "type":"module" and emits CommonJS, which
  // breaks the ESM-only @actions packages. -C: no shared build cache, so
  // concurrent builds cannot see each other's half-written entries.
  const child = spawn(
    process.execPath,
    [ncc, 'build', entry, '-o', out, '-C', '-q', '--target', 'es2022', '--license', 'licenses.txt'],
    {
      cwd: root,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  running.add(child);
  const [code, signal] = await new Promise((res) => {
    child.on('error', (err) => res([null, String(err)]));
    child.on('close', (c, sig) => res([c, sig]));
  });
  running.delete(child);
  if (code !== 0) return `ncc failed for ${e.entry} (exit ${code ?? signal})`;
  const index = join(out, 'index.js');
  let js = readFileSync(index, 'utf8');
  if (js.includes('webpackMissingModule'))
    return `${e.name} has a webpackMissingModule: a module could not be resolved`;
  // Chunks load through the entry's cached loader where it installed one (src/core/chunk-cache.ts),
  // else with the runtime's own import().
  const load = 'import("./" + __nccwpck_require__.u(chunkId))';
  if (js.split(load).length !== 2) return `${e.name}: the chunk loading ${load} is not there exactly once`;
  js = js.replace(
    load,
    `(globalThis[Symbol.for("buildkit-healer.chunk-loader")] ?? ((s, f) => f(s)))("./" + __nccwpck_require__.u(chunkId), (s) => import(s))`,
  );
  writeFileSync(index, js);
  if (e.bin) {
    if (!js.startsWith('#!')) {
      js = `#!/usr/bin/env node\n${js}`;
      writeFileSync(index, js);
    }
    chmodSync(index, 0o755);
  }
  // ASCII where an escape means the same (scripts/ascii.mjs): V8 then holds each file as a one-byte
  // string, decoded and scanned faster on every start.
  for (const f of readdirSync(out).filter((n) => n.endsWith('.js'))) {
    const file = join(out, f);
    const code = readFileSync(file, 'utf8');
    try {
      const r = asciiOnly(code);
      if (r.code !== code) writeFileSync(file, r.code);
      if (r.kept > 0) console.log(`bundle: ${e.name}/${f} keeps ${r.kept} non-ASCII character(s) (scripts/ascii.mjs)`);
    } catch (err) {
      return `${e.name}/${f}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }
  console.log(`bundle: ${e.entry} -> ${out}`);
  return undefined;
}

const errors = (await Promise.all(ENTRIES.map(build))).filter((x) => x !== undefined);
for (const err of errors) console.error(`bundle: ${err}`);
if (errors.length > 0) process.exit(1);
