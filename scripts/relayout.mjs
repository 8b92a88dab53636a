#!/usr/bin/env node
// One-shot codemod for issue 14 (kept for the record): moves files into the floors of
// docs/architecture.md with `git mv`, then rewrites every relative module path in src/, test/,
// scripts/ and bench/ so it points at the moved file, and every repo path written out in full
// (`src/core/heal.ts`) in docs, README, action.yml and code.
//
//   node scripts/relayout.mjs [--dry-run] [extra-map.json ...]
//
// extra-map.json: { "src/phases/new-helper.ts": "src/tasks/new-helper.ts", ... } (old -> new),
// for files added after this map was written; a key ending in / moves a whole folder. An entry whose old path does not exist is skipped,
// so running it twice changes nothing the second time.
//
// What is rewritten: the module specifier of import/export declarations, `import()` calls,
// `import('x').T` types, `require()`, vi.mock/doMock/unmock/importActual/importMock and
// `new URL('<relative>', import.meta.url)`, found with the TypeScript parser (so strings that only
// look like paths are left alone). Each specifier is resolved from where its file was before the
// move (`./x.js` -> x.ts, x.mts, x.js, x.mjs, x/index.ts ...) and written relative to where the
// file is now, keeping its extension style. Specifiers that resolve to nothing before the move are
// reported and left as they are.
//
// Exit status: 0 done; 1 bad arguments or a failed git mv; 3 done, but files are left in a folder
// that must hold only its own kind (src/phases: only the six phases): place them with an extra map.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, posix, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** old path -> new path, relative to the repository root. */
export const MOVE = {
  // heal: the orchestration floor (heal, check and what only they use).
  'src/core/heal.ts': 'src/heal/heal.ts',
  'src/core/check.ts': 'src/heal/check.ts',
  'src/core/lock.ts': 'src/heal/lock.ts',
  'src/core/journal.ts': 'src/heal/journal.ts',
  // tasks: helpers two or more phases share (they are not phases).
  'src/phases/testbuild.ts': 'src/tasks/testbuild.ts',
  'src/phases/activity.ts': 'src/tasks/activity.ts',
  'src/phases/install-buildx.ts': 'src/tasks/install-buildx.ts',
  // bundle: the backup bundle format, its redaction and its restore (backup and rollback share it).
  'src/phases/bundle.ts': 'src/bundle/bundle.ts',
  'src/phases/redact.ts': 'src/bundle/redact.ts',
  'src/phases/restore.ts': 'src/bundle/restore.ts',
  // docker: Deps holds the door (runner, Docker), so it lives with it.
  'src/core/deps.ts': 'src/docker/deps.ts',
  // core: size parsing is ground (parse-options reads sizes); the docker parsers import it.
  'src/docker/parse/size.ts': 'src/core/size.ts',
  // Files the lost session of issue 14 met after other branches merged (moved only if present).
  'src/core/check-deadline.ts': 'src/heal/check-deadline.ts',
  'src/core/check-platforms.ts': 'src/heal/check-platforms.ts',
  'src/phases/client.ts': 'src/tasks/client.ts',
  'src/phases/orphan-age.ts': 'src/tasks/orphan-age.ts',
  'src/phases/restart-loop.ts': 'src/tasks/restart-loop.ts',
  'src/phases/cache-policy.ts': 'src/tasks/cache-policy.ts',
  'src/phases/state-file.ts': 'src/tasks/state-file.ts',
  'src/phases/builder-policy.ts': 'src/bundle/builder-policy.ts',
  // tests: one home for shared test code (test/helpers and test/support were two).
  // A key ending in / moves every file under it.
  'test/helpers/': 'test/support/',
};

/** Folders that must hold only these files after the move (anything else is reported, exit 3). */
const ONLY = {
  'src/phases': ['diagnose', 'backup', 'clean', 'reinstall', 'validate', 'rollback'],
  'test/helpers': [],
};

const CODE_DIRS = ['src', 'test', 'scripts', 'bench'];
const CODE_EXT = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;
/** Text files whose full repo paths (`src/core/heal.ts`) are rewritten. */
const TEXT_EXT = /\.(ts|mts|cts|tsx|js|mjs|cjs|md|ya?ml|json|sh)$/;
const TEXT_SKIP = /^(dist|node_modules|test\/fixtures|rollback\/dist)\/|(^|\/)package-lock\.json$/;
/** How a specifier may name a source file. */
const TRY_EXT = ['', '.ts', '.mts', '.tsx', '.js', '.mjs', '.json'];
const JS_TO_TS = { '.js': ['.ts', '.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

function git(...args) {
  return execFileSync('git', args, { cwd: root, encoding: 'utf8' });
}

function parseArgs(argv) {
  const out = { dryRun: false, maps: [] };
  for (const a of argv) {
    if (a === '--dry-run') out.dryRun = true;
    else if (a.startsWith('-')) throw new Error(`unknown option ${a} (accepted: --dry-run, then extra map files)`);
    else out.maps.push(a);
  }
  return out;
}

function loadMap(files, existing) {
  const map = { ...MOVE };
  for (const f of files) {
    const extra = JSON.parse(readFileSync(resolve(f), 'utf8'));
    if (extra === null || typeof extra !== 'object' || Array.isArray(extra))
      throw new Error(`${f}: must be a JSON object {"old/path.ts": "new/path.ts"}`);
    for (const [k, v] of Object.entries(extra)) {
      if (typeof v !== 'string') throw new Error(`${f}: the new path for ${k} must be a string`);
      map[k.endsWith('/') ? k : posix.normalize(k)] = v.endsWith('/') ? v : posix.normalize(v);
    }
  }
  // Folder moves: one entry per file under the folder now.
  for (const [k, v] of Object.entries(map)) {
    if (!k.endsWith('/')) continue;
    delete map[k];
    for (const f of existing) if (f.startsWith(k) && !(f in map)) map[f] = v + f.slice(k.length);
  }
  return map;
}

const isFile = (rel) => existsSync(join(root, rel)) && statSync(join(root, rel)).isFile();

/** Tracked and untracked (not ignored) files, repo-relative. */
function listFiles() {
  return git('ls-files', '--cached', '--others', '--exclude-standard', '-z')
    .split('\0')
    .filter((f) => f && isFile(f));
}

/**
 * The file a relative specifier names, seen from `fromDir`, in a world where `exists` says which
 * files there are. Returns the repo path and the suffix that was added, or undefined.
 */
function resolveSpec(fromDir, spec, exists) {
  const base = posix.normalize(posix.join(fromDir, spec));
  const ext = posix.extname(base);
  if (JS_TO_TS[ext]) {
    const stem = base.slice(0, -ext.length);
    for (const e of JS_TO_TS[ext]) if (exists(stem + e)) return { path: stem + e, style: 'js' };
  }
  for (const e of TRY_EXT) if (exists(base + e)) return { path: base + e, style: e === '' ? 'as-is' : 'added' };
  for (const e of ['.ts', '.js', '.mjs'])
    if (exists(`${base}/index${e}`)) return { path: `${base}/index${e}`, style: 'dir' };
  // A folder named as such (fixtures read with new URL): kept as it is.
  if (existsSync(join(root, base)) && statSync(join(root, base)).isDirectory()) return { path: base, style: 'as-is' };
  return undefined;
}

/** The specifier that names `target` from `fromDir`, in the style the old one had. */
function specFor(fromDir, target, oldSpec, style) {
  let p;
  if (style === 'dir') p = posix.dirname(target);
  else if (style === 'as-is') p = target;
  else {
    const ext = posix.extname(target);
    const stem = target.slice(0, -ext.length);
    if (style === 'added') p = stem;
    else {
      // 'js': x.ts was named x.js; keep the extension the old specifier used.
      p = stem + posix.extname(oldSpec);
    }
  }
  let rel = posix.relative(fromDir, p);
  if (!rel.startsWith('.')) rel = `./${rel}`;
  return rel;
}

/** String literals in `text` that name a module by relative path: [{ start, end, spec }]. */
function specifiers(text, file) {
  const kind = /\.(js|mjs|cjs)$/.test(file) ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const out = [];
  const take = (node) => {
    if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && node.text.startsWith('.')) {
      out.push({ start: node.getStart(sf) + 1, end: node.getEnd() - 1, spec: node.text });
    }
  };
  const MOCKS = new Set(['mock', 'doMock', 'unmock', 'doUnmock', 'importActual', 'importMock']);
  const visit = (node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier)
      take(node.moduleSpecifier);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) take(node.argument.literal);
    else if (ts.isCallExpression(node)) {
      const c = node.expression;
      const first = node.arguments[0];
      if (c.kind === ts.SyntaxKind.ImportKeyword) take(first);
      else if (ts.isIdentifier(c) && c.text === 'require') take(first);
      else if (
        ts.isPropertyAccessExpression(c) &&
        ts.isIdentifier(c.expression) &&
        c.expression.text === 'vi' &&
        MOCKS.has(c.name.text)
      )
        take(first);
    } else if (
      ts.isNewExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'URL' &&
      node.arguments?.length === 2
    ) {
      const second = node.arguments[1];
      if (ts.isPropertyAccessExpression(second) && ts.isMetaProperty(second.expression) && second.name.text === 'url')
        take(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function splice(text, edits) {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function main() {
  const args = parseArgs(process.argv.slice(2));
  const before = listFiles();
  const map = loadMap(args.maps, before);
  const beforeSet = new Set(before);

  // The moves this run makes: entries whose old file exists and whose new one does not.
  const moves = new Map();
  for (const [from, to] of Object.entries(map)) {
    if (!beforeSet.has(from)) continue;
    if (isFile(to)) throw new Error(`cannot move ${from}: ${to} already exists`);
    if ([...moves.values()].includes(to)) throw new Error(`cannot move ${from}: another file moves to ${to}`);
    moves.set(from, to);
  }
  // Every old path -> new path the map knows, moved now or earlier: a specifier still naming an
  // old path (a branch merged after the first run) is pointed at the new one.
  const renamed = new Map(Object.entries(map));
  const after = new Set(before.map((f) => moves.get(f) ?? f));
  const newPath = (p) => (after.has(p) ? p : (renamed.get(p) ?? p));

  // 1. Module specifiers, computed before anything moves.
  const rewrites = new Map(); // new path -> text
  const unresolved = [];
  let specCount = 0;
  for (const file of before) {
    if (!CODE_EXT.test(file) || !CODE_DIRS.includes(file.split('/')[0]) || file.endsWith('.d.ts')) continue;
    const text = readFileSync(join(root, file), 'utf8');
    const dest = moves.get(file) ?? file;
    const edits = [];
    for (const s of specifiers(text, file)) {
      specCount++;
      // Resolve where the file is now (before this run's moves), against the files as they are, or
      // as an old path of the map.
      const r = resolveSpec(posix.dirname(file), s.spec, (p) => beforeSet.has(p) || renamed.has(p));
      if (!r) {
        unresolved.push(`${file}: ${s.spec}`);
        continue;
      }
      const target = newPath(r.path);
      const spec = specFor(posix.dirname(dest), target, s.spec, r.style);
      if (spec !== s.spec) edits.push({ start: s.start, end: s.end, text: spec, from: s.spec });
    }
    if (edits.length) {
      rewrites.set(dest, splice(text, edits));
      for (const e of edits) console.log(`rewrite ${dest}: '${e.from}' -> '${e.text}'`);
    }
  }

  // 2. Full repo paths in text (docs, README, action.yml, comments, test strings): src/core/heal.ts
  // and its .js spelling.
  const pathPairs = [...renamed].filter(([from, to]) => from !== to);
  for (const file of before) {
    if (!TEXT_EXT.test(file) || TEXT_SKIP.test(file) || file === 'scripts/relayout.mjs') continue;
    const dest = moves.get(file) ?? file;
    const text = rewrites.get(dest) ?? readFileSync(join(root, file), 'utf8');
    let out = text;
    for (const [from, to] of pathPairs) {
      const variants = [[from, to]];
      if (from.endsWith('.ts')) variants.push([`${from.slice(0, -3)}.js`, `${to.slice(0, -3)}.js`]);
      for (const [f, t] of variants) {
        const re = new RegExp(`(?<![\\w./-])${escapeRe(f)}(?![\\w/-])`, 'g');
        out = out.replace(re, () => {
          console.log(`mention ${dest}: ${f} -> ${t}`);
          return t;
        });
      }
    }
    if (out !== text) rewrites.set(dest, out);
  }

  // 3. Move, then write. Untracked files (not yet added) are renamed without git.
  const tracked = new Set(git('ls-files', '-z').split('\0'));
  for (const [from, to] of moves) {
    console.log(`move ${from} -> ${to}${tracked.has(from) ? '' : ' (untracked)'}`);
    if (args.dryRun) continue;
    mkdirSync(dirname(join(root, to)), { recursive: true });
    if (tracked.has(from)) git('mv', from, to);
    else renameSync(join(root, from), join(root, to));
  }
  if (!args.dryRun) for (const [file, text] of rewrites) writeFileSync(join(root, file), text);

  for (const u of unresolved) console.log(`unresolved (left as is) ${u}`);
  const leftovers = [];
  for (const [dir, allowed] of Object.entries(ONLY)) {
    for (const f of after) {
      if (!f.startsWith(`${dir}/`)) continue;
      const name = f
        .slice(dir.length + 1)
        .split('/')[0]
        .replace(/\.[^.]+$/, '');
      if (!allowed.includes(name)) leftovers.push(f);
    }
  }
  for (const f of leftovers)
    console.log(`unplaced ${f}: give it a new path in an extra map (node scripts/relayout.mjs map.json)`);
  console.log(
    `relayout: ${moves.size} moved, ${rewrites.size} files rewritten, ${specCount} relative specifiers read, ${unresolved.length} unresolved, ${leftovers.length} unplaced${args.dryRun ? ' (dry run: nothing written)' : ''}`,
  );
  if (leftovers.length) process.exitCode = 3;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`relayout: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
