/** `buildx.missing`, `buildx.not-runnable`, `buildx.too-old`: the plugin is there, runs, and is new enough. */
import type { Check } from './types.js';
import { cmd, compareVersions, finding, note } from './util.js';
import { clientCause } from './client.js';

const reinstall = (why: string) => ({
  action: 'buildx.reinstall',
  description: `Install the pinned buildx plugin (${why})`,
  target: 'docker-buildx',
  automatic: true,
});

export const buildxCheck: Check = {
  id: 'buildx',
  title: 'buildx plugin present, runnable and recent',
  run({ facts, options }) {
    const bv = facts.buildxVersion;
    if (bv === undefined || bv.result.timedOut) return []; // timeouts are daemon.timeout's
    // A client layer that makes every docker command fail is the cause, not the plugin.
    if (bv.parsed === undefined && clientCause(facts) !== undefined) return [];
    const plugin = facts.info?.parsed?.clientPlugins.find((p) => p.name === 'buildx');
    const ev = [cmd(bv.result), ...(facts.info ? [cmd(facts.info.result)] : [])];
    const ran = bv.parsed !== undefined;
    if (!ran) {
      const text = `${bv.result.stderr}\n${plugin?.err ?? ''}`;
      if (
        plugin?.err !== undefined ||
        /exec format error|fork\/exec|permission denied|failed to fetch metadata/i.test(text)
      ) {
        return [
          finding(
            'buildx.not-runnable',
            'error',
            plugin?.path ?? 'docker-buildx',
            `The buildx plugin is installed but cannot run: ${plugin?.err ?? bv.result.stderr.trim()}`,
            ev,
            { repair: reinstall('the binary is broken or truncated') },
          ),
        ];
      }
      return [
        finding(
          'buildx.missing',
          'error',
          'docker-buildx',
          `The buildx plugin is not installed: ${bv.result.stderr.trim().split('\n')[0] ?? 'docker buildx did not run'}`,
          ev,
          { repair: reinstall('it is missing') },
        ),
      ];
    }
    const v = bv.parsed?.semver;
    if (v !== null && v !== undefined && compareVersions(v, options.minBuildxVersion) < 0) {
      return [
        finding(
          'buildx.too-old',
          'error',
          'docker-buildx',
          `buildx ${v} is older than the minimum ${options.minBuildxVersion}.`,
          [cmd(bv.result), note(`minBuildxVersion=${options.minBuildxVersion}`)],
          { repair: reinstall(`older than ${options.minBuildxVersion}`) },
        ),
      ];
    }
    return [];
  },
};
