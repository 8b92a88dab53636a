// The CLI bundle's entry: the only place that exits the process. Small on purpose: the compile
// cache goes on first; for `heal` in mode auto the quick look's questions start (the head start,
// src/docker/prestart.ts) while the rest loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';
import { withHeadStart } from '../docker/head-start.js';
import { cliQuickLook, prestartQuickLook } from '../docker/prestart.js';

enableCompileCache();
prestartQuickLook(process.env, cliQuickLook(process.argv.slice(2)));
const code = await withHeadStart(
  () => import('./run-cli.js'),
  ({ runCli }) => runCli(),
);
// Let stdout drain before exiting (a piped `--json` must arrive whole).
process.stdout.write('', () => process.exit(code));
