// The rollback action's entry: the compile cache and the cached chunk loader first, then the host loads as a chunk.
import { chunkProfile, installChunkLoader } from '../core/chunk-cache.js';
import { enableCompileCache } from '../core/compile-cache.js';

enableCompileCache();
installChunkLoader(import.meta.url, chunkProfile('rollback', [], process.env));
const { run } = await import('./run-rollback.js');
await run();
