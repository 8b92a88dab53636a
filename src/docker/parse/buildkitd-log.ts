/**
 * Why a buildkitd exited at start, from the tail of its container's log (`docker logs --tail N`).
 * buildkitd logs with logrus (`time="..." level=warning msg="..."`) while it starts; when it gives
 * up it prints the error and its wrapped causes, one per line, then a Go stack trace (function
 * names, and their `file:line` indented by a tab). The cause is the last run's error lines.
 */

/** A stack frame: a Go function name alone on its line (`main.main`, `github.com/x/y.(*T).Run`). */
const FRAME = /^[\w./-]+(\.\(\*?\w+\))?\.[\w.-]+$/;
const LOGRUS = /^time="[^"]*"\s+level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/;

/** At most this many error lines make the cause. */
const MAX_LINES = 3;
/** And at most this many characters. */
const MAX_CHARS = 400;

export function buildkitdExitCause(log: string): string | undefined {
  const lines = log.split(/\r?\n/);
  // The last logrus line closes the run before the error (buildkitd logs nothing after it gives up).
  const out: string[] = [];
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    const t = line.trim();
    if (t === '' || /^\s/.test(line) || FRAME.test(t)) {
      if (out.length > 0 && t === '') break;
      continue;
    }
    const m = LOGRUS.exec(t);
    if (m) {
      // An error or fatal line is the cause itself; anything quieter ends the error block.
      if (out.length === 0 && /^(error|fatal|panic)$/i.test(m[1] ?? '')) out.unshift((m[2] ?? '').replace(/\\"/g, '"'));
      break;
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
