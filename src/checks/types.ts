import type { Builder, Finding, CommandResult } from '../core/types.js';
import type { Parsed } from '../docker/docker.js';
import type {
  BuildxVersion,
  DockerInfo,
  DockerVersion,
  DuResult,
  InspectResult,
  LsResult,
} from '../docker/parse/types.js';
import type { Baseline } from '../core/report.js';
import type { DiagnoseOptions } from '../core/options.js';

/** A state file read from disk, with the parse outcome. */
export interface StateFile {
  path: string;
  /** Raw content (utf8); absent when unreadable. */
  content?: string;
  readError?: string;
  /** JSON parse error, when the file should be JSON and is not. */
  parseError?: string;
}

/** What a running `buildx_buildkit_*` container is doing, from its process list (`docker top`). */
export interface ContainerActivity {
  /**
   * `busy`: a build step or a connected client runs; `idle`: only buildkitd; `restarting`: the
   * daemon says the container is restarting (its process exited: nothing runs in it); `unknown`:
   * not read.
   */
  state: 'busy' | 'idle' | 'restarting' | 'unknown';
  /** The command lines seen. */
  processes: string[];
  evidence: CommandResult;
}

/**
 * A BuildKit container of a builder of this client that restarts in a loop: its buildkitd exits at
 * start and the restart policy buildx gives it (`unless-stopped`) starts it again.
 */
export interface RestartLoop {
  builder: string;
  container: string;
  /** The daemon's status line (`Restarting (1) 2 seconds ago`), when listed. */
  status?: string;
  /** Why buildkitd exits, from the container's own log (`docker logs --tail`). */
  cause?: string;
  /** The cause names BuildKit's state (a database in the state volume): keeping it would loop again. */
  stateBroken: boolean;
  /** The buildkitd.toml the container starts with (`/etc/buildkit/buildkitd.toml`), when it could be read. */
  config?: string;
  logs: CommandResult;
}

export interface OrphanCandidate {
  kind: 'container' | 'volume';
  name: string;
  /** The builder name it belongs to (`buildx_buildkit_<builder><n>`). */
  builder: string;
  state?: string;
  /**
   * Set when it must be left alone: a container that runs (or is paused), most likely the builder
   * of another client of this daemon (another HOME or DOCKER_CONFIG), or a volume such a
   * container holds (`by` names it). Only stopped leftovers are removed.
   */
  inUse?: { by?: string; activity?: ContainerActivity; recent?: true };
  /**
   * When a stopped container stopped (State.FinishedAt; Created for one never started or in a
   * restart loop), or a lone volume was created (CreatedAt), as the daemon says: how old the
   * leftover is decides whether it may be removed (`orphan-min-age`).
   */
  since?: string;
  /** The `docker inspect` that told `since` (or failed to). */
  sinceEvidence?: CommandResult;
}

/**
 * Facts are gathered once by diagnose and shared by all checks. Each piece keeps its command
 * result as evidence. Absent pieces were not gathered (an earlier probe already failed).
 */
export interface Facts {
  dockerVersion?: Parsed<DockerVersion>;
  info?: Parsed<DockerInfo>;
  buildxVersion?: Parsed<BuildxVersion>;
  ls?: Parsed<LsResult>;
  inspects: Record<string, Parsed<InspectResult>>;
  builders: Builder[];
  currentBuilder?: string;
  du?: Parsed<DuResult>;
  instanceFiles: StateFile[];
  currentFile?: StateFile;
  daemonJson?: StateFile;
  buildkitdTomls: StateFile[];
  containers?: CommandResult;
  volumes?: CommandResult;
  orphans: OrphanCandidate[];
  /** BuildKit containers of this client's builders that restart in a loop, by container name. */
  restartLoops?: Record<string, RestartLoop>;
  /** Running `buildx_buildkit_*` containers (ours and others'), by container name. */
  activity?: Record<string, ContainerActivity>;
  disk?: { path: string; freeBytes: number; totalBytes: number; evidence: CommandResult | string };
  baseline?: Baseline;
  baselineEvidence?: CommandResult;
  /** `inspect --bootstrap` of inactive builders (full diagnose with `bootstrap`), by builder name. */
  bootstraps?: Record<string, Parsed<InspectResult>>;
  /** Docker context names found under the config dir (context builders). */
  contexts?: string[];
  /** `DOCKER_BUILDKIT` as the docker CLI sees it (`0` turns BuildKit off for `docker build`). */
  dockerBuildkitEnv?: string;
  /** `DOCKER_HOST` as the docker CLI sees it. */
  dockerHost?: string;
  /** The Docker client layer: config.json, contexts, the context in use, the environment. */
  client?: ClientFacts;
}

/** One docker context's metadata (`contexts/meta/<sha256 of name>/meta.json`). */
export interface ContextMeta {
  path: string;
  name?: string;
  /** The docker endpoint's `Host`. */
  endpoint?: string;
  /** Why it cannot be read. */
  error?: string;
}

/** A file or directory under the config dir this user cannot read or change. */
export interface UnreadableFile {
  path: string;
  readable: boolean;
  directory: boolean;
  uid: number;
  mode: number;
}

export interface ClientFacts {
  configJson: {
    path: string;
    exists: boolean;
    readError?: string;
    parseError?: string;
    size?: number;
    currentContext?: string;
  };
  contexts: ContextMeta[];
  /** The context the docker CLI uses, and where that comes from (its own order). */
  inUse: { name: string; source: 'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'config.json' | 'default' };
  /** The client variables that are set (non-empty). */
  env: Partial<
    Record<
      'DOCKER_HOST' | 'DOCKER_CONTEXT' | 'DOCKER_CONFIG' | 'BUILDX_BUILDER' | 'DOCKER_BUILDKIT' | 'BUILDX_CONFIG',
      string
    >
  >;
  /** DOCKER_CONFIG / BUILDX_CONFIG naming a path docker cannot use. */
  envDirs: Partial<Record<'DOCKER_CONFIG' | 'BUILDX_CONFIG', { path: string; problem: string }>>;
  unreadable: UnreadableFile[];
  /**
   * `docker --context default version` when the context in use (from config.json) is missing or
   * dead: whether switching to `default` would give a working daemon.
   */
  defaultEndpoint?: CommandResult;
}

export interface CheckContext {
  facts: Facts;
  options: DiagnoseOptions;
}

/** A check: a small object in an ordered registry. A crashing check is reported, not hidden. */
export interface Check {
  id: string;
  title: string;
  run(ctx: CheckContext): Finding[];
}
