/**
 * The documentation cannot drift from the product: every action input and output (with its
 * default) is in configuration.md, every finding id has a troubleshooting section, every example
 * block equals the output captured in docs/examples/ by scripts/gen-doc-examples.sh, and every
 * relative link resolves.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FINDING_IDS } from '../../src/checks/index.js';
import { VALIDATE_CHECK_IDS } from '../../src/phases/validate.js';
import { generatedRows } from '../support/markdown.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const docsDir = join(root, 'docs');
const read = (p: string) => readFileSync(join(root, p), 'utf8');

interface ActionYml {
  inputs: Record<string, { default?: string; description: string }>;
  outputs: Record<string, { description: string }>;
}
const action = (p: string) => parse(read(p)) as ActionYml;

/** `<!-- example: NAME -->` blocks of a Markdown text: name and the text inside the fence. */
export function exampleBlocks(md: string): { name: string; body: string | undefined }[] {
  const out: { name: string; body: string | undefined }[] = [];
  const re = /<!-- example: ([\w.-]+) -->\n([\s\S]*?)<!-- \/example -->/g;
  for (let m = re.exec(md); m !== null; m = re.exec(md)) {
    const fenced = /^```text\n([\s\S]*)```\n$/.exec(m[2] ?? '');
    out.push({ name: m[1] ?? '', body: fenced?.[1] });
  }
  return out;
}

/** GitHub's heading anchor: lowercase, punctuation dropped, spaces to hyphens. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');
}

const docFiles = readdirSync(docsDir)
  .filter((f) => f.endsWith('.md'))
  .map((f) => `docs/${f}`);
const OWNED = [
  'docs/reinstall-guide.md',
  'docs/troubleshooting.md',
  'docs/configuration.md',
  'docs/maintenance.md',
  'docs/rollback.md',
];

describe('configuration.md against both action.yml files', () => {
  const md = read('docs/configuration.md');
  const cases = [
    ['action.yml', 'heal'],
    ['rollback/action.yml', 'rollback'],
  ] as const;
  for (const [file, prefix] of cases) {
    const a = action(file);
    it(`${file}: every input with its default, and no input that does not exist`, () => {
      const rows = generatedRows(md, `${prefix}-inputs`);
      expect([...rows.keys()].sort()).toEqual(Object.keys(a.inputs).sort());
      for (const [name, spec] of Object.entries(a.inputs)) {
        const [def, desc] = rows.get(name) ?? [];
        const want = spec.default === undefined || spec.default === '' ? '(empty)' : `\`${spec.default}\``;
        expect(def, `default of ${name}`).toBe(want);
        expect(desc?.replace(/\\\|/g, '|'), `description of ${name}`).toBe(spec.description.replace(/\n/g, ' '));
      }
      expect(Object.keys(a.inputs).length).toBeGreaterThan(prefix === 'heal' ? 30 : 5);
    });
    it(`${file}: every output`, () => {
      const rows = generatedRows(md, `${prefix}-outputs`);
      expect([...rows.keys()].sort()).toEqual(Object.keys(a.outputs).sort());
      for (const [name, spec] of Object.entries(a.outputs))
        expect(rows.get(name)?.[0]?.replace(/\\\|/g, '|')).toBe(spec.description);
    });
  }

  it('documents the report fields of src/core/report.ts', () => {
    const src = read('src/core/report.ts');
    const body = /export interface Report \{([\s\S]*?)\n\}/.exec(src)?.[1] ?? '';
    const fields = [...body.matchAll(/^ {2}(\w+)\??:/gm)].map((m) => m[1] ?? '');
    expect(fields.length).toBeGreaterThan(15);
    const section = md.slice(md.indexOf('## The JSON report'), md.indexOf('## The CLI'));
    for (const f of fields) expect(section, `report field ${f}`).toMatch(new RegExp(`\`${f}\\??\``));
  });

  it('documents every key of the builders YAML schema', () => {
    const src = read('src/core/builders-yaml.ts');
    const keys =
      /const SPEC_KEYS = \[([\s\S]*?)\]/
        .exec(src)?.[1]
        ?.match(/'[^']+'/g)
        ?.map((k) => k.slice(1, -1)) ?? [];
    expect(keys).toContain('driver-opts');
    const section = md.slice(md.indexOf('## The `builders` YAML'), md.indexOf('## The JSON report'));
    for (const k of keys) expect(section, `builders key ${k}`).toContain(`| \`${k}\` |`);
  });
});

describe('troubleshooting.md', () => {
  const md = read('docs/troubleshooting.md');
  const headings = md.split('\n').filter((l) => /^#{2,4} /.test(l));
  it.each([...FINDING_IDS])(
    'has a section for finding %s with symptom, cause, what the healer does and what to do by hand',
    (id) => {
      const h = headings.find((l) => l.replace(/^#+ /, '') === `\`${id}\``);
      expect(h, `heading for ${id}`).toBeDefined();
      const start = md.indexOf(`${h}\n`);
      const next = md.slice(start + 1).search(/\n#{2,4} /);
      const section = md.slice(start, next < 0 ? undefined : start + 1 + next);
      for (const part of ['**Symptom.**', '**Cause.**', '**What the healer does.**', '**By hand.**'])
        expect(section, `${id}: ${part}`).toContain(part);
    },
  );
  it.each([...VALIDATE_CHECK_IDS])('lists validation check %s', (id) => {
    expect(md).toMatch(new RegExp(`^\\| \`${id.replace('.', '\\.')}\` \\|`, 'm'));
  });
  it('documents no finding id that does not exist', () => {
    const documented = headings.map((l) => /^#+ `([\w.-]+)`$/.exec(l)?.[1]).filter((x): x is string => x !== undefined);
    expect(documented.sort()).toEqual([...FINDING_IDS].sort());
  });
});

describe('example blocks equal the captured output in docs/examples/', () => {
  const blocks = docFiles.flatMap((f) => exampleBlocks(read(f)).map((b) => ({ file: f, ...b })));
  it('the owned docs embed captured examples', () => {
    for (const f of OWNED) expect(exampleBlocks(read(f)).length, f).toBeGreaterThan(0);
    expect(blocks.length).toBeGreaterThan(15);
  });
  it.each(blocks.map((b) => [`${b.file} ${b.name}`, b] as const))('%s', (_label, b) => {
    const file = join(docsDir, 'examples', `${b.name}.txt`);
    expect(existsSync(file), `docs/examples/${b.name}.txt`).toBe(true);
    expect(b.body, 'a ```text fence holding the file').toBeDefined();
    expect(b.body).toBe(readFileSync(file, 'utf8'));
  });
  it('every captured example is used by some doc, and each starts with its header line', () => {
    const used = new Set(blocks.map((b) => b.name));
    for (const f of readdirSync(join(docsDir, 'examples'))) {
      expect(used.has(f.replace(/\.txt$/, '')), `docs/examples/${f} embedded`).toBe(true);
      const text = readFileSync(join(docsDir, 'examples', f), 'utf8');
      expect(text.split('\n')[0], f).toMatch(/^# .*normalised/);
    }
  });
});

describe('relative links', () => {
  const files = [...docFiles, 'README.md'];
  const links = files.flatMap((f) => {
    const md = read(f).replace(/```[\s\S]*?```/g, '');
    return [...md.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((m) => ({ from: f, href: m[1] ?? '' }))
      .filter((l) => !/^[a-z][a-z0-9+.-]*:/i.test(l.href));
  });
  it('finds links to check', () => expect(links.length).toBeGreaterThan(20));
  it.each(links.map((l) => [`${l.from} -> ${l.href}`, l] as const))('%s resolves', (_label, l) => {
    const [path = '', anchor] = l.href.split('#');
    const target = path === '' ? join(root, l.from) : resolve(join(root, dirname(l.from)), path);
    expect(existsSync(target), `${target} exists`).toBe(true);
    if (anchor !== undefined && anchor !== '' && statSync(target).isFile() && target.endsWith('.md')) {
      const anchors = readFileSync(target, 'utf8')
        .replace(/```[\s\S]*?```/g, '')
        .split('\n')
        .filter((x) => /^#{1,6} /.test(x))
        .map((x) => slug(x.replace(/^#+ /, '')));
      expect(anchors, `#${anchor} in ${target}`).toContain(anchor);
    }
  });
});
