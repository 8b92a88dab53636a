// The rollback command's name, summary and help, apart from the command: the command table lists
// them on every start, and the command itself (restore, stores, the bundle format) loads only when run.
const ROLLBACK_HELP = `Usage: buildkit-healer rollback [--latest | BACKUP] [options]

Restores a backup that \`buildkit-healer heal\` made: every file is checked against its sha256
before it is written back, docker-container builders of the backup that are gone are recreated,
the builder that was in use is put back in use, and a tiny test build proves it works. Anything
that could not be restored is listed with the reason.

BACKUP is a name from \`buildkit-healer backups\`; --latest takes the newest.

Options:
  --latest               roll back to the newest backup
  --backup-dir DIR       where the backups are (default ~/.buildkit-healer/backups)
  --restore-cache        also put saved cache data back: cache directories, and docker-container
                         builders' state (their build cache), into each builder's volume
  --cache-paths DIR      a directory cache data may be written into (repeat or comma-separate;
                         the heal's cache-paths): a restore writes nowhere else
  --no-recreate-builders do not recreate builders that are gone
  --allow-builder-settings LIST
                         builder settings beyond buildx's defaults a recreated builder may
                         use (image=..., network=host, env.*, BuildKit flags; repeat or
                         comma-separate); builders asking for others are not created
  --trust-unsigned       accept a backup whose MAC cannot be checked with this host's key
                         (no MAC: made before backups were signed; another user's or host's
                         key; no key here); its contents are still verified. Default: refuse
  --dry-run              print what would be restored and run, change nothing
  --json                 print the result as JSON on stdout
  -v, --verbose          progress lines on stderr
  -h, --help             this help

Exit status: 0 restored (or partly: see "not restored"), 1 failed, 2 bad usage.
`;

export const ROLLBACK_META = {
  name: 'rollback',
  summary: 'Restore a backup a heal made (--latest or a name): files, builders, the builder in use',
  help: ROLLBACK_HELP,
};
