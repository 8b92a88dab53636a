// The CLI bundle's entry: the only place that exits the process. Small on purpose: the compile
// cache goes on first; for `heal` in mode auto the quick look's questions start (the head start,
// src/docker/prestart.ts) while the rest loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';
import { dropHeadStart } from '../docker/head-start.js';
import { cliQuickLook, prestartQuickLook } from '../docker/prestart.js';

enableCompileCache();
const ahead = prestartQuickLook(process.env, cliQuickLook(process.argv.slice(2)));
let code = 1;
try {
  const [{ runCli }] = await Promise.all([import('./run-cli.js'), ahead]);
  code = await runCli();
} finally {
  // However the run ends, nothing asked ahead outlives it (asked only once the head start has
  // offered all it started, even when the chunk failed to load).
  await ahead.catch(() => undefined);
  await dropHeadStart();
}
// Let stdout drain before exiting (a piped `--json` must arrive whole).
process.stdout.write('', () => process.exit(code));
