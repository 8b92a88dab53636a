import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// The release plumbing: one owner (package.json's repository.url) and one version pin across the
// docs and examples, the scripts the release workflow runs, and the workflow's steps.

const root = join(import.meta.dirname, '../..');
const scratch = mkdtempSync(join(tmpdir(), 'bkh-release-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const read = (rel: string): string => readFileSync(join(root, rel), 'utf8');
const userFiles = [
  'README.md',
  'SECURITY.md',
  'CONTRIBUTING.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
  ...readdirSync(join(root, 'examples')).map((f) => `examples/${f}`),
];

function run(cwd: string, script: string, ...args: string[]) {
  const r = spawnSync('bash', [join(cwd, 'scripts', script), ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { status: r.status, out: r.stdout, err: r.stderr };
}

describe('one owner and one version pin', () => {
  const pkg = JSON.parse(read('package.json')) as { version: string; repository: { url: string } };
  const owner = /^https:\/\/github\.com\/([\w-]+)\/buildkit-healer$/.exec(pkg.repository.url)?.[1];

  it('package.json names the owner (the one place it is set)', () => {
    expect(owner).toBeDefined();
  });

  it('every action reference in the docs and examples uses that owner and one major tag; every npx one exact version', () => {
    const majors = new Set<string>();
    const versions = new Set<string>();
    let refs = 0;
    for (const rel of userFiles) {
      const text = read(rel);
      for (const m of text.matchAll(/([\w-]+)\/buildkit-healer(?:\/rollback)?@([\w.-]*\w)/g)) {
        refs += 1;
        expect(m[1], `${rel}: ${m[0]}`).toBe(owner);
        expect(m[2], `${rel}: ${m[0]}`).toMatch(/^v\d+$/);
        majors.add(m[2]!);
      }
      for (const m of text.matchAll(/npx (?:--yes )?buildkit-healer(@[\w.-]*\w)?/g)) {
        expect(m[1], `${rel}: ${m[0]} is not pinned to a version`).toMatch(/^@\d+\.\d+\.\d+$/);
        versions.add(m[1]!.slice(1));
      }
    }
    expect(refs).toBeGreaterThan(5);
    expect([...versions]).toEqual([pkg.version]);
    expect([...majors]).toEqual([`v${pkg.version.split('.')[0]}`]);
  });

  it("CHANGELOG.md has a section for package.json's version (the release notes of its tag)", () => {
    const r = run(root, 'release-notes.sh', pkg.version);
    expect(r.status, r.err).toBe(0);
    expect(r.out.trim()).not.toBe('');
    expect(run(root, 'check-release.sh', `v${pkg.version}`).status).toBe(0);
  });
});

describe('release scripts', () => {
  it("release-notes.sh prints a version's CHANGELOG section and refuses a version without one", () => {
    const dir = join(scratch, 'notes');
    cpSync(join(root, 'scripts'), join(dir, 'scripts'), { recursive: true });
    writeFileSync(
      join(dir, 'CHANGELOG.md'),
      '# Changelog\n\n## 1.2.0 (2026-11-26)\n- added a thing\n\n## 1.1.0\n- older\n',
    );
    const ok = run(dir, 'release-notes.sh', '1.2.0');
    expect(ok.status).toBe(0);
    expect(ok.out).toContain('- added a thing');
    expect(ok.out).not.toContain('older');
    const missing = run(dir, 'release-notes.sh', '9.9.9');
    expect(missing.status).not.toBe(0);
    expect(missing.err).toContain('9.9.9');
  });

  it('set-version.sh sets the version, the pins and the owner; check-release.sh then accepts only that tag', () => {
    const dir = join(scratch, 'repo');
    for (const p of [
      'scripts',
      'docs',
      'examples',
      '.github',
      'README.md',
      'SECURITY.md',
      'CONTRIBUTING.md',
      'CHANGELOG.md',
      'package.json',
      'package-lock.json',
    ]) {
      cpSync(join(root, p), join(dir, p), { recursive: true });
    }
    const bad = run(dir, 'set-version.sh', 'one.two');
    expect(bad.status).toBe(2);
    expect(bad.err).toContain('one.two');
    const r = run(dir, 'set-version.sh', '2.3.4', '--owner', 'acme');
    expect(r.status, r.err).toBe(0);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
      version: string;
      repository: { url: string };
    };
    expect(pkg.version).toBe('2.3.4');
    expect(pkg.repository.url).toBe('https://github.com/acme/buildkit-healer');
    const weekly = readFileSync(join(dir, 'examples/weekly-health-check.yml'), 'utf8');
    expect(weekly).toContain('npx --yes buildkit-healer@2.3.4 report');
    expect(weekly).toContain('uses: acme/buildkit-healer@v2');
    expect(readFileSync(join(dir, 'examples/pre-build.yml'), 'utf8')).toContain(
      'uses: acme/buildkit-healer/rollback@v2',
    );
    for (const f of readdirSync(join(dir, 'examples')))
      expect(readFileSync(join(dir, 'examples', f), 'utf8')).not.toMatch(/OWNER\/buildkit-healer/);
    expect(readFileSync(join(dir, '.github/CODEOWNERS'), 'utf8')).toContain('@acme');

    // No CHANGELOG section for 2.3.4 yet: refused, then accepted once it exists.
    expect(run(dir, 'check-release.sh', 'v2.3.4').status).not.toBe(0);
    writeFileSync(join(dir, 'CHANGELOG.md'), `# Changelog\n\n## 2.3.4 (2026-11-26)\n- a release\n`);
    const ok = run(dir, 'check-release.sh', 'v2.3.4');
    expect(ok.err).toBe('');
    expect(ok.status).toBe(0);
    const wrongTag = run(dir, 'check-release.sh', 'v2.3.5');
    expect(wrongTag.status).not.toBe(0);
    expect(wrongTag.err).toContain('package.json version 2.3.4');
  });
});

describe('release workflow', () => {
  interface Step {
    run?: string;
    uses?: string;
    env?: Record<string, string>;
  }
  const wf = parse(read('.github/workflows/release.yml')) as {
    on: { push: { tags: string[] } };
    jobs: Record<string, { needs?: string[]; steps: Step[]; permissions?: Record<string, string> }>;
  };
  const runs = (job: string) => wf.jobs[job]!.steps.map((s) => s.run ?? '').join('\n');

  it('runs on version tags; checks pins, notes and dist, then the tests, before releasing', () => {
    expect(wf.on.push.tags).toEqual(['v[0-9]+.[0-9]+.[0-9]+']);
    expect(runs('check')).toMatch(/check-release\.sh "\$GITHUB_REF_NAME"/);
    expect(runs('check')).toContain('scripts/check-dist.sh');
    expect(runs('test')).toContain('bash test/run.sh');
    expect(wf.jobs.release!.needs).toEqual(['check', 'test']);
  });

  it('moves the major tag, creates the release from the CHANGELOG notes and publishes with provenance', () => {
    const r = runs('release');
    expect(r).toMatch(/git tag -f "\$major"/);
    expect(r).toMatch(/git push -f origin "refs\/tags\/\$\{major\}"/);
    expect(r).toContain('scripts/release-notes.sh');
    expect(r).toMatch(/gh release create "\$GITHUB_REF_NAME" .*--notes-file/);
    expect(r).toContain('npm publish --provenance');
    expect(wf.jobs.release!.permissions).toEqual({ contents: 'write', 'id-token': 'write' });
  });
});
