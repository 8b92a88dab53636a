/**
 * The local directory store (the CLI's default): one `<name>.tar.gz` per backup under
 * `~/.buildkit-healer/backups`, written atomically (temp file + rename), newest first, the
 * oldest beyond `keep` removed after each save. Each bundle is signed with this host's key
 * (`<name>.tar.gz.mac` beside it, see bundle/mac.ts); `fetch` checks the MAC of its private copy
 * before anything else reads it and refuses a bundle it cannot prove unless trust-unsigned.
 */
import { randomBytes } from '../core/crypto.js';
import { copyFile, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, SourceError, errorMessage } from '../core/errors.js';
import type { SourceCheck } from '../core/report.js';
import type { FetchOptions, SaveRequest, Store, StoredBackup } from './types.js';
import { makeDir } from '../core/files.js';
import { MAC_SUFFIX, loadOrCreateKey, readKey, signFile, verifyFile } from '../bundle/mac.js';

const SUFFIX = '.tar.gz';
/** Names are used as file names: no separators, no dot-dot, nothing GitHub would reject either. */
const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,200}$/;

export function checkBackupName(name: string, input = 'backup-name'): string {
  if (!NAME_RE.test(name) || name.includes('..')) {
    throw new InputError(
      input,
      name,
      'a backup name of letters, digits, ".", "_" and "-" (no "/", no "..", at most 201 characters)',
    );
  }
  return name;
}

export class LocalStore implements Store {
  readonly kind = 'local';

  /** The host's key file (see defaultKeyFile); undefined: bundles are neither signed nor provable. */
  readonly keyFile: string | undefined;

  constructor(
    readonly dir: string,
    readonly keep: number = 10,
    opts: { keyFile?: string } = {},
  ) {
    this.keyFile = opts.keyFile;
    if (!Number.isInteger(keep) || keep < 1)
      throw new InputError('backup-keep', String(keep), 'an integer of at least 1');
  }

  private pathOf(name: string): string {
    return join(this.dir, checkBackupName(name) + SUFFIX);
  }

  async save(req: SaveRequest): Promise<StoredBackup> {
    const dest = this.pathOf(req.name);
    await makeDir(this.dir, 0o700);
    const tmp = join(this.dir, `.${req.name}.${randomBytes(6).toString('hex')}.tmp`);
    let warnings: string[];
    try {
      await copyFile(req.bundlePath, tmp);
      // The MAC goes in place before the bundle: a run killed in between leaves no unsigned bundle.
      warnings = await this.sign(tmp, dest + MAC_SUFFIX);
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    const st = await stat(dest);
    await this.prune(req.name);
    return {
      name: req.name,
      location: dest,
      createdAt: st.mtime.toISOString(),
      bytes: st.size,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /** Writes `<bundle>.mac`; a failure leaves the backup unsigned with a warning (a rollback then needs trust-unsigned). */
  private async sign(bundle: string, macPath: string): Promise<string[]> {
    await rm(macPath, { force: true });
    if (this.keyFile === undefined) return ['backup not signed: no key file configured for the local store'];
    try {
      const key = await loadOrCreateKey(this.keyFile);
      const rec = await signFile(key, bundle);
      const tmp = join(this.dir, `.mac.${randomBytes(6).toString('hex')}.tmp`);
      await writeFile(tmp, JSON.stringify(rec) + '\n', { mode: 0o600 });
      await rename(tmp, macPath);
      return [];
    } catch (e) {
      return [
        `backup not signed (${errorMessage(e)}): a rollback from it will need trust-unsigned (CLI: --trust-unsigned)`,
      ];
    }
  }

  /** Newest first (modification time, then name, whose timestamp sorts too). */
  async list(): Promise<StoredBackup[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const out: (StoredBackup & { mtimeMs: number })[] = [];
    for (const f of names) {
      if (!f.endsWith(SUFFIX) || f.startsWith('.')) continue;
      const name = f.slice(0, -SUFFIX.length);
      if (!NAME_RE.test(name)) continue;
      const st = await stat(join(this.dir, f)).catch(() => undefined);
      if (st === undefined || !st.isFile()) continue;
      out.push({
        name,
        location: join(this.dir, f),
        createdAt: st.mtime.toISOString(),
        bytes: st.size,
        mtimeMs: st.mtimeMs,
      });
    }
    out.sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    return out.map(({ mtimeMs: _m, ...b }) => b);
  }

  /** The newest backup, or a clear error when there is none. */
  async latest(): Promise<StoredBackup> {
    const all = await this.list();
    const first = all[0];
    if (first === undefined) throw new Error(`No backups in ${this.dir}`);
    return first;
  }

  async fetch(
    name: string,
    destDir: string,
    opts: FetchOptions = {},
  ): Promise<{ backup: StoredBackup; bundlePath: string; source: SourceCheck }> {
    checkBackupName(name);
    const all = await this.list();
    const backup = all.find((b) => b.name === name);
    if (backup === undefined) {
      const seen = all.length === 0 ? 'none' : all.map((b) => b.name).join(', ');
      throw new Error(`Backup ${JSON.stringify(name)} not found in ${this.dir}; backups there: ${seen}`);
    }
    await makeDir(destDir, 0o700);
    // A private copy: the stored file stays untouched while it is verified and restored.
    const bundlePath = join(destDir, `${name}${SUFFIX}`);
    await copyFile(backup.location, bundlePath);
    const source = await this.check(name, backup.location + MAC_SUFFIX, bundlePath, opts.trustUnsigned === true);
    return { backup, bundlePath, source };
  }

  /** Checks the private copy against the stored MAC: before anything reads the bundle. */
  private async check(name: string, macPath: string, copy: string, trust: boolean): Promise<SourceCheck> {
    const keyFile = this.keyFile ?? '(none configured)';
    const base = { store: 'local' as const, keyFile };
    let message: string;
    try {
      const text = await readFile(macPath, 'utf8').catch((e: unknown) => {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw e;
      });
      const key = text === undefined || this.keyFile === undefined ? undefined : await readKey(this.keyFile);
      const v = await verifyFile(key, keyFile, copy, text, JSON.stringify(name));
      if (v.ok)
        return { ...base, checked: 'hmac', ok: true, keyId: v.keyId, detail: `MAC checked with key ${v.keyId}` };
      message = v.message;
    } catch (e) {
      message = `backup ${JSON.stringify(name)}: its MAC could not be checked (${errorMessage(e)}); roll back from a backup made on this host by this user, or accept it knowingly with trust-unsigned (CLI: --trust-unsigned)`;
    }
    if (trust) return { ...base, checked: 'unverified', ok: true, detail: `accepted with trust-unsigned: ${message}` };
    throw new SourceError(`Bundle refused: ${message}`, { ...base, checked: 'hmac', ok: false, detail: message });
  }

  async remove(name: string): Promise<void> {
    await rm(this.pathOf(name), { force: true });
    await rm(this.pathOf(name) + MAC_SUFFIX, { force: true });
  }

  /** Retention by count; the backup just saved is never the one removed. */
  private async prune(justSaved: string): Promise<void> {
    const all = await this.list();
    let kept = 0;
    for (const b of all) {
      if (b.name === justSaved || kept < this.keep - 1) {
        if (b.name !== justSaved) kept += 1;
        continue;
      }
      await rm(b.location, { force: true });
      await rm(b.location + MAC_SUFFIX, { force: true });
    }
  }
}
