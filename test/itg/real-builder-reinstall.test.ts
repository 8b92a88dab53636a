/**
 * heal --mode reinstall on a REAL docker-container builder (the real BuildKit image): it is created
 * again with its driver options, platforms and buildkitd.toml, the GC policy asked for is applied
 * and read back from the running BuildKit (`buildx inspect --bootstrap`), and validation runs on it:
 * a build, a cached second build, both platforms (arm64 under QEMU) and the registry cache round trip.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registry, sandbox, type Sandbox } from '../support/env.js';
import { testDeps } from '../support/deps.js';
import { removeRealBuilder } from '../support/faults.js';
import { defaultOptions } from '../../src/core/options.js';
import { heal } from '../../src/heal/heal.js';
import { succeeded } from '../../src/docker/runner.js';

const BUILDER = 'bkhreinst';
let sb: Sandbox | undefined;

afterEach(async () => {
  if (sb === undefined) return;
  await removeRealBuilder(sb, BUILDER);
  sb.cleanup();
  sb = undefined;
});

describe('reinstall on a real docker-container builder', () => {
  it('re-creates it with its driver options, platforms and buildkitd.toml, applies the GC policy read back from BuildKit, and validates it', async () => {
    const s = sandbox('bkh-reinst-');
    sb = s;
    const r = registry();
    const base: Record<string, string> = {};
    for (const arch of ['amd64', 'arm64']) {
      const img = `${r}/bkh/busybox-${arch}-reinst:1`;
      const tag = await s.docker.run(['tag', `local/busybox-${arch}:1`, img], { timeoutMs: 60_000, mutates: true });
      expect(succeeded(tag), tag.stderr).toBe(true);
      const push = await s.docker.run(['push', '-q', img], { timeoutMs: 120_000, mutates: true });
      expect(push.exitCode, push.stderr).toBe(0);
      base[arch] = img;
    }
    const toml = join(s.dir, 'buildkitd.toml');
    writeFileSync(toml, `[registry."${r}"]\n  http = true\n  insecure = true\n`);
    const create = await s.docker.buildx(
      [
        'create',
        '--name',
        BUILDER,
        '--driver',
        'docker-container',
        '--driver-opt',
        'network=host',
        '--platform',
        'linux/amd64,linux/arm64',
        '--buildkitd-config',
        toml,
        '--use',
        '--bootstrap',
      ],
      { timeoutMs: 300_000, mutates: true },
    );
    expect(create.exitCode, create.stderr).toBe(0);
    const before = await s.docker.buildx(['inspect', BUILDER], { timeoutMs: 60_000 });
    // BuildKit's default policy: four rules, the last one all records down to a share of the disk.
    expect(before.stdout).toMatch(/GC Policy rule#1:/);

    const o = defaultOptions(s.env);
    o.mode = 'reinstall';
    o.backup.store = 'local';
    o.diagnose = { ...o.diagnose, daemonJsonPaths: [join(s.dir, 'daemon.json')] };
    o.reinstall.gcKeepStorage = '300MB';
    o.validate.enabled = true;
    o.validate.platforms = ['linux/amd64', 'linux/arm64'];
    o.validate.baseImage = base;
    o.validate.baseImageExplicit = true;
    o.validate.cacheRegistry = r;
    const h = await heal(testDeps(s), o);
    expect(
      h.error,
      JSON.stringify({
        a: h.actions.map((a) => [a.action, a.target, a.ok, a.detail]),
        v: h.validation?.filter((c) => !c.ok),
      }),
    ).toBeUndefined();
    expect(h.status).toBe('repaired');
    const created = h.actions.find((a) => a.action === 'builder.create' && a.target === BUILDER);
    // On failure, what the heal saw and did (a loaded host once left this builder un-created).
    const seen = JSON.stringify({
      builders: h.builders.map((b) => [b.name, b.driver, b.status]),
      findings: h.findings.map((f) => [f.id, f.subject]),
      actions: h.actions.map((a) => [a.action, a.target, a.ok, a.detail]),
      notes: h.notes,
    });
    expect(created?.ok, seen).toBe(true);
    expect(created?.command).toContain('--driver-opt network=host');
    expect(created?.command).toContain('--platform linux/amd64,linux/arm64');
    expect(created?.command).toContain('--buildkitd-config');

    // Validation ran on this builder: a build, a cached second build, both platforms, the cache round trip.
    const on = (id: string) => h.validation?.find((c) => c.id === id && c.builder === BUILDER);
    for (const id of ['validate.build', 'validate.cached', 'validate.platform', 'validate.cache-registry']) {
      expect(on(id)?.ok, `${id}: ${JSON.stringify(on(id))}`).toBe(true);
      expect(on(id)?.skipped, id).toBeUndefined();
    }

    // Read back from the running BuildKit: the GC policy, the driver option, the platforms.
    const after = await s.docker.buildx(['inspect', '--bootstrap', BUILDER], { timeoutMs: 300_000, mutates: true });
    expect(after.exitCode, after.stderr).toBe(0);
    expect(after.stdout).toMatch(/Status:\s+running/);
    expect(after.stdout).toMatch(/Driver Options:\s+network="host"/);
    expect(after.stdout).toMatch(/Platforms:\s+linux\/amd64\*?, linux\/arm64\*?/);
    // Ours instead: one rule, every record, down to 300 MB (BuildKit prints binary units).
    expect(after.stdout).toMatch(/GC Policy rule#0:\s+All:\s+true\s+Keep Bytes:\s+(286\.1|300)MiB/);
    expect(after.stdout).not.toMatch(/GC Policy rule#1:/);
    // The re-created container carries the buildkitd.toml with the registry and the GC policy.
    const cfg = await s.docker.run(['exec', `buildx_buildkit_${BUILDER}0`, 'cat', '/etc/buildkit/buildkitd.toml'], {
      timeoutMs: 30_000,
    });
    expect(cfg.exitCode, cfg.stderr).toBe(0);
    expect(cfg.stdout).toContain(`[registry."${r}"]`);
    expect(cfg.stdout).toMatch(/gckeepstorage/);
  }, 900_000);
});
