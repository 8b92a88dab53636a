/**
 * `builder.error`, `builder.cannot-bootstrap`, `builder.restart-loop`, `builder.declared-missing`:
 * every builder loads, inactive ones can start, no BuildKit container restarts in a loop, and every
 * builder the `builders` input declares is there.
 */
import { basename } from 'node:path';
import type { Builder, CommandResult, Evidence, Finding } from '../core/types.js';
import type { Check, Facts, RestartLoop } from './types.js';
import { cmd, daemonDown, finding } from './util.js';
import { unknownDriver } from './client.js';
import { configRejected } from '../docker/parse/index.js';

/** Builders with an instance file under buildx/instances (created with `buildx create`). */
function hasInstanceFile(facts: Facts, name: string): boolean {
  return facts.instanceFiles.some((f) => basename(f.path) === name.toLowerCase());
}

function builderError(b: Builder): string | undefined {
  if (b.error !== undefined) return b.error;
  const n = b.nodes.find((x) => x.error !== undefined || x.status === 'error');
  if (n) return n.error ?? `node ${n.name} is in error`;
  return b.status === 'error' ? 'status error' : undefined;
}

function errorFinding(facts: Facts, b: Builder, err: string): Finding {
  const ev: Evidence[] = [];
  if (facts.ls) ev.push(cmd(facts.ls.result));
  const ins = facts.inspects[b.name];
  if (ins) ev.push(cmd(ins.result));
  const msg = `Builder ${b.name} is in error: ${err}`;
  if (hasInstanceFile(facts, b.name)) {
    return finding('builder.error', 'error', b.name, msg, ev, {
      repair: {
        action: 'builder.recreate',
        description: `Remove builder ${b.name} and create it again from its definition`,
        target: b.name,
        automatic: true,
      },
    });
  }
  // A context builder (docker driver on a docker context, e.g. Docker Desktop's desktop-linux):
  // its endpoint is the context's; the builder goes away with the context. In use, every build
  // fails (an error); not in use, no build goes there (a warning): the context is the user's, kept
  // by auto (the pre-build step) and removed by repair and reinstall.
  const inUse = facts.currentBuilder === b.name || b.name === 'default';
  return finding(
    'builder.error',
    inUse ? 'error' : 'warning',
    b.name,
    inUse ? msg : `${msg} (not in use: no build goes there)`,
    ev,
    {
      repair: {
        action: 'builder.remove',
        description: `Remove the docker context ${b.name} whose endpoint is dead (repair and reinstall; auto keeps it)`,
        target: b.name,
        automatic: !inUse,
        notInAuto: true,
      },
      advice: `Fix the endpoint of docker context ${b.name} or remove it (\`docker context rm ${b.name}\`, or \`heal --mode repair\`).`,
    },
  );
}

/**
 * A bootstrap killed at its timeout (a pull from a registry that accepts and never answers, a
 * huge image on a slow link): say so, with the last progress step buildx printed (`pulling image X`).
 * Killed, buildx marks the step `2.7s done` and adds `#1 ERROR: ... got 1 SIGTERM/SIGINTs, forcing
 * shutdown`: that is our kill, not how the step it was stuck in ended.
 */
function timedOutWhy(r: CommandResult): string {
  // Lines that only say how a step ended (`#1 CANCELED`, `#1 2.7s done`) name no step.
  const status = /^#\d+ (ERROR:|(\d+(\.\d+)?s\s+)?(done|DONE|CANCELED|CACHED)\s*$)/;
  const step = r.stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^#\d+ /.test(l) && !status.test(l))
    .at(-1)
    ?.replace(/^#\d+ /, '')
    .replace(/\s+(\d+(\.\d+)?s\s+)?(done|CANCELED)$/, '');
  return `timed out after ${Math.round(r.durationMs / 1000)} s and was stopped${step !== undefined ? ` (last step: ${step})` : ''}`;
}

/**
 * A builder whose BuildKit container restarts in a loop: buildkitd exits at start (a configuration
 * it rejects, a state database it cannot open) and the restart policy buildx gives the container
 * starts it again. Not a build in progress: nothing runs there. The cause is the container's log.
 */
function restartLoopFinding(facts: Facts, name: string, loops: RestartLoop[]): Finding {
  const ev: Evidence[] = [];
  if (facts.containers) ev.push(cmd(facts.containers));
  for (const l of loops) ev.push(cmd(l.logs));
  const containers = loops.map((l) => `${l.container}${l.status !== undefined ? ` (${l.status})` : ''}`).join(', ');
  const causes = [...new Set(loops.map((l) => l.cause).filter((c): c is string => c !== undefined))];
  const why =
    causes.length > 0
      ? `its buildkitd exits at start: ${causes.join(' | ')}`
      : 'its buildkitd exits at start (its log says nothing the healer could read as a cause)';
  const msg = `Builder ${name} is broken: its BuildKit container ${containers} restarts in a loop; ${why}.`;
  const broken = loops.some((l) => l.stateBroken);
  const rejected = broken ? undefined : rejectedDefinition(facts, name, loops);
  if (rejected !== undefined) {
    // Its own definition is what BuildKit rejects: created again from it, it would loop again.
    ev.push({ kind: 'file', path: rejected.instance, content: rejected.config });
    const node = rejected.node !== `${name}0` ? ` --node ${rejected.node}` : '';
    return finding(
      'builder.restart-loop',
      'error',
      name,
      `${msg} BuildKit rejects the buildkitd.toml builder ${name} was created with (buildx create --buildkitd-config, kept in its definition ${rejected.instance}): created again from that definition it would loop again, so the healer does not re-create it.`,
      ev,
      {
        advice: `Fix that buildkitd.toml (BuildKit says: ${causes.join(' | ') || 'see the container log'}) and create the builder again with the fixed file, keeping its build cache: \`docker buildx rm --keep-state ${name}\`, then \`docker buildx create --name ${name} --driver docker-container${node} --buildkitd-config <fixed buildkitd.toml>\` with the driver options and platforms it had.`,
      },
    );
  }
  if (!hasInstanceFile(facts, name)) {
    return finding('builder.restart-loop', 'error', name, msg, ev, {
      advice: `Fix what the log names, or remove the builder (\`docker buildx rm ${name}\`).`,
    });
  }
  return finding('builder.restart-loop', 'error', name, msg, ev, {
    repair: broken
      ? {
          action: 'builder.recreate',
          description: `Remove builder ${name} with its state volume (BuildKit cannot open its state) and create it again from its definition`,
          target: name,
          automatic: true,
        }
      : {
          action: 'builder.recreate',
          description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again from its definition`,
          target: name,
          automatic: true,
          keepState: true,
        },
    advice: broken
      ? undefined
      : `A builder created again from the same definition loops again when the definition is what buildkitd rejects: fix its buildkitd.toml or flags.`,
  });
}

/**
 * The loop's own config is the one the builder's definition carries (buildx writes the instance
 * file's buildkitd.toml into the container): the definition is what BuildKit rejects. Undefined
 * when it cannot be told (no config read, no definition, or they differ: a config written into
 * the container, which a re-created builder does not get).
 */
function rejectedDefinition(
  facts: Facts,
  name: string,
  loops: RestartLoop[],
): { instance: string; node: string; config: string } | undefined {
  const file = facts.instanceFiles.find((f) => basename(f.path) === name.toLowerCase());
  if (file?.content === undefined) return undefined;
  let nodes: { Name?: unknown; Files?: Record<string, unknown> | null }[];
  try {
    nodes = (JSON.parse(file.content) as { Nodes?: typeof nodes }).Nodes ?? [];
  } catch {
    return undefined;
  }
  for (const l of loops) {
    // Its buildkitd says its configuration is what fails: else a config that merely equals the
    // definition's (a valid --buildkitd-config) is not the cause, and re-creating may cure it.
    if (l.config === undefined || l.cause === undefined || !configRejected(l.cause)) continue;
    const node = nodes.find((n) => `buildx_buildkit_${String(n.Name)}` === l.container);
    const b64 = node?.Files?.['buildkitd.toml'];
    if (typeof b64 !== 'string') continue;
    const defined = Buffer.from(b64, 'base64').toString('utf8');
    if (defined.trim() === l.config.trim()) return { instance: file.path, node: String(node?.Name), config: defined };
  }
  return undefined;
}

/**
 * A builder the `builders` input declares that `buildx ls` does not list (never created, removed,
 * or forgotten because its driver is unknown to this buildx): a build that names it fails. Its
 * repair creates it as declared, in auto too (the user asked for it).
 */
function declaredMissing(facts: Facts, declared: string[]): Finding[] {
  const ls = facts.ls;
  if (ls?.parsed === undefined) return [];
  const have = new Set(facts.builders.map((b) => b.name.toLowerCase()));
  return declared
    .filter((n) => n !== 'default' && !have.has(n.toLowerCase()))
    .map((n) =>
      finding(
        'builder.declared-missing',
        'error',
        n,
        `Builder ${n} is declared in the builders input but does not exist: a build that names it fails.`,
        [cmd(ls.result)],
        {
          repair: {
            action: 'builder.create',
            target: n,
            automatic: true,
            description: `Create builder ${n} as the builders input declares it`,
          },
          advice: `Create builder ${n} as declared (\`docker buildx create --name ${n} ...\` with its declared driver and options), or remove it from the builders input.`,
        },
      ),
    );
}

export const builderCheck: Check = {
  id: 'builder',
  title: 'Builders load and bootstrap',
  run({ facts, options }) {
    // With the daemon down every builder errors: daemon.unreachable says it once.
    if (daemonDown(facts)) return [];
    const out: Finding[] = [...declaredMissing(facts, options.declaredBuilders ?? [])];
    const loops = new Map<string, RestartLoop[]>();
    for (const l of Object.values(facts.restartLoops ?? {})) loops.set(l.builder, [...(loops.get(l.builder) ?? []), l]);
    for (const [name, ls] of loops) out.push(restartLoopFinding(facts, name, ls));
    for (const b of facts.builders) {
      // Its error is the loop's (`... is restarting, wait until the container is running`).
      if (loops.has(b.name)) continue;
      const err = builderError(b);
      // An unknown driver is builder.unknown-driver's (it cannot be removed or re-created).
      if (err !== undefined && !unknownDriver(err)) out.push(errorFinding(facts, b, err));
    }
    for (const [name, p] of Object.entries(facts.bootstraps ?? {})) {
      const nodes = p.parsed?.nodes ?? [];
      const running = nodes.length > 0 && nodes.every((n) => n.status === 'running');
      const exitOk = p.result.exitCode === 0 && !p.result.timedOut;
      if (exitOk && running && p.parsed?.error === undefined) continue;
      const why = p.result.timedOut
        ? timedOutWhy(p.result)
        : (p.parsed?.error ??
          nodes.find((n) => n.error)?.error ??
          p.result.stderr
            .split('\n')
            .reverse()
            .find((l) => /^ERROR:/.test(l.trim()))
            ?.trim() ??
          p.result.spawnError ??
          p.parseError ??
          `exit ${String(p.result.exitCode)}`);
      out.push(
        finding(
          'builder.cannot-bootstrap',
          'error',
          name,
          `Builder ${name} cannot bootstrap: ${why}`,
          [cmd(p.result)],
          {
            // Its state volume (the build cache) is kept: the cause is its image or its start,
            // and a state it cannot open shows as builder.restart-loop, which removes it.
            repair: {
              action: 'builder.recreate',
              description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again (its image must be pullable or present)`,
              target: name,
              automatic: true,
              keepState: true,
            },
          },
        ),
      );
    }
    return out;
  },
};
