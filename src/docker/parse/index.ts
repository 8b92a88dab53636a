/**
 * Parsers for docker and buildx output. Each is pure: (stdout, stderr?) => typed result.
 * They read every buildx version from 0.10 on and ignore what they do not know.
 * Implemented one format per file below.
 */
export { parseDockerVersion, parseDockerInfo } from './docker-json.js';
export { parseBuildxVersion } from './buildx-version.js';
export { parseLsJson, parseLsTable } from './ls.js';
export { parseInspect } from './inspect.js';
export { parseDu } from './du.js';
export { parseRawJsonProgress } from './progress.js';
export { parseTop, buildkitActivity, programName } from './top.js';
export type { TopProcess } from './top.js';
export { buildkitdExitCause, configRejected, stateBroken } from './buildkitd-log.js';
export { currentContextOf } from './config-json.js';
