import { homedir } from 'node:os';
import { join } from 'node:path';
import { createHash } from '../core/crypto.js';

/** Where the docker CLI and buildx keep their state, honouring DOCKER_CONFIG and BUILDX_CONFIG. */
export interface DockerPaths {
  /** `$DOCKER_CONFIG` or `~/.docker`. */
  configDir: string;
  configJson: string;
  /** `$BUILDX_CONFIG` or `<configDir>/buildx`. */
  buildxDir: string;
  instancesDir: string;
  currentFile: string;
  defaultsDir: string;
  activityDir: string;
  contextsMetaDir: string;
  contextsTlsDir: string;
  cliPluginsDir: string;
}

export function dockerPaths(env: NodeJS.ProcessEnv = process.env): DockerPaths {
  const configDir =
    env.DOCKER_CONFIG && env.DOCKER_CONFIG !== '' ? env.DOCKER_CONFIG : join(env.HOME ?? homedir(), '.docker');
  const buildxDir = env.BUILDX_CONFIG && env.BUILDX_CONFIG !== '' ? env.BUILDX_CONFIG : join(configDir, 'buildx');
  return {
    configDir,
    configJson: join(configDir, 'config.json'),
    buildxDir,
    instancesDir: join(buildxDir, 'instances'),
    currentFile: join(buildxDir, 'current'),
    defaultsDir: join(buildxDir, 'defaults'),
    activityDir: join(buildxDir, 'activity'),
    contextsMetaDir: join(configDir, 'contexts', 'meta'),
    contextsTlsDir: join(configDir, 'contexts', 'tls'),
    cliPluginsDir: join(configDir, 'cli-plugins'),
  };
}

/** The docker CLI stores a context's metadata under the SHA-256 of its name. */
export function contextDirName(name: string): string {
  return createHash('sha256').update(name).digest('hex');
}
