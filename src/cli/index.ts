// The CLI bundle's entry: the only place that exits the process. Small on purpose: the compile
// cache goes on first, then the rest loads as a chunk (cached by it).
import { enableCompileCache } from '../core/compile-cache.js';

enableCompileCache();
const { runCli } = await import('./run-cli.js');
const code = await runCli();
// Let stdout drain before exiting (a piped `--json` must arrive whole).
process.stdout.write('', () => process.exit(code));
