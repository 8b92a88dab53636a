/**
 * Keys of docker's `config.json` as the docker CLI reads them. The CLI decodes the file into its
 * settings struct with Go's encoding/json, which matches an object key to a field
 * case-insensitively: `CurrentContext` (or `CURRENTCONTEXT`) sets the current context as
 * `currentContext` does, and of several such keys the last one in the file wins (a `null` leaves
 * what an earlier one set). Checked with docker 28.2.2 on the test daemon.
 */

/** The field name the CLI writes (`docker context use`); any spelling of it is read. */
export const CURRENT_CONTEXT_KEY = 'currentContext';

/**
 * The current context config.json names, read as the CLI reads it (any key case); undefined when
 * none is set, it is empty, or the value is not a string.
 */
export function currentContextOf(doc: Record<string, unknown>): string | undefined {
  let cur: string | undefined;
  for (const [k, v] of Object.entries(doc)) {
    if (k.toLowerCase() !== CURRENT_CONTEXT_KEY.toLowerCase() || v === null) continue;
    cur = typeof v === 'string' ? v : undefined;
  }
  return cur === '' ? undefined : cur;
}
