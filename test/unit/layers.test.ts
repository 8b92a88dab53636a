// Keeps the floors of docs/architecture.md: every folder of src/ is on one floor and imports only go
// down (or sideways to a folder of the same floor, without a cycle between folders). Reads every
// import of src/ with the TypeScript pre-processor, the way the compiler finds them (type-only and
// dynamic imports included).
import { readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Floors from the top (entry points) to the ground. A folder imports only its floor or lower. */
const FLOORS: readonly (readonly string[])[] = [
  ['action', 'cli'], // hosts: parse input, build Deps, call heal/check or a phase, render
  ['heal'], // orchestration: heal, check, lock, journal
  ['phases'], // the six phases, only them
  ['tasks'], // helpers phases share: test build, activity, buildx install
  ['checks', 'stores', 'report', 'bundle'], // rules over facts, backup stores, renderers, the bundle format
  ['docker'], // the door: runner, Docker, Engine API, parsers, Deps
  ['core'], // the ground: types, errors, report model, options, sizes
];
const PHASES = ['diagnose', 'backup', 'clean', 'reinstall', 'validate', 'rollback'];
/** Imports that may leave src/: the package version. */
// Outside src/, only these: package.json (the version), and the @actions/core modules the heal
// action's entry composes itself (src/action/actions-core.ts: the package exports only its index).
const OUTSIDE_SRC = [
  'package.json',
  'node_modules/@actions/core/lib/command.js',
  'node_modules/@actions/core/lib/file-command.js',
  'node_modules/@actions/core/lib/utils.js',
  'node_modules/@actions/core/lib/summary.js',
  'node_modules/@actions/core/lib/core.js',
];

const floorOf = new Map<string, number>(FLOORS.flatMap((folders, i) => folders.map((f) => [f, i] as const)));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    return e.isFile() && /\.(ts|mts)$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** The repo path a relative specifier names (`./x.js` is x.ts), or undefined. */
function resolveSpec(fromFile: string, spec: string): string | undefined {
  const base = posix.normalize(posix.join(posix.dirname(fromFile), spec));
  const candidates = [
    base,
    base.replace(/\.js$/, '.ts'),
    base.replace(/\.mjs$/, '.mts'),
    `${base}.ts`,
    `${base}/index.ts`,
  ];
  return candidates.find((c) => existsSync(join(root, c)) && statSync(join(root, c)).isFile());
}

interface Edge {
  file: string;
  spec: string;
  from: string;
  to: string;
}

function readImports(): { files: string[]; imports: Edge[]; problems: string[] } {
  const files = sourceFiles(join(root, 'src')).map((f) => relative(root, f).split('\\').join('/'));
  const imports: Edge[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parts = file.split('/');
    const from = parts.length > 2 ? parts[1]! : '(src)';
    if (!floorOf.has(from))
      problems.push(`${file}: folder src/${from} has no floor (add it to FLOORS and docs/architecture.md)`);
    const info = ts.preProcessFile(readFileSync(join(root, file), 'utf8'), true, true);
    for (const ref of info.importedFiles) {
      if (!ref.fileName.startsWith('.')) continue;
      const target = resolveSpec(file, ref.fileName);
      if (!target) {
        problems.push(`${file}: '${ref.fileName}' resolves to no file`);
        continue;
      }
      if (!target.startsWith('src/')) {
        if (!OUTSIDE_SRC.includes(target)) problems.push(`${file}: '${ref.fileName}' leaves src/ (${target})`);
        continue;
      }
      const tparts = target.split('/');
      imports.push({ file, spec: ref.fileName, from, to: tparts.length > 2 ? tparts[1]! : '(src)' });
    }
  }
  return { files, imports, problems };
}

/** Cycles in the folder graph (each as a list of folders), by depth-first search. */
function folderCycles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const e of edges) if (e.from !== e.to) (next.get(e.from) ?? next.set(e.from, new Set()).get(e.from)!).add(e.to);
  const cycles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): void => {
    state.set(n, 'open');
    path.push(n);
    for (const m of next.get(n) ?? []) {
      if (state.get(m) === 'open') cycles.push([...path.slice(path.indexOf(m)), m]);
      else if (!state.has(m)) visit(m);
    }
    path.pop();
    state.set(n, 'done');
  };
  for (const n of [...next.keys()].sort()) if (!state.has(n)) visit(n);
  return cycles;
}

describe('layers: every folder of src/ is one floor, imports go down', () => {
  const { files, imports, problems } = readImports();

  it('reads the whole tree (it cannot pass on nothing)', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
    expect(imports.length).toBeGreaterThanOrEqual(300);
    expect(imports.filter((e) => e.from !== e.to).length).toBeGreaterThanOrEqual(150);
    // Every floor is inhabited: a floor no file is on is a typo in FLOORS or a folder gone.
    for (const folder of floorOf.keys())
      expect(
        files.some((f) => f.startsWith(`src/${folder}/`)),
        `src/${folder}`,
      ).toBe(true);
  });

  it('every file is in a folder with a floor, and every relative import resolves', () => {
    expect(problems).toEqual([]);
  });

  it('no import goes up a floor', () => {
    const up = imports
      .filter((e) => floorOf.has(e.from) && floorOf.has(e.to) && floorOf.get(e.to)! < floorOf.get(e.from)!)
      .map((e) => `${e.file} imports '${e.spec}' (src/${e.from} is below src/${e.to})`);
    expect(up).toEqual([]);
  });

  it('no cycle between folders', () => {
    expect(folderCycles(imports).map((c) => c.join(' -> '))).toEqual([]);
  });

  it('src/phases holds only the six phases', () => {
    const names = [
      ...new Set(files.filter((f) => f.startsWith('src/phases/')).map((f) => f.split('/')[2]!.replace(/\.ts$/, ''))),
    ];
    expect(names.filter((n) => !PHASES.includes(n))).toEqual([]);
    expect(names.sort()).toEqual([...PHASES].sort());
  });

  it('a phase that carries several jobs keeps its parts in src/phases/<phase>/, beside its module', () => {
    // src/phases/<phase>.ts is the phase (what the orchestration imports); src/phases/<phase>/*.ts
    // are its parts, one level deep, and no folder is named for anything but a phase.
    const nested = files.filter((f) => f.startsWith('src/phases/') && f.split('/').length > 3);
    expect(nested.length).toBeGreaterThan(0);
    const problems = nested.flatMap((f) => {
      const parts = f.split('/');
      const phase = parts[2]!;
      const out: string[] = [];
      if (parts.length !== 4) out.push(`${f}: more than one folder deep`);
      if (!PHASES.includes(phase)) out.push(`${f}: src/phases/${phase}/ is no phase's folder`);
      if (!files.includes(`src/phases/${phase}.ts`)) out.push(`${f}: src/phases/${phase}.ts is missing`);
      return out;
    });
    expect(problems).toEqual([]);
  });

  it('the cycle finder and the floor rule see a bad import', () => {
    // The rules above run on these hand-made edges too, so a rule that cannot fail is caught here.
    const bad: Edge[] = [
      { file: 'src/core/x.ts', spec: '../heal/heal.js', from: 'core', to: 'heal' },
      { file: 'src/heal/heal.ts', spec: '../core/x.js', from: 'heal', to: 'core' },
    ];
    expect(folderCycles(bad).length).toBe(1);
    expect(bad.filter((e) => floorOf.get(e.to)! < floorOf.get(e.from)!).length).toBe(1);
  });
});
