// Makes a bundle file ASCII where that cannot change what it does: every character above 0x7f in
// a string, an untagged template or a comment becomes a \uXXXX escape. A source with one such
// character is a two-byte string to V8: decoded from UTF-8 on every start, twice the memory, and
// slower to scan and hash (callgrind, CLI `heal --mode auto`, warm caches: 8-10M instructions fewer
// on Node 24, 16-22M on Node 20, with the chunks ASCII). Where an escape would not mean the same (an
// identifier; a tagged template's raw text; a regular expression, whose `source` shows its text; a
// directive; a line continuation; the #! line; a line separator between tokens), the character
// stays, and the file with it (the build prints how many); other whitespace between tokens becomes
// a space. The result is parsed again and compared with the original, node for node (string
// values, template cooked values, a tagged template's raw text, everything else as written): any
// difference fails the build. (A function's toString() shows its text: nothing bundled relies on
// that for a non-ASCII character.)
import { parse } from 'acorn';

const OPTIONS = { ecmaVersion: 'latest', sourceType: 'module', allowHashBang: true };

/** Every node of an ESTree, depth first. */
function* nodes(n) {
  if (Array.isArray(n)) for (const x of n) yield* nodes(x);
  else if (n !== null && typeof n === 'object') {
    if (typeof n.type === 'string') yield n;
    for (const [k, v] of Object.entries(n)) if (k !== 'loc' && typeof v === 'object') yield* nodes(v);
  }
}

const escape = (code) => `\\u${code.toString(16).padStart(4, '0')}`;

/** `code` with what can be escaped escaped, and how many non-ASCII characters had to stay. */
export function asciiOnly(code) {
  if (!/[^\x00-\x7f]/.test(code)) return { code, kept: 0 };
  const spans = [];
  const ast = parse(code, {
    ...OPTIONS,
    onToken: (t) => spans.push({ start: t.start, end: t.end, kind: t.type.label }),
    onComment: (_block, _text, start, end) =>
      spans.push({ start, end, kind: start === 0 && code.startsWith('#!') ? '#!' : 'comment' }),
  });
  // Where an escape would show: a tagged template's raw text, a directive's.
  const shown = [];
  for (const n of nodes(ast)) {
    if (n.type === 'TaggedTemplateExpression') shown.push([n.quasi.start, n.quasi.end]);
    if (n.type === 'ExpressionStatement' && typeof n.directive === 'string') shown.push([n.start, n.end]);
  }
  spans.sort((a, b) => a.start - b.start);
  let out = '';
  let last = 0;
  let kept = 0;
  let s = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code.charCodeAt(i);
    if (c < 0x80) continue;
    while (s < spans.length && spans[s].end <= i) s++;
    const span = spans[s] !== undefined && spans[s].start <= i ? spans[s] : undefined;
    const separator = c === 0x2028 || c === 0x2029;
    if (span === undefined) {
      // Between tokens: whitespace (a no-break space, a BOM...) is a space; a line separator stays.
      if (separator) kept++;
      else {
        out += `${code.slice(last, i)} `;
        last = i + 1;
      }
      continue;
    }
    if (span.kind !== 'string' && span.kind !== 'template' && span.kind !== 'comment') {
      kept++;
      continue;
    }
    if (shown.some(([a, b]) => a <= i && i < b)) {
      kept++;
      continue;
    }
    // In a string or template, `\` before the character is an identity escape: one \u escape
    // replaces both; before a line or paragraph separator it is a line continuation (nothing).
    let backslashes = 0;
    if (span.kind !== 'comment') for (let j = i - 1; j >= span.start && code[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 1 && separator) {
      kept++;
      continue;
    }
    out += code.slice(last, backslashes % 2 === 1 ? i - 1 : i) + escape(c);
    last = i + 1;
  }
  out += code.slice(last);
  same(code, out);
  return { code: out, kept };
}

/** The tree without positions and raw text (but a tagged template's): what the code means. */
function meaning(code) {
  const ast = parse(code, OPTIONS);
  const tagged = new Set();
  for (const n of nodes(ast)) if (n.type === 'TaggedTemplateExpression') for (const q of n.quasi.quasis) tagged.add(q);
  return JSON.stringify(ast, function (k, v) {
    if (k === 'start' || k === 'end' || k === 'loc' || k === 'raw' || k === 'range') return undefined;
    if (k === 'value' && v !== null && typeof v === 'object' && 'cooked' in v)
      return tagged.has(this) ? { cooked: v.cooked, tagSees: v.raw } : { cooked: v.cooked };
    // A regular expression literal's value (a RegExp): compared through its `regex` (pattern, flags).
    if (k === 'value' && v instanceof RegExp) return undefined;
    if (typeof v === 'bigint') return `${v}n`;
    return v;
  });
}

/** Throws unless `after` means what `before` does (meaning, above). */
export function same(before, after) {
  if (meaning(before) !== meaning(after)) throw new Error('escaping non-ASCII characters changed the code');
}
