// The heal action's entry. Small on purpose (an entry is compiled on every start, uncached): the
// compile cache and the cached chunk loader go on first (src/core/compile-cache.ts,
// src/core/chunk-cache.ts), then the start loads as a chunk (src/action/start-heal.ts: the head
// start, then the host).
import { chunkProfile, installChunkLoader } from '../core/chunk-cache.js';
import { enableCompileCache } from '../core/compile-cache.js';

enableCompileCache();
installChunkLoader(import.meta.url, chunkProfile('action', [], process.env));
const { start } = await import('./start-heal.js');
await start();
