/** The rows of a generated Markdown table between `<!-- generated: NAME -->` markers, by first cell. */
export function generatedRows(md: string, name: string): Map<string, string[]> {
  const m = new RegExp(`<!-- generated: ${name} -->\\n([\\s\\S]*?)<!-- /generated -->`).exec(md);
  if (!m) throw new Error(`no generated block ${name}`);
  const rows = new Map<string, string[]>();
  for (const line of (m[1] ?? '').split('\n')) {
    // Cells are split on unescaped pipes (descriptions escape theirs as \|).
    const cells = line
      .split(/(?<!\\)\|/)
      .slice(1, -1)
      .map((c) => c.trim());
    const key = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (key !== undefined) rows.set(key, cells.slice(1));
  }
  return rows;
}
