/**
 * A journal of the heal in progress: the phase being run and the backup name, written before
 * each changing phase and removed when the heal ends. A heal killed mid-clean leaves it behind,
 * so the next run sees the interruption, says how to roll back, and repairs what was left half done.
 */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Mode, PhaseName } from '../core/report.js';
import { makeDir } from '../core/files.js';

export interface JournalEntry {
  runId: string;
  mode: Mode;
  phase: PhaseName;
  backupName?: string;
  /** Store kind the backup went to, for the rollback command. */
  store?: string;
  pid: number;
  host: string;
  startedAt: string;
  updatedAt: string;
}

/** Beside the local backups directory (`~/.buildkit-healer/journal.json` by default). */
export function journalPath(backupDir: string): string {
  return join(dirname(backupDir), 'journal.json');
}

export async function readJournal(path: string): Promise<JournalEntry | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const j = JSON.parse(text) as Partial<JournalEntry>;
    if (typeof j.runId !== 'string' || typeof j.phase !== 'string') return undefined;
    return j as JournalEntry;
  } catch {
    return undefined;
  }
}

/** Atomic: a reader sees the old entry or the new one, never half of one. */
export async function writeJournal(path: string, entry: JournalEntry): Promise<void> {
  await makeDir(dirname(path));
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, JSON.stringify(entry, null, 2) + '\n');
  await rename(tmp, path);
}

export async function clearJournal(path: string): Promise<void> {
  await rm(path, { force: true });
}

/** What the next run tells the user about an interrupted heal. */
export function interruptedNote(e: JournalEntry): string {
  const rollback =
    e.backupName !== undefined
      ? ` Its backup ${e.backupName} is kept: \`buildkit-healer rollback ${e.backupName}\` restores it.`
      : '';
  return `A previous heal (run ${e.runId}, mode ${e.mode}, pid ${e.pid} on ${e.host}) was interrupted during ${e.phase} (last update ${e.updatedAt}); this run re-diagnoses and repairs what it left.${rollback}`;
}
