/**
 * Why a buildkitd exited at start, from the tail of its container's log (`docker logs --tail N`).
 * buildkitd logs with logrus (`time="..." level=warning msg="..."`) while it starts; when it gives
 * up it prints the error and its wrapped causes, one per line, then a Go stack trace (function
 * names, and their `file:line` indented by a tab). The cause is the last run's error lines.
 */

/** A stack frame: a Go function name alone on its line (`main.main`, `github.com/x/y.(*T).Run`). */
const FRAME = /^[\w./-]+(\.\(\*?\w+\))?\.[\w.-]+$/;
/** Go's standard logger (`2026/11/26 20:41:57 ...`): what a library prints while buildkitd starts. */
const GOLOG = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /;
const LOGRUS = /^time="[^"]*"\s+level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/;

/** At most this many error lines make the cause. */
const MAX_LINES = 3;
/** And at most this many characters. */
const MAX_CHARS = 400;

export function buildkitdExitCause(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  // From the end: the last start's error lines. A start still logging (its logrus lines last, no
  // error yet) is passed over, back to the error of the start before it.
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || /^\s/.test(line) || FRAME.test(t)) {
      if (out.length > 0 && t === '') break;
      continue;
    }
    const m = LOGRUS.exec(t);
    if (m || GOLOG.test(t)) {
      if (out.length > 0) break;
      // An error or fatal line is the cause itself; quieter lines are the start's progress.
      if (m && /^(error|fatal|panic)$/i.test(m[1] ?? '')) {
        out.push((m[2] ?? '').replace(/\\"/g, '"'));
        break;
      }
      continue;
    }
    out.unshift(t);
    if (out.length >= MAX_LINES) break;
  }
  if (out.length === 0) return undefined;
  const cause = out.join('; ');
  return cause.length > MAX_CHARS ? `${cause.slice(0, MAX_CHARS - 1)}…` : cause;
}

/** The cause names BuildKit's own state (its databases under /var/lib/buildkit), not its configuration. */
export function stateBroken(cause: string): boolean {
  return /\/var\/lib\/buildkit\b|\bdatabase\b|\.db\b|bolt/i.test(cause);
}

/**
 * The cause names buildkitd's configuration: the buildkitd.toml it could not parse or use, or the
 * workers it turned off (`no worker found`). Only then can a loop be put on the builder's own
 * buildkitd.toml; a flag it rejects, a missing snapshotter or an unread log is another cause, which
 * re-creating the builder may cure.
 */
export function configRejected(cause: string): boolean {
  return /\bconfig\b|\btoml\b|no worker found/i.test(cause);
}
