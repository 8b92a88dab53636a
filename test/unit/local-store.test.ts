import { mkdtempSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import fc from 'fast-check';
import { defaultBackupName } from '../../src/phases/backup.js';
import { LocalStore, checkBackupName } from '../../src/stores/local.js';
import { validateArtifactName } from '../../src/stores/names.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'bkh-local-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Saves a bundle whose content names it, with a chosen modification time. */
async function saveAt(store: LocalStore, name: string, epochSec: number) {
  const src = join(dir, `${name}.src`);
  writeFileSync(src, `bundle ${name}`);
  const saved = await store.save({ name, bundlePath: src, cachePaths: [] });
  utimesSync(saved.location, epochSec, epochSec);
  rmSync(src);
  return saved;
}

describe('LocalStore', () => {
  it('saves one <name>.tar.gz atomically, lists newest first, fetches a private copy', async () => {
    const store = new LocalStore(join(dir, 'backups'), 10, { keyFile: join(dir, 'keys', 'backup.key') });
    await saveAt(store, 'b-old', 1000);
    await saveAt(store, 'b-new', 3000);
    await saveAt(store, 'b-mid', 2000);
    // Each bundle with its MAC beside it.
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual([
      'b-mid.tar.gz',
      'b-mid.tar.gz.mac',
      'b-new.tar.gz',
      'b-new.tar.gz.mac',
      'b-old.tar.gz',
      'b-old.tar.gz.mac',
    ]);
    expect((await store.list()).map((b) => b.name)).toEqual(['b-new', 'b-mid', 'b-old']);
    expect((await store.latest()).name).toBe('b-new');
    const got = await store.fetch('b-mid', join(dir, 'fetched'));
    expect(readFileSync(got.bundlePath, 'utf8')).toBe('bundle b-mid');
    expect(got.bundlePath).not.toBe(got.backup.location);
  });

  it('keeps only the newest `keep` bundles, never the one just saved', async () => {
    const store = new LocalStore(join(dir, 'backups'), 2, { keyFile: join(dir, 'keys', 'backup.key') });
    await saveAt(store, 'a1', 1000);
    await saveAt(store, 'a2', 2000);
    // Saved now (mtime now): a1 is the oldest and goes, with its MAC.
    await store.save({ name: 'a3', bundlePath: (writeFileSync(join(dir, 's'), 'x'), join(dir, 's')), cachePaths: [] });
    expect((await store.list()).map((b) => b.name)).toEqual(['a3', 'a2']);
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual([
      'a2.tar.gz',
      'a2.tar.gz.mac',
      'a3.tar.gz',
      'a3.tar.gz.mac',
    ]);
  });

  it('a missing name lists the backups it can see', async () => {
    const store = new LocalStore(join(dir, 'backups'), 5);
    await saveAt(store, 'here-1', 1000);
    await saveAt(store, 'here-2', 2000);
    await expect(store.fetch('gone', join(dir, 'f'))).rejects.toThrow(
      /Backup "gone" not found in .*; backups there: here-2, here-1/,
    );
    await expect(new LocalStore(join(dir, 'empty')).fetch('x', join(dir, 'f'))).rejects.toThrow(/backups there: none/);
    await expect(new LocalStore(join(dir, 'empty')).latest()).rejects.toThrow(/No backups in/);
  });

  it('refuses names that could escape the directory, and a bad keep', async () => {
    const store = new LocalStore(join(dir, 'backups'));
    await expect(store.fetch('../etc/passwd', dir)).rejects.toBeInstanceOf(InputError);
    await expect(store.save({ name: 'a/b', bundlePath: '/dev/null', cachePaths: [] })).rejects.toThrow(
      /Invalid backup-name "a\/b"/,
    );
    expect(() => new LocalStore(dir, 0)).toThrow(/Invalid backup-keep "0": expected an integer of at least 1/);
  });
});

describe('backup names', () => {
  it('generated names are valid artifact names and safe file names for any host name', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary', maxLength: 300 }),
        fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }),
        (host, now) => {
          const name = defaultBackupName(host, now);
          expect(name).toMatch(/^buildkit-backup-.+-\d{8}T\d{6}Z-[0-9a-f]{6}$/);
          expect(validateArtifactName(name)).toBe(name);
          expect(checkBackupName(name)).toBe(name);
        },
      ),
      { numRuns: 60 },
    );
  });
});
