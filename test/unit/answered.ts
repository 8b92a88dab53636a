/** Facts of a quick look that answered: `buildx ls --format json` listed `default`, running. */
import type { Facts } from '../../src/checks/types.js';
import type { Builder, CommandResult } from '../../src/core/types.js';

export function okResult(argv: string[], stdout: string): CommandResult {
  return { argv, exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, durationMs: 5 };
}

export function answeredFacts(extra: Partial<Facts> = {}): Facts {
  const builder: Builder = {
    name: 'default',
    driver: 'docker',
    current: true,
    status: 'running',
    nodes: [{ name: 'default', endpoint: 'default', status: 'running', platforms: ['linux/amd64'] }],
  };
  return {
    ls: {
      result: okResult(['docker', 'buildx', 'ls', '--format', 'json'], '{"Name":"default"}\n'),
      parsed: { builders: [builder], errors: [], format: 'json' },
    },
    inspects: {},
    builders: [builder],
    currentBuilder: 'default',
    instanceFiles: [],
    buildkitdTomls: [],
    orphans: [],
    ...extra,
  };
}
