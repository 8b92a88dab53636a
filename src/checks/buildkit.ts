/** `buildkit.disabled`: BuildKit turned off in daemon.json or by DOCKER_BUILDKIT=0. */
import type { Check } from './types.js';
import { file, finding, note } from './util.js';

/** `features.buildkit` of a parsed daemon.json, when set to a boolean. */
function daemonBuildkitFeature(content: string | undefined): boolean | undefined {
  if (content === undefined) return undefined;
  try {
    const v = JSON.parse(content) as { features?: { buildkit?: unknown } };
    const b = v?.features?.buildkit;
    return typeof b === 'boolean' ? b : undefined;
  } catch {
    return undefined;
  }
}

function envOff(v: string | undefined): boolean {
  return v !== undefined && /^(0|false|no|off)$/i.test(v.trim());
}

export const buildkitCheck: Check = {
  id: 'buildkit',
  title: 'BuildKit enabled',
  run({ facts }) {
    const out = [];
    const dj = facts.daemonJson;
    if (dj && dj.parseError === undefined && daemonBuildkitFeature(dj.content) === false) {
      out.push(
        finding(
          'buildkit.disabled',
          'error',
          dj.path,
          `BuildKit is turned off in ${dj.path} ("features": {"buildkit": false}).`,
          [file(dj)],
          {
            repair: {
              action: 'daemon.enable-buildkit',
              description: `Set features.buildkit to true in ${dj.path} and restart the daemon`,
              target: dj.path,
              automatic: true,
            },
          },
        ),
      );
    }
    if (envOff(facts.dockerBuildkitEnv)) {
      out.push(
        finding(
          'buildkit.disabled',
          'error',
          'DOCKER_BUILDKIT',
          `DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''} makes \`docker build\` use the legacy builder.`,
          [note(`DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''}`)],
          {
            advice: 'Remove DOCKER_BUILDKIT=0 from the job or runner environment (or set it to 1).',
          },
        ),
      );
    }
    return out;
  },
};
