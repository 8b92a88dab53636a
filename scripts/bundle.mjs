#!/usr/bin/env node
// Builds every entry with @vercel/ncc into dist/<name>/ (index.js, chunks, the emitted
// package.json with "type":"module", licenses.txt). One list of entries; each output directory is
// emptied first so stale chunks never survive. ncc output is byte-for-byte repeatable, which is
// what scripts/check-dist.sh and test/unit/dist.test.ts rely on.
//
//   node scripts/bundle.mjs [OUT_ROOT]      (default: dist)
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** name → entry; the CLI also gets a shebang and the executable bit. */
export const ENTRIES = [
  { name: 'heal', entry: 'src/action/heal.ts' },
  { name: 'rollback', entry: 'src/action/rollback.ts' },
  { name: 'cli', entry: 'src/cli/index.ts', bin: true },
];

const outRoot = resolve(root, process.argv[2] ?? 'dist');
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

for (const e of ENTRIES) {
  const entry = join(root, e.entry);
  if (!existsSync(entry)) {
    console.error(`bundle: entry ${e.entry} is missing`);
    process.exit(1);
  }
  const out = join(outRoot, e.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // No -t: ts-loader's transpile-only mode cannot see "type":"module" and emits CommonJS, which
  // breaks the ESM-only @actions packages. -C: no shared build cache, so
  // concurrent builds cannot see each other's half-written entries.
  const r = spawnSync(process.execPath, [ncc, 'build', entry, '-o', out, '-C', '-q', '--target', 'es2022', '--license', 'licenses.txt'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0) {
    console.error(`bundle: ncc failed for ${e.entry} (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  const index = join(out, 'index.js');
  let code = readFileSync(index, 'utf8');
  if (code.includes('webpackMissingModule')) {
    console.error(`bundle: ${e.name} has a webpackMissingModule: a module could not be resolved`);
    process.exit(1);
  }
  if (e.bin) {
    if (!code.startsWith('#!')) {
      code = `#!/usr/bin/env node\n${code}`;
      writeFileSync(index, code);
    }
    chmodSync(index, 0o755);
  }
  console.log(`bundle: ${e.entry} -> ${out}`);
}
