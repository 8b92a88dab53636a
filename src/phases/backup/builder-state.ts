/** docker-container builders' state (`/var/lib/buildkit`), copied out of the stopped container as a tar. */
import { lstat, open, rm } from 'node:fs/promises';
import type { Deps } from '../../docker/deps.js';
import type { BackupOptions } from '../../core/options.js';
import type { Facts } from '../../checks/types.js';
import { succeeded } from '../../docker/runner.js';
import type { Collector } from './collect.js';

/** docker-container builders' `/var/lib/buildkit`, streamed out of the stopped container as a tar. */
export async function addBuilderState(deps: Deps, c: Collector, facts: Facts, options: BackupOptions): Promise<void> {
  for (const b of facts.builders.filter((x) => x.driver === 'docker-container')) {
    for (const n of b.nodes) {
      const container = `buildx_buildkit_${n.name}`;
      const where = `container:${container}:/var/lib/buildkit`;
      const st = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
        timeoutMs: deps.docker.timeouts.probe,
      });
      if (!succeeded(st)) {
        c.manifest.omitted.push({
          path: where,
          reason: `builder ${b.name} has no container (${st.stderr.trim() || 'not found'})`,
        });
        continue;
      }
      let running: boolean;
      try {
        running = (JSON.parse(st.stdout) as { Running?: boolean }).Running === true;
      } catch {
        c.manifest.omitted.push({ path: where, reason: `cannot read the state of ${container}` });
        continue;
      }
      if (running && (options.stopForState ?? []).includes(b.name)) {
        // The reinstall removes this builder next: stopped now so that its state can be copied.
        const stop = await deps.docker.buildx(['stop', b.name], {
          timeoutMs: deps.docker.timeouts.slow,
          mutates: true,
        });
        const again = await deps.docker.run(['container', 'inspect', '--format', '{{json .State}}', container], {
          timeoutMs: deps.docker.timeouts.probe,
        });
        running = !succeeded(stop) || !succeeded(again) || /"Running":true/.test(again.stdout);
      }
      if (running) {
        const reason = `builder ${b.name} is running: stop it (docker buildx stop ${b.name}) to back up its state`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const { entry, stagePath } = c.w.reserve();
      // What is left of max-backup-size bounds the stream: a state over it never fills the disk.
      const left = Math.max(0, options.maxBytes - c.w.files.reduce((n, f) => n + f.size, 0));
      // The tar stream goes straight to a file, never unpacked on the host.
      const r = await deps.docker.copyOutToFile(`${container}:/var/lib/buildkit`, stagePath, {
        timeoutMs: deps.docker.timeouts.slow,
        maxBytes: left,
      });
      const size = (await lstat(stagePath).catch(() => undefined))?.size ?? 0;
      if (size > left) {
        await rm(stagePath, { force: true });
        const reason = `builder ${b.name}'s state is over the ${left} bytes left under max-backup-size (${options.maxBytes} bytes): not backed up, its build cache is not kept; raise max-backup-size or prune the builder`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const ok = succeeded(r) && (await isTar(stagePath));
      if (!ok) {
        await rm(stagePath, { force: true });
        const reason = `docker cp failed: ${r.stderr.trim() || `exit ${String(r.exitCode)}`}`;
        c.manifest.omitted.push({ path: where, reason });
        c.state.push({ builder: b.name, container, skipped: reason });
        continue;
      }
      const f = await c.w.commit(
        { path: where, kind: 'builder-state', mode: 0o600, container, builder: b.name },
        entry,
        stagePath,
      );
      c.state.push({ builder: b.name, container, bytes: f.size });
    }
  }
}

/** A POSIX tar has `ustar` at offset 257 of its first header. */
async function isTar(p: string): Promise<boolean> {
  let fh;
  try {
    fh = await open(p, 'r');
    const b = Buffer.alloc(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    return bytesRead === 512 && b.subarray(257, 262).toString('latin1') === 'ustar';
  } catch {
    return false;
  } finally {
    await fh?.close();
  }
}
