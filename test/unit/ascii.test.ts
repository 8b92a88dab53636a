/**
 * scripts/ascii.mjs: the build writes the bundles ASCII where an escape means the same. Real
 * snippets of what the bundles hold (strings, templates, regular expressions, comments, emoji), run
 * before and after in a fresh V8 context: the same values; and what must stay, stays.
 */
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs build script without types
import { asciiOnly, same } from '../../scripts/ascii.mjs';

const run = (code: string): unknown => JSON.parse(JSON.stringify(runInNewContext(code)));
const ascii = (code: string) => asciiOnly(code) as { code: string; kept: number };

describe('asciiOnly', () => {
  it('escapes strings, untagged templates and comments; the code means the same', () => {
    const code = [
      '// Builder name \u2192 its containers',
      'const icons = { healthy: "\u2705", repaired: "\ud83d\udee0\ufe0f", dash: \'\u2014\', ident: \'\\\u2014\', both: "\\\\\u2014" };',
      'const cut = (s) => `${s.slice(0, 3)}\u2026`;',
      '/* a block \u00e9 comment, and a paragraph separator: \u2029 */',
      "({ icons, cut: cut('abcdef'), tpl: `a\u00e9${1}\u00e8b`, key: { '\u00b5s': 1 } })",
    ].join('\n');
    const r = ascii(code);
    expect(r.code).toMatch(/^[\x00-\x7f]*$/);
    expect(r.kept).toBe(0);
    // The identity escape \— became one \u escape, not an escaped backslash and text.
    expect(r.code).toContain("ident: '\\u2014'");
    expect(r.code).toContain('both: "\\\\\\u2014"');
    expect(run(r.code)).toEqual(run(code));
  });

  it('keeps what an escape would change: identifiers, tagged templates, regular expressions', () => {
    const code = [
      'const units = { \u00b5s: 1e-6 };',
      'const raw = String.raw`x\u00e9y`;',
      'const re = /(ns|\u00b5s)/;',
      '({ units, raw, n: raw.length, source: re.source, hit: re.test(Object.keys(units)[0]) })',
    ].join('\n');
    const r = ascii(code);
    expect(r.kept).toBe(3);
    expect(r.code).toBe(code);
    expect(run(r.code)).toEqual({
      units: { '\u00b5s': 1e-6 },
      raw: 'x\u00e9y',
      n: 3,
      source: '(ns|\u00b5s)',
      hit: true,
    });
  });

  it('keeps the #! line, a directive, a line continuation and a line separator between tokens; other whitespace between tokens is a space', () => {
    const code = [
      '#!/usr/bin/env n\u00f6de',
      '"use str\u00efct";',
      'const cont = "a\\\u2028b";',
      'const nbsp =\u00a0 1;\u2028',
      '({ cont, nbsp, n: cont.length })',
    ].join('\n');
    const r = ascii(code);
    expect(r.kept).toBe(4);
    expect(r.code).toBe(code.replace('\u00a0', ' '));
    // the #! line aside (the V8 context runs scripts), the same values
    expect(run(r.code.replace(/^#!.*/, ''))).toEqual(run(code.replace(/^#!.*/, '')));
    expect(run(r.code.replace(/^#!.*/, ''))).toEqual({ cont: 'ab', nbsp: 1, n: 2 });
  });

  it('leaves an ASCII file as it is, and refuses a change of meaning', () => {
    expect(ascii('const a = "b";').code).toBe('const a = "b";');
    expect(() => same('const a = "\u2014";', 'const a = "-";')).toThrow(/changed the code/);
    expect(() => same('const r = /\u2014/;', 'const r = /\\u2014/;')).toThrow(/changed the code/);
    expect(() => same('const t = `\u2014`;', 'const t = `\\u2014`;')).not.toThrow();
    // A tagged template's raw text is what its tag sees.
    expect(() => same('String.raw`\u00e9`;', 'String.raw`\\u00e9`;')).toThrow(/changed the code/);
  });
});
