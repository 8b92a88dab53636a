/** `daemon.unreachable`, `daemon.timeout`: the daemon answers, and answers in time. */
import type { Check } from './types.js';
import { allResults, cmd, finding, unreachableReason } from './util.js';
import { commandLine } from '../docker/runner.js';
import { clientCause } from './client.js';

export const daemonCheck: Check = {
  id: 'daemon',
  title: 'Docker daemon reachable and responsive',
  run({ facts }) {
    const out = [];
    const reason = unreachableReason(facts);
    // The context in use is missing or dead, or a variable breaks the CLI: client.* names that cause.
    if (reason !== undefined && clientCause(facts) === undefined) {
      const ev = [facts.info?.result, facts.dockerVersion?.result].filter((r) => r !== undefined).map(cmd);
      out.push(
        finding('daemon.unreachable', 'error', 'daemon', `The Docker daemon cannot be reached: ${reason}`, ev, {
          advice: `Start the Docker daemon or point DOCKER_HOST/the docker context at a running one${facts.dockerHost ? ` (DOCKER_HOST=${facts.dockerHost})` : ''}.`,
        }),
      );
    }
    // A hung daemon is a finding, not a hung job: every probe ran with a timeout.
    for (const r of allResults(facts).filter((x) => x.timedOut)) {
      out.push(
        finding(
          'daemon.timeout',
          'error',
          commandLine(r.argv),
          `\`${commandLine(r.argv)}\` did not answer within its timeout (${r.durationMs} ms): the daemon or a builder is hung.`,
          [cmd(r)],
          {
            advice: 'Check the daemon (`systemctl status docker`, its log) and restart it if it is hung.',
          },
        ),
      );
    }
    return out;
  },
};
