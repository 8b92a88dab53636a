/**
 * The environment every docker call gets from the Docker door: only the variables that steer the
 * docker CLI and its plugins are passed explicitly (the rest is inherited from the runner's). Its
 * own module: the entries' head start (src/docker/prestart.ts) builds the very same calls.
 */
export function pickDockerEnv(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(env)) {
    if (k.startsWith('DOCKER_') || k.startsWith('BUILDX_') || k === 'HOME' || k === 'PATH') out[k] = v;
  }
  return out;
}
