import { OPTION_SPECS } from '../core/parse-options.js';
import type { RawOptions } from '../core/parse-options.js';

/** Reads one input the way @actions/core does (`INPUT_<NAME>`, spaces to underscores, upper case). */
export type GetInput = (name: string) => string;

/** Every declared heal input, raw: parseOptions validates them all before anything runs. */
export function readHealInputs(getInput: GetInput): RawOptions {
  const raw: RawOptions = {};
  for (const spec of OPTION_SPECS) raw[spec.name] = getInput(spec.name);
  return raw;
}

/** The rollback action's inputs (rollback/action.yml). */
export const ROLLBACK_INPUTS = [
  {
    name: 'backup-name',
    default: '',
    description:
      "Name of the backup to restore (the heal step's backup-name output). Empty: the newest backup in the store.",
  },
  {
    name: 'artifact-id',
    default: '',
    description: "Artifact id of the backup (the heal step's backup-artifact-id output); finds the backup across runs.",
  },
  { name: 'run-id', default: '', description: 'Workflow run that made the backup (default: this run).' },
  {
    name: 'repository',
    default: '',
    description:
      'owner/repo holding the backup artifact (default: this repository). A backup is accepted only when its manifest names the repository it was taken from, and that is this repository or the one named here.',
  },
  {
    name: 'github-token',
    default: '${{ github.token }}',
    description: 'Token to download an artifact from another run.',
  },
  {
    name: 'restore-cache',
    default: 'true',
    description:
      "Also restore cache data saved with the backup: cache directories, and docker-container builders' state (their build cache) streamed back into each builder's volume before it boots.",
  },
  {
    name: 'recreate-builders',
    default: 'true',
    description: 'Recreate the builders the backup held and put the previous builder back in use.',
  },
  {
    name: 'backup-dir',
    default: '',
    description: 'Directory of the local backup store (default ~/.buildkit-healer/backups).',
  },
  {
    name: 'backup-store',
    default: 'auto',
    description: 'Where the backup is: auto (github in Actions, local elsewhere), local or github.',
  },
  {
    name: 'deadline',
    default: '30m',
    description:
      'Overall deadline of the rollback (duration from 10s to 24h, e.g. 30m): every docker call is capped at the time left; when it passes, the step fails and says where it stopped.',
  },
  {
    name: 'allow-builder-settings',
    default: '',
    description:
      "Builder settings beyond buildx's defaults a recreated builder may use (newline or comma separated): driver options as key=value or key (image, network, cgroup-parent, env.* ...) and BuildKit flags or entitlements. Builders of the backup asking for others are not created; the summary lists what they asked for.",
  },
  {
    name: 'trust-unsigned',
    default: 'false',
    description:
      'Accept a backup whose origin cannot be proven: a local backup without a MAC, signed with another key, or with no key on this host; a GitHub backup whose manifest records no repository or another one than it was taken from. Its contents are still verified. Default: refuse.',
  },
] as const;

export function readRollbackInputs(getInput: GetInput): Record<string, string> {
  const raw: Record<string, string> = {};
  for (const spec of ROLLBACK_INPUTS) raw[spec.name] = getInput(spec.name);
  return raw;
}
