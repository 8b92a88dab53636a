/** `config.invalid-buildkitd-toml`, `config.invalid-daemon-json`: configuration files parse. */
import type { Finding } from '../core/types.js';
import type { Check } from './types.js';
import { file, finding } from './util.js';

export const configCheck: Check = {
  id: 'config',
  title: 'buildkitd.toml and daemon.json are valid',
  run({ facts }) {
    const out: Finding[] = [];
    for (const t of facts.buildkitdTomls) {
      const err = t.parseError ?? t.readError;
      if (err === undefined) continue;
      out.push(
        finding('config.invalid-buildkitd-toml', 'error', t.path, `${t.path} is not valid TOML: ${err}`, [file(t)], {
          advice: 'Fix the TOML syntax; a builder created with this file fails to start.',
        }),
      );
    }
    const dj = facts.daemonJson;
    if (dj && dj.parseError !== undefined) {
      out.push(
        finding(
          'config.invalid-daemon-json',
          'error',
          dj.path,
          `${dj.path} is not valid JSON: ${dj.parseError}`,
          [file(dj)],
          {
            advice: 'Fix daemon.json; dockerd refuses to start with an invalid one.',
          },
        ),
      );
    }
    return out;
  },
};
