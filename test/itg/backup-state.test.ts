import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tar from 'tar';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { defaultOptions } from '../../src/core/options.js';
import { succeeded } from '../../src/docker/runner.js';
import { backup } from '../../src/phases/backup.js';
import { readBundle, readEntry } from '../../src/bundle/bundle.js';
import { diagnose } from '../../src/phases/diagnose.js';
import { rollback } from '../../src/phases/rollback.js';
import { defaultKeyFile } from '../../src/bundle/mac.js';
import { LocalStore } from '../../src/stores/local.js';
import { sandbox, type Sandbox } from '../support/env.js';
import { join } from 'node:path';

// The stopped container buildx would own (`buildx_buildkit_<node>` with its `_state` volume on
// /var/lib/buildkit) is made here from the local busybox image, so that its state holds, for sure,
// what a real state volume may hold and the host must never unpack: a device file and a root-only
// file of another owner (a stand-in kept on purpose: a real BuildKit makes neither on demand). The
// running builder is the real one, booted by buildx on that volume. The real builder's cache round
// trip is test/itg/builder-cache.test.ts.
const builder = `bkhs${randomBytes(3).toString('hex')}`;
const container = `buildx_buildkit_${builder}0`;
const volume = `${container}_state`;
const IMAGE = 'local/busybox-amd64:1';

let sb: Sandbox;
let deps: Deps;

async function docker(args: string[], timeoutMs = 60_000) {
  const r = await sb.docker.run(args, { timeoutMs, mutates: true });
  if (!succeeded(r)) throw new Error(`docker ${args.join(' ')} failed: ${r.stderr}`);
  return r;
}

/** `ls -ln` of the state volume, seen from a throwaway container. */
async function volumeListing(): Promise<string> {
  const r = await docker([
    'run',
    '--rm',
    '-v',
    `${volume}:/v`,
    IMAGE,
    '/bin/busybox',
    'sh',
    '-c',
    'cd /v && /bin/busybox ls -ln . && /bin/busybox cat data',
  ]);
  return r.stdout;
}

beforeAll(async () => {
  sb = sandbox('bkh-state-');
  deps = {
    docker: sb.docker,
    env: sb.env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
  await docker(['buildx', 'create', '--name', builder, '--driver', 'docker-container']);
  await docker([
    'run',
    '--name',
    container,
    '-v',
    `${volume}:/var/lib/buildkit`,
    IMAGE,
    '/bin/busybox',
    'sh',
    '-c',
    'cd /var/lib/buildkit && /bin/busybox mknod null0 c 1 3 && echo state-data > data && echo root-only > rootonly && /bin/busybox chmod 600 rootonly && /bin/busybox chown 123:456 rootonly',
  ]);
});

afterAll(async () => {
  await sb.docker.run(['rm', '-f', container], { timeoutMs: 60_000, mutates: true });
  await sb.docker.run(['volume', 'rm', '-f', volume], { timeoutMs: 60_000, mutates: true });
  await sb.docker.buildx(['rm', '--force', builder], { timeoutMs: 60_000, mutates: true });
  sb.cleanup();
});

describe('builder state (docker cp)', () => {
  it("streams a stopped builder container's /var/lib/buildkit into the bundle as one tar and back", async () => {
    const listing = await volumeListing();
    expect(listing).toMatch(/^c\S+\s+\d+\s+0\s+0\s+1,\s+3 .*null0$/m);
    expect(listing).toMatch(/^-rw-------\s+\d+\s+123\s+456 .*rootonly$/m);

    const diag = await diagnose(
      deps,
      { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const dir = join(sb.home, 'backups');
    const { manifest, bundlePath } = await backup(
      deps,
      { ...defaultOptions(sb.env).backup, store: 'local', dir, builderState: true },
      diag.facts,
      {},
    );
    const state = manifest.files.find((f) => f.kind === 'builder-state');
    expect(state).toMatchObject({ container, builder, path: `container:${container}:/var/lib/buildkit` });

    // The entry is a tar stream with the device and the root-only file as they were: never unpacked on the host.
    const rb = await readBundle(bundlePath);
    const stream = await readEntry(rb, state?.entry ?? '');
    const seen: Record<string, { type: string; uid?: number; mode?: number }> = {};
    const p = new tar.Parser({
      strict: true,
      onReadEntry: (e) => {
        seen[e.path] = {
          type: e.type,
          ...(e.uid !== undefined ? { uid: e.uid } : {}),
          ...(e.mode !== undefined ? { mode: e.mode } : {}),
        };
        e.resume();
      },
    });
    const ended = new Promise((r) => p.on('end', r));
    p.end(stream);
    await ended;
    expect(seen['buildkit/null0']?.type).toBe('CharacterDevice');
    expect(seen['buildkit/rootonly']).toMatchObject({ type: 'File', uid: 123, mode: 0o600 });

    // Lose the state, then roll back with builder state.
    await docker([
      'run',
      '--rm',
      '-v',
      `${volume}:/v`,
      IMAGE,
      '/bin/busybox',
      'rm',
      '-rf',
      '/v/null0',
      '/v/data',
      '/v/rootonly',
    ]);
    expect(
      await sb.docker.run(['run', '--rm', '-v', `${volume}:/v`, IMAGE, '/bin/busybox', 'ls', '/v'], {
        timeoutMs: 60_000,
      }),
    ).toMatchObject({ stdout: '' });
    const result = await rollback(deps, {
      store: new LocalStore(dir, 10, { keyFile: defaultKeyFile(sb.env) }),
      latest: true,
      restoreBuilderState: true,
      testBuild: false,
      daemonJsonPaths: [],
    });
    expect(result.error).toBeUndefined();
    expect(result.actions).toContainEqual(
      expect.objectContaining({ action: 'builder-state.restore', target: container, ok: true }),
    );
    expect(result.restored).toContainEqual({ path: `container:${container}:/var/lib/buildkit`, sha256: state?.sha256 });

    const after = await volumeListing();
    expect(after).toMatch(/^c\S+\s+\d+\s+0\s+0\s+1,\s+3 .*null0$/m);
    expect(after).toMatch(/^-rw-------\s+\d+\s+123\s+456 .*rootonly$/m);
    expect(after).toContain('state-data');
  });

  it("a running builder container is skipped with the reason, not stopped behind the user's back", async () => {
    // Replace the stopped stand-in by the real builder, booted by buildx (the real BuildKit image)
    // on the same volume: a running builder.
    await docker(['rm', '-f', container]);
    await docker(['buildx', 'inspect', '--bootstrap', builder], 300_000);
    const running = await docker([
      'container',
      'inspect',
      '--format',
      '{{.State.Running}} {{.Config.Image}}',
      container,
    ]);
    expect(running.stdout.trim()).toBe('true moby/buildkit:buildx-stable-1');
    const diag = await diagnose(
      deps,
      { ...defaultOptions(sb.env).diagnose, daemonJsonPaths: [], baseline: false },
      'quick',
    );
    const { manifest } = await backup(
      deps,
      { ...defaultOptions(sb.env).backup, store: 'local', dir: join(sb.home, 'backups2'), builderState: true },
      diag.facts,
      {},
    );
    expect(manifest.files.some((f) => f.kind === 'builder-state')).toBe(false);
    expect(manifest.omitted).toContainEqual({
      path: `container:${container}:/var/lib/buildkit`,
      reason: expect.stringMatching(/is running: stop it/) as unknown as string,
    });
  });
});
