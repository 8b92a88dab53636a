/** `buildkit-healer backups`: the backups in the local store, newest first (read only). */
import { InputError } from '../../core/errors.js';
import { defaultOptions } from '../../core/options.js';
import { expandHome, parseBool } from '../../core/parse-options.js';
import { LocalStore } from '../../stores/local.js';
import type { StoredBackup } from '../../stores/types.js';
import type { Command, CliHost } from '../context.js';
import { parseFlags } from '../flags.js';
import type { FlagSpec } from '../flags.js';

const OWN: FlagSpec[] = [
  { name: 'backup-dir', boolean: false },
  { name: 'json', boolean: true },
  { name: 'help', boolean: true, alias: '-h' },
];

const BACKUPS_HELP = `Usage: buildkit-healer backups [--backup-dir DIR] [--json]

Lists the backups \`buildkit-healer heal\` made, newest first: name, time, size. Restore one with
\`buildkit-healer rollback NAME\` (or \`--latest\`).

Options:
  --backup-dir DIR  where the backups are (default ~/.buildkit-healer/backups)
  --json            print them as a JSON array on stdout
  -h, --help        this help

Exit status: 0 (also when there are none), 2 bad usage.
`;

/** Bytes in the largest unit that keeps a number of at least 1 (`12.3 MiB`). */
export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i]}`;
}

function renderBackupsText(list: readonly StoredBackup[], dir: string): string {
  if (list.length === 0) return `No backups in ${dir}\n`;
  const w = Math.max(...list.map((b) => b.name.length), 4);
  const rows = list.map(
    (b) =>
      `${b.name.padEnd(w)}  ${(b.createdAt ?? '').padEnd(24)}  ${b.bytes !== undefined ? humanBytes(b.bytes) : ''}`,
  );
  return `${'NAME'.padEnd(w)}  ${'CREATED'.padEnd(24)}  SIZE\n${rows.join('\n')}\n`;
}

export const backupsCommand: Command = {
  name: 'backups',
  summary: 'List the backups heal made (newest first), to pick one for rollback',
  help: BACKUPS_HELP,
  async run(args: string[], host: CliHost): Promise<number> {
    const f = parseFlags(args, [], OWN);
    if (f.own.help !== undefined && parseBool(f.own.help, '--help')) {
      host.stdout(BACKUPS_HELP);
      return 0;
    }
    if (f.positionals.length > 0)
      throw new InputError('argument', f.positionals.join(' '), 'no arguments (backups takes options only)');
    const raw = f.own['backup-dir'];
    if (raw !== undefined && raw.trim() === '') throw new InputError('--backup-dir', '', 'a directory');
    const dir = raw !== undefined ? expandHome(raw, host.env) : defaultOptions(host.env).backup.dir;
    const list = await new LocalStore(dir, defaultOptions(host.env).backup.keep).list();
    if (f.own.json === 'true') host.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else host.stdout(renderBackupsText(list, dir));
    return 0;
  },
};
