/**
 * `buildkit-healer rollback [--latest | BACKUP]`: put a backup made by `heal` back (files verified
 * by checksum, builders recreated, the builder in use restored, a test build), and
 * `buildkit-healer backups`: the backups in the local store, newest first.
 */
import { InputError } from '../../core/errors.js';
import { defaultOptions } from '../../core/options.js';
import { expandHome, parseBool } from '../../core/parse-options.js';
import { rollbackRecordLines } from '../../report/rollback-record.js';
import { rollback, rollbackStatus } from '../../phases/rollback.js';
import type { RollbackResult } from '../../phases/rollback.js';
import { openStore } from '../../stores/index.js';
import { checkBackupName } from '../../stores/local.js';
import type { Command, CliHost } from '../context.js';
import { cliDeps, cliLogger } from '../context.js';
import { parseFlags } from '../flags.js';
import { parseAllowBuilderSettings } from '../../core/option-values.js';
import type { FlagSpec } from '../flags.js';

const OWN: FlagSpec[] = [
  { name: 'latest', boolean: true },
  { name: 'backup-dir', boolean: false },
  { name: 'restore-cache', boolean: true },
  { name: 'cache-paths', boolean: false },
  { name: 'recreate-builders', boolean: true },
  { name: 'allow-builder-settings', boolean: false },
  { name: 'trust-unsigned', boolean: true },
  { name: 'dry-run', boolean: true },
  { name: 'json', boolean: true },
  { name: 'verbose', boolean: true, alias: '-v' },
  { name: 'help', boolean: true, alias: '-h' },
];

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

/** Options of one rollback, validated before anything is read or changed. */
export interface RollbackCliArgs {
  name?: string;
  latest: boolean;
  backupDir: string;
  restoreCache: boolean;
  /** Directories cache data may be restored into. */
  cachePaths: string[];
  recreateBuilders: boolean;
  /** Builder settings beyond the defaults a recreated builder may use. */
  allowBuilderSettings: string[];
  /** Accept a backup whose origin cannot be proven (no MAC, another key, no key here). */
  trustUnsigned: boolean;
  dryRun: boolean;
  json: boolean;
  verbose: boolean;
  help: boolean;
}

function flag(own: Record<string, string>, name: string, dflt: boolean): boolean {
  const v = own[name];
  return v === undefined ? dflt : parseBool(v, `--${name}`);
}

/** Pure: argv to the rollback's options; InputError naming the flag on anything wrong. */
export function parseRollbackArgs(args: readonly string[], env: NodeJS.ProcessEnv): RollbackCliArgs {
  const f = parseFlags(args, [], OWN);
  const out: RollbackCliArgs = {
    latest: flag(f.own, 'latest', false),
    backupDir:
      f.own['backup-dir'] !== undefined ? expandHome(f.own['backup-dir'], env) : defaultOptions(env).backup.dir,
    restoreCache: flag(f.own, 'restore-cache', false),
    // parseFlags joins a repeated flag with newlines.
    cachePaths: (f.own['cache-paths'] ?? '')
      .split(/[\n,]/)
      .map((x) => x.trim())
      .filter((x) => x !== '')
      .map((x) => expandHome(x, env)),
    recreateBuilders: flag(f.own, 'recreate-builders', true),
    allowBuilderSettings: parseAllowBuilderSettings(
      (f.own['allow-builder-settings'] ?? '')
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== ''),
      '--allow-builder-settings',
    ),
    trustUnsigned: flag(f.own, 'trust-unsigned', false),
    dryRun: flag(f.own, 'dry-run', false),
    json: flag(f.own, 'json', false),
    verbose: flag(f.own, 'verbose', false),
    help: flag(f.own, 'help', false),
  };
  if (out.help) return out;
  if (f.own['backup-dir'] !== undefined && f.own['backup-dir'].trim() === '')
    throw new InputError('--backup-dir', '', 'a directory');
  if (f.positionals.length > 1)
    throw new InputError('BACKUP', f.positionals.join(' '), 'one backup name (see buildkit-healer backups)');
  const name = f.positionals[0];
  if (name !== undefined && out.latest)
    throw new InputError('BACKUP', name, 'either a backup name or --latest, not both');
  if (name === undefined && !out.latest)
    throw new InputError('BACKUP', '', 'a backup name (see buildkit-healer backups) or --latest');
  if (name !== undefined) out.name = checkBackupName(name, 'BACKUP');
  return out;
}

export function renderRollbackText(r: RollbackResult, dryRun: boolean): string {
  const status = rollbackStatus(r);
  const out = [`rollback of ${r.name}: ${dryRun ? 'dry run' : status}`];
  if (r.error !== undefined) out.push(`error: ${r.error}`);
  if (dryRun) {
    const planned = r.actions.filter((a) => a.dryRun === true);
    out.push(
      '',
      'Would do:',
      ...(planned.length === 0
        ? ['  nothing']
        : planned.map((a) => `  ${a.action} ${a.target}${a.command !== undefined ? `: ${a.command}` : ''}`)),
    );
  } else {
    out.push('', 'Restored:', ...(r.restored.length === 0 ? ['  nothing'] : r.restored.map((x) => `  ${x.path}`)));
  }
  out.push(
    '',
    'Not restored:',
    ...(r.skipped.length === 0 ? ['  nothing was left out'] : r.skipped.map((x) => `  ${x.path}: ${x.reason}`)),
  );
  out.push(
    '',
    `Builders: ${r.builders.length === 0 ? 'none of the backup\u2019s builders exist' : r.builders.join(', ')}`,
  );
  if (!dryRun) out.push(`In use: ${r.currentBuilder ?? 'unknown'}; test build ${r.buildOk ? 'ok' : 'FAILED'}`);
  out.push(...rollbackRecordLines(r.record));
  return `${out.join('\n')}\n`;
}

export const rollbackCommand: Command = {
  name: 'rollback',
  summary: 'Restore a backup a heal made (--latest or a name): files, builders, the builder in use',
  help: ROLLBACK_HELP,
  async run(args: string[], host: CliHost): Promise<number> {
    const a = parseRollbackArgs(args, host.env);
    if (a.help) {
      host.stdout(ROLLBACK_HELP);
      return 0;
    }
    const options = { ...defaultOptions(host.env), dryRun: a.dryRun };
    const deps = cliDeps(host, options, cliLogger(host, a.verbose));
    const store = await openStore('local', { ...options.backup, dir: a.backupDir }, deps);
    const result = await rollback(deps, {
      store,
      ...(a.name !== undefined ? { name: a.name } : { latest: true }),
      restoreCache: a.restoreCache,
      // Cache restore covers docker-container builders' state (their build cache) too.
      restoreBuilderState: a.restoreCache,
      allowedCachePaths: a.cachePaths,
      recreateBuilders: a.recreateBuilders,
      allowBuilderSettings: a.allowBuilderSettings,
      trustUnsigned: a.trustUnsigned,
      dryRun: a.dryRun,
      ...(a.dryRun ? { testBuild: false } : {}),
    });
    const status = a.dryRun ? (result.error !== undefined ? 'failed' : 'dry-run') : rollbackStatus(result);
    if (a.json) host.stdout(`${JSON.stringify({ status, ...result }, null, 2)}\n`);
    else host.stdout(renderRollbackText(result, a.dryRun));
    return status === 'failed' ? 1 : 0;
  },
};
