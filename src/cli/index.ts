// The CLI bundle's entry: the only place that exits the process. Small on purpose (an entry is
// compiled on every start, uncached): the compile cache and the cached chunk loader go on first
// (src/core/compile-cache.ts, src/core/chunk-cache.ts), then the start loads as a chunk
// (src/cli/start.ts: the head start, then the rest).
import { chunkProfile, installChunkLoader } from '../core/chunk-cache.js';
import { enableCompileCache } from '../core/compile-cache.js';

enableCompileCache();
installChunkLoader(import.meta.url, chunkProfile('cli', process.argv.slice(2), process.env));
const { start } = await import('./start.js');
const code = await start();
// Let stdout drain before exiting (a piped `--json` must arrive whole).
process.stdout.write('', () => process.exit(code));
