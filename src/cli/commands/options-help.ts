import { OPTION_SPECS } from '../../core/parse-options.js';

/** The option flags' help, from the one option table (so CLI help and action.yml never disagree). */
export function optionsHelp(exclude: readonly string[] = []): string {
  const lines: string[] = [];
  for (const s of OPTION_SPECS) {
    if (exclude.includes(s.name) || s.actionOnly) continue;
    const flag = s.boolean ? `--${s.name}` : `--${s.name} VALUE`;
    const def = s.default !== '' ? ` (default ${s.default})` : '';
    lines.push(`  ${flag}`, ...wrap(`${s.description}${def}`, 74).map((l) => `      ${l}`));
  }
  return `${lines.join('\n')}\n`;
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') out.push(line);
  return out;
}
