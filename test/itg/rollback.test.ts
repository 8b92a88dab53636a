import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Deps } from '../../src/docker/deps.js';
import { silentLogger } from '../../src/docker/deps.js';
import { BUNDLE_FORMAT, BundleWriter, type Manifest } from '../../src/bundle/bundle.js';
import { rollback } from '../../src/phases/rollback.js';
import { defaultKeyFile } from '../../src/bundle/mac.js';
import { LocalStore } from '../../src/stores/local.js';
import { sandbox, type Sandbox } from '../support/env.js';

let sb: Sandbox;
let deps: Deps;
const name = `bkhr${randomBytes(3).toString('hex')}`;

beforeAll(() => {
  sb = sandbox('bkh-rollback-');
  deps = {
    docker: sb.docker,
    env: sb.env,
    log: silentLogger,
    now: () => new Date(),
    version: '0.0.0-test',
  };
});
afterAll(async () => {
  await sb.docker.buildx(['rm', '--force', name], { timeoutMs: 60_000, mutates: true });
  sb.cleanup();
});

describe('rollback recreates builders with the real buildx', () => {
  it('a docker-container builder the backup held, whose instance file is not in it, is created again as it was', async () => {
    // A bundle holding only the builder definition (as when its instance file could not be restored).
    const w = new BundleWriter(join(sb.dir, 'stage'));
    await w.init();
    await w.addContent({ path: 'cmd:buildx-ls.stdout', kind: 'command-output', mode: 0o644 }, 'recorded elsewhere\n');
    const m: Manifest = {
      format: BUNDLE_FORMAT,
      version: 1,
      name: 'bkh-recreate',
      createdAt: new Date().toISOString(),
      host: { hostname: 'h', dockerHost: '' },
      tool: { name: 'buildkit-healer', version: '0' },
      versions: {},
      currentBuilder: name,
      builders: [
        {
          name,
          driver: 'docker-container',
          status: 'inactive',
          current: true,
          platforms: ['linux/arm64'],
          driverOptions: { network: 'host', 'env.SOME_TOKEN': '<redacted>' },
          nodes: [
            { name: `${name}0`, endpoint: '', platforms: ['linux/arm64'], status: 'inactive', driverOptions: {} },
          ],
        },
      ],
      files: w.files,
      redactions: [],
      omitted: [],
      commands: [],
    };
    await w.pack(m, join(sb.dir, 'b.tar.gz'));
    const store = new LocalStore(join(sb.dir, 'store'), 10, { keyFile: defaultKeyFile(sb.env) });
    await store.save({ name: 'bkh-recreate', bundlePath: join(sb.dir, 'b.tar.gz'), cachePaths: [] });

    const r = await rollback(deps, {
      store,
      name: 'bkh-recreate',
      testBuild: false,
      daemonJsonPaths: [],
      allowBuilderSettings: ['network=host'],
    });
    expect(r.error).toBeUndefined();
    expect(r.actions).toContainEqual(
      expect.objectContaining({
        action: 'builder.recreate',
        target: name,
        ok: true,
        detail: 'driver options left out (redacted in the backup): env.SOME_TOKEN',
      }),
    );
    expect(r.builders).toEqual([name]);
    expect(r.currentBuilder).toBe(name);
    const inspect = await sb.docker.inspect(name);
    expect(inspect.parsed).toMatchObject({ name, driver: 'docker-container' });
    expect(inspect.parsed?.nodes[0]?.driverOptions).toEqual({ network: 'host' });
    expect(inspect.parsed?.nodes[0]?.platforms).toContain('linux/arm64');
  });
});
