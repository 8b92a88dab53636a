/** Small pure helpers shared by the renderers. */
import type { CommandResult, Evidence } from '../core/types.js';
import type { Status } from '../core/report.js';
import { commandLine } from '../docker/runner.js';

/** HTML-escapes text that lands in Markdown: command output must never become markup. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A Markdown table cell: escaped, pipes guarded, one line. */
export function cell(s: string | undefined): string {
  if (s === undefined || s === '') return '';
  return escapeHtml(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

/** Inline code in a table cell; backticks inside are replaced so the span cannot break. */
export function code(s: string): string {
  return `<code>${cell(s)}</code>`;
}

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const m = Math.floor(ms / 60_000);
  const s = Math.round((ms % 60_000) / 1000);
  return `${m} min ${s} s`;
}

/** Keeps the head and the tail (errors are usually at the end), with a note of what was cut. */
export function truncateMiddle(s: string, max: number): string {
  if (s.length <= max) return s;
  const head = Math.floor(max / 4);
  const tail = max - head;
  const cut = s.length - head - tail;
  return `${s.slice(0, head)}\n[... ${cut} characters cut ...]\n${s.slice(s.length - tail)}`;
}

export const STATUS_ICON: Record<Status, string> = {
  healthy: '✅',
  repaired: '🛠️',
  unhealthy: '❌',
  failed: '❌',
};

/** Plain text of one piece of evidence (full; renderers truncate). */
export function evidenceText(e: Evidence): string {
  switch (e.kind) {
    case 'command':
      return commandEvidence(e);
    case 'file':
      return `file ${e.path}${e.error !== undefined ? ` (${e.error})` : ''}\n${e.content}`;
    case 'note':
      return e.text;
  }
}

function commandEvidence(r: CommandResult): string {
  const status =
    r.spawnError !== undefined
      ? `could not start: ${r.spawnError}`
      : r.timedOut
        ? `timed out after ${formatDuration(r.durationMs)}`
        : r.signal !== null
          ? `killed by ${r.signal}`
          : `exit ${r.exitCode ?? '?'}`;
  const parts = [
    r.remembered !== undefined
      ? `$ ${commandLine(r.argv)}   (${status}, not run now: ${r.remembered})`
      : `$ ${commandLine(r.argv)}   (${status}${r.dryRun ? ', dry run' : ''}, ${formatDuration(r.durationMs)})`,
  ];
  if (r.stdout.trim() !== '') parts.push(`--- stdout ---\n${r.stdout.replace(/\s+$/, '')}`);
  if (r.stderr.trim() !== '') parts.push(`--- stderr ---\n${r.stderr.replace(/\s+$/, '')}`);
  return parts.join('\n');
}
