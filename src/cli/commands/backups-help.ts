// The backups command's name, summary and help, apart from the command: the command table lists
// them on every start, and the command itself (the local store) loads only when run.
const BACKUPS_HELP = `Usage: buildkit-healer backups [--backup-dir DIR] [--json]

Lists the backups \`buildkit-healer heal\` made, newest first: name, time, size. Restore one with
\`buildkit-healer rollback NAME\` (or \`--latest\`).

Options:
  --backup-dir DIR  where the backups are (default ~/.buildkit-healer/backups)
  --json            print them as a JSON array on stdout
  -h, --help        this help

Exit status: 0 (also when there are none), 2 bad usage.
`;

export const BACKUPS_META = {
  name: 'backups',
  summary: 'List the backups heal made (newest first), to pick one for rollback',
  help: BACKUPS_HELP,
};
