/** `baseline.failed`: the tiny real build on the builder in use did not succeed. */
import type { Check } from './types.js';
import { cmd, finding, note } from './util.js';
import { clientCause, envBuilderCause } from './client.js';

export const baselineCheck: Check = {
  id: 'baseline',
  title: 'A tiny real build works on the builder in use',
  run({ facts }) {
    const b = facts.baseline;
    if (!b || b.ok) return [];
    const ev = facts.baselineEvidence ? [cmd(facts.baselineEvidence)] : [note(b.error ?? 'no evidence')];
    // The client layer (a missing or dead context, a variable naming a missing builder) explains
    // the failure: the builder itself is not known to be broken, so no advice to recreate it.
    const cause = clientCause(facts) ?? envBuilderCause(facts);
    return [
      finding(
        'baseline.failed',
        'error',
        b.builder,
        `The ${b.kind === 'benchmark' ? 'benchmark build (benchmark-context)' : 'baseline build'} on ${b.builder} failed: ${b.error ?? 'unknown error'}`,
        ev,
        {
          advice:
            cause !== undefined
              ? `Fix ${cause.subject} first (finding ${cause.id}); the builder is not known to be broken.`
              : b.kind === 'benchmark'
                ? `Run the benchmark build by hand (the command is in the evidence): when it fails there too, the build itself (its Dockerfile, context or base images) is the cause, not builder ${b.builder}; a check without benchmark-context runs the tiny test build.`
                : `Recreate or replace builder ${b.builder} (a heal in repair or reinstall mode does so).`,
        },
      ),
    ];
  },
};
