/**
 * The Docker client layer: `client.config-invalid`, `client.context-missing`, `client.context-dead`,
 * `client.context-invalid`, `client.env-invalid`, `client.permission-denied`, and
 * `builder.unknown-driver`. Pure rules over `facts.client` (src/tasks/client.ts) and the probes.
 * A variable that points at something missing or dead is named as the cause, with advice to change
 * it: the healer never changes the process environment, and never advises recreating a builder
 * for it.
 */
import { dirname } from 'node:path';
import type { Finding } from '../core/types.js';
import type { Check, ClientFacts, Facts } from './types.js';
import { cmd, finding, note, unreachableReason } from './util.js';
import { knownBuilderNames } from './state.js';
import { succeeded } from '../docker/runner.js';

/** Go's strconv.ParseBool, which the docker CLI applies to DOCKER_BUILDKIT (untrimmed). */
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);

const UNKNOWN_DRIVER = /failed to find driver "([^"]*)"/;

function probeEvidence(facts: Facts) {
  return [facts.ls?.result, facts.dockerVersion?.result, facts.info?.result].filter((r) => r !== undefined).map(cmd);
}

function contextNamed(c: ClientFacts, name: string) {
  return c.contexts.find((x) => x.name === name);
}

/** How the docker CLI failed to reach the endpoint of the context in use, when it did. */
function deadReason(facts: Facts): string | undefined {
  const r = unreachableReason(facts);
  if (r !== undefined) return r;
  const text = [facts.ls?.result.stderr, facts.dockerVersion?.result.stderr, facts.info?.result.stderr].join('\n');
  return text
    .split('\n')
    .map((l) => l.trim())
    .find((l) => /Cannot connect to the Docker daemon|connection refused|dial unix .*: connect:/i.test(l));
}

/**
 * The client-layer cause that makes every docker command fail, when there is one (the context in
 * use is missing or dead): the daemon and baseline checks defer to it.
 */
export function clientCause(facts: Facts): { id: string; subject: string } | undefined {
  const c = facts.client;
  if (c === undefined) return undefined;
  // The docker CLI refuses to run any command with a DOCKER_BUILDKIT it cannot parse.
  if (c.env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(c.env.DOCKER_BUILDKIT))
    return { id: 'client.env-invalid', subject: 'DOCKER_BUILDKIT' };
  if (c.inUse.name === 'default') return undefined;
  const id = c.inUse.source === 'DOCKER_CONTEXT' ? 'client.env-invalid' : undefined;
  const meta = contextNamed(c, c.inUse.name);
  if (meta === undefined)
    return { id: id ?? 'client.context-missing', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
  if (deadReason(facts) !== undefined)
    return { id: id ?? 'client.context-dead', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
  return undefined;
}

/** BUILDX_BUILDER naming a builder that does not exist: `buildx build` fails on the variable. */
export function envBuilderCause(facts: Facts): { id: string; subject: string } | undefined {
  const v = facts.client?.env.BUILDX_BUILDER;
  if (v === undefined || facts.ls?.parsed === undefined || knownBuilderNames(facts).has(v.toLowerCase()))
    return undefined;
  return { id: 'client.env-invalid', subject: 'BUILDX_BUILDER' };
}

/** `sudo chown -R "$USER" DIR` for the smallest directory holding every file this user cannot change. */
export function chownFix(dirs: string[]): string {
  return `sudo chown -R "$USER" ${dirs.map((d) => (/^[\w./-]+$/.test(d) ? d : `'${d.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
}

function configFindings(c: ClientFacts): Finding[] {
  const j = c.configJson;
  if (j.parseError === undefined && (j.readError === undefined || /EACCES|EPERM/.test(j.readError))) return [];
  const why = j.parseError ?? j.readError ?? '';
  return [
    finding(
      'client.config-invalid',
      'warning',
      j.path,
      `${j.path} cannot be ${j.parseError !== undefined ? 'parsed' : 'read'} (${why}): docker warns and runs without it, so the current context, registry logins (\`auths\`, \`credsStore\`), proxies and plugin directories it holds are ignored; pushes and pulls that need a login fail.`,
      [note(`${j.path}: ${why}${j.size !== undefined ? ` (${j.size} bytes)` : ''}`)],
      {
        ...(j.parseError !== undefined
          ? {
              repair: {
                action: 'client.config-aside',
                target: j.path,
                automatic: true,
                notInAuto: true,
                description: `Move ${j.path} aside to a dated name (never deleted; repair and reinstall, after the backup)`,
              },
            }
          : {}),
        advice: `Fix ${j.path} (it must be one JSON object), or move it aside (\`mv ${j.path} ${j.path}.broken\`) and log in again; a heal in repair or reinstall mode moves it aside after the backup.`,
      },
    ),
  ];
}

/** The default endpoint answered `docker --context default version` with a server version. */
function defaultAnswers(c: ClientFacts): boolean {
  const r = c.defaultEndpoint;
  return r !== undefined && succeeded(r) && r.stdout.trim() !== '';
}

function defaultNote(c: ClientFacts): string {
  if (c.defaultEndpoint === undefined) return '';
  return defaultAnswers(c)
    ? ` The default endpoint answers (server ${c.defaultEndpoint.stdout.trim()}).`
    : ' The default endpoint does not answer either.';
}

function defaultEv(c: ClientFacts) {
  return c.defaultEndpoint !== undefined ? [cmd(c.defaultEndpoint)] : [];
}

/** Switch to `default`: automatic (in auto too, after the backup) only when the default endpoint answers. */
function useDefault(c: ClientFacts, name: string) {
  return {
    action: 'context.use-default',
    target: name,
    automatic: defaultAnswers(c),
    description: `\`docker context use default\` instead of context ${name} (the context itself is kept)`,
  };
}

function contextFindings(facts: Facts, c: ClientFacts): Finding[] {
  const out: Finding[] = [];
  const ev = probeEvidence(facts);
  const inUse = c.inUse;
  for (const m of c.contexts.filter((x) => x.error !== undefined)) {
    out.push(
      finding(
        'client.context-invalid',
        'warning',
        m.path,
        `Docker context metadata ${m.path} cannot be read (${m.error ?? ''}): that context cannot be used or listed.`,
        [note(`${m.path}: ${m.error ?? ''}`)],
        {
          advice: `Fix or move aside ${dirname(m.path)} (\`docker context ls\` shows which contexts still load).`,
        },
      ),
    );
  }
  if (inUse.name === 'default' || inUse.source !== 'config.json') return out;
  const where = `\`currentContext\` in ${c.configJson.path}`;
  const meta = contextNamed(c, inUse.name);
  if (meta === undefined) {
    out.push(
      finding(
        'client.context-missing',
        'error',
        inUse.name,
        `The docker context in use, ${inUse.name} (from ${where}), does not exist: every docker and buildx command fails.${defaultNote(c)}`,
        [...ev, ...defaultEv(c)],
        {
          repair: useDefault(c, inUse.name),
          advice: `\`docker context use default\` (or create context ${inUse.name} again, e.g. \`docker context create ${inUse.name} --docker host=unix:///var/run/docker.sock\`).`,
        },
      ),
    );
    return out;
  }
  const dead = deadReason(facts);
  if (dead !== undefined) {
    out.push(
      finding(
        'client.context-dead',
        'error',
        inUse.name,
        `The docker context in use, ${inUse.name} (from ${where}), points at ${meta.endpoint ?? 'an endpoint'} that does not answer: ${dead}.${defaultNote(c)}`,
        [...ev, ...defaultEv(c)],
        {
          repair: useDefault(c, inUse.name),
          advice: `Start what ${meta.endpoint ?? 'its endpoint'} belongs to (Docker Desktop, a remote daemon), or switch away from it: \`docker context use default\`.`,
        },
      ),
    );
  }
  return out;
}

function envFindings(facts: Facts, c: ClientFacts): Finding[] {
  const out: Finding[] = [];
  const ev = probeEvidence(facts);
  const env = c.env;
  const advice = (v: string, what: string) =>
    `Change or unset ${v} where it is set (the runner's .env, the job's env:, the shell profile): ${what}. The healer does not change the environment it was started with.`;
  if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_HOST === undefined && env.DOCKER_CONTEXT !== 'default') {
    const meta = contextNamed(c, env.DOCKER_CONTEXT);
    const dead = meta !== undefined ? deadReason(facts) : undefined;
    if (meta === undefined || dead !== undefined) {
      const what =
        meta === undefined
          ? 'a context that does not exist'
          : `a context whose endpoint ${meta.endpoint ?? ''} does not answer (${dead ?? ''})`;
      out.push(
        finding(
          'client.env-invalid',
          'error',
          'DOCKER_CONTEXT',
          `DOCKER_CONTEXT=${env.DOCKER_CONTEXT} names ${what}: every docker and buildx command fails.`,
          ev,
          {
            advice: advice('DOCKER_CONTEXT', `name an existing context (\`docker context ls\`) or unset it`),
          },
        ),
      );
    }
  }
  if (env.BUILDX_BUILDER !== undefined && envBuilderCause(facts) !== undefined) {
    out.push(
      finding(
        'client.env-invalid',
        'error',
        'BUILDX_BUILDER',
        `BUILDX_BUILDER=${env.BUILDX_BUILDER} names a builder that does not exist: every \`docker buildx build\` fails with \`no builder "${env.BUILDX_BUILDER}" found\`. The builders are fine; the variable is the cause.`,
        ev,
        {
          advice: advice('BUILDX_BUILDER', `name an existing builder (\`docker buildx ls\`) or unset it`),
        },
      ),
    );
  }
  if (env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(env.DOCKER_BUILDKIT)) {
    out.push(
      finding(
        'client.env-invalid',
        'error',
        'DOCKER_BUILDKIT',
        `DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)} is not a boolean: \`docker build\` refuses to start.`,
        [
          note(
            `DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)}; accepted: 1, 0, true, false, t, f (Go's strconv.ParseBool)`,
          ),
        ],
        {
          advice: advice('DOCKER_BUILDKIT', 'set it to 1 (or unset it: BuildKit is the default)'),
        },
      ),
    );
  }
  for (const v of ['DOCKER_CONFIG', 'BUILDX_CONFIG'] as const) {
    const p = c.envDirs[v];
    if (p === undefined) continue;
    out.push(
      finding(
        'client.env-invalid',
        'error',
        v,
        `${v}=${p.path} cannot be used: ${p.problem}.`,
        [note(`${v}=${p.path}: ${p.problem}`)],
        {
          advice: advice(v, 'point it at a directory this user owns'),
        },
      ),
    );
  }
  return out;
}

function permissionFindings(c: ClientFacts, configDir: string): Finding[] {
  if (c.unreadable.length === 0) return [];
  const list = c.unreadable.map(
    (u) =>
      `${u.path} (${u.directory ? 'directory' : 'file'}, owner uid ${u.uid}, mode ${u.mode.toString(8).padStart(4, '0')}${u.readable ? ', read-only for this user' : ', unreadable'})`,
  );
  const dirs = [configDir];
  for (const u of c.unreadable)
    if (u.path !== configDir && !u.path.startsWith(`${configDir}/`) && !dirs.some((d) => u.path.startsWith(`${d}/`)))
      dirs.push(dirname(u.path));
  return [
    finding(
      'client.permission-denied',
      'error',
      configDir,
      `${c.unreadable.length} file(s) under ${configDir} cannot be read or changed by this user (left by an earlier \`sudo docker ...\`): docker and buildx fail on them.`,
      [note(list.join('\n'))],
      {
        advice: `\`${chownFix(dirs)}\` (then run the heal again).`,
      },
    ),
  ];
}

function unknownDriverFindings(facts: Facts): Finding[] {
  const out: Finding[] = [];
  for (const b of facts.builders) {
    const err = [b.error, ...b.nodes.map((n) => n.error)].find((e) => e !== undefined && UNKNOWN_DRIVER.test(e));
    if (err === undefined) continue;
    const driver = UNKNOWN_DRIVER.exec(err)?.[1] ?? b.driver;
    const inUse = facts.currentBuilder === b.name;
    out.push(
      finding(
        'builder.unknown-driver',
        inUse ? 'error' : 'warning',
        b.name,
        `Builder ${b.name} uses the driver "${driver}", which the installed buildx does not know (${err})${inUse ? '; it is the builder in use, so every build fails' : ''}. \`docker buildx rm\` cannot remove it, and it cannot be re-created with that driver.`,
        facts.ls ? [cmd(facts.ls.result)] : [],
        {
          repair: {
            action: 'builder.forget',
            target: b.name,
            automatic: true,
            description: `Remove builder ${b.name} (\`buildx rm\`, else its instance file moved aside); it is never re-created with the driver "${driver}"`,
          },
          advice: `\`docker buildx use default\`, then remove its instance file (\`rm ${facts.instanceFiles.find((f) => f.path.toLowerCase().endsWith(`/${b.name.toLowerCase()}`))?.path ?? `~/.docker/buildx/instances/${b.name}`}\`), or install the buildx that has the "${driver}" driver.`,
        },
      ),
    );
  }
  return out;
}

/** Builders whose error is an unknown driver: the builder check leaves them to this one. */
export function unknownDriver(error: string | undefined): boolean {
  return error !== undefined && UNKNOWN_DRIVER.test(error);
}

export const clientCheck: Check = {
  id: 'client',
  title: 'Docker client configuration, contexts and environment',
  run({ facts }) {
    const c = facts.client;
    const out: Finding[] = [];
    if (c !== undefined) {
      out.push(...permissionFindings(c, dirname(c.configJson.path)));
      out.push(...configFindings(c));
      out.push(...contextFindings(facts, c));
      out.push(...envFindings(facts, c));
    }
    out.push(...unknownDriverFindings(facts));
    return out;
  },
};
