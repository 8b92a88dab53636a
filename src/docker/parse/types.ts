/** Typed results of the docker and buildx command parsers. Unknown fields are ignored, never fatal. */
import type { Builder, BuilderNode } from '../../core/types.js';

export interface VersionPart {
  version?: string;
  apiVersion?: string;
  os?: string;
  arch?: string;
  goVersion?: string;
}

export interface DockerVersion {
  client?: VersionPart;
  server?: VersionPart & { components: { name: string; version: string }[] };
  /** Set when the client answered but the daemon did not (the `docker version` JSON still has Client). */
  serverError?: string;
}

export interface ClientPlugin {
  name: string;
  version?: string;
  path?: string;
  /** The CLI's own error for a plugin it found but could not run. */
  err?: string;
}

export interface DockerInfo {
  id?: string;
  name?: string;
  serverVersion?: string;
  storageDriver?: string;
  dockerRootDir?: string;
  operatingSystem?: string;
  osType?: string;
  architecture?: string;
  ncpu?: number;
  memTotal?: number;
  containersRunning?: number;
  /** True when the daemon runs the containerd image store (`driver-type` io.containerd.snapshotter.v1). */
  containerdSnapshotter?: boolean;
  warnings: string[];
  /** `ServerErrors` of `docker info --format json`: set when the daemon is unreachable. */
  serverErrors: string[];
  clientPlugins: ClientPlugin[];
}

export interface BuildxVersion {
  /** e.g. `github.com/docker/buildx` */
  name: string;
  /** As printed: `v0.13.1`, `0.13.1+ds1`... */
  raw: string;
  /** Normalised semver (`0.13.1`), or null when it cannot be read. */
  semver: string | null;
  revision?: string;
}

export interface LsResult {
  builders: Builder[];
  /** Lines that report errors outside a builder row (`ERROR: ...`, `Cannot load builder ...`). */
  errors: string[];
  format: 'json' | 'table';
}

export interface GcPolicy {
  all?: boolean;
  filters: string[];
  keepDuration?: string;
  keepBytes?: string;
  /** buildx >= 0.19 split keepBytes into reserved/max/min free space. */
  reservedSpace?: string;
  maxUsedSpace?: string;
  minFreeSpace?: string;
}

export interface InspectNode extends BuilderNode {
  driverOptions: Record<string, string>;
  labels: Record<string, string>;
  gcPolicy: GcPolicy[];
  features: Record<string, boolean>;
  devices: string[];
}

export interface InspectResult {
  name: string;
  driver: string;
  lastActivity?: string;
  /** Builder-level `Error:` line. */
  error?: string;
  nodes: InspectNode[];
}

export interface DuRecord {
  id: string;
  parents: string[];
  createdAt?: string;
  lastUsed?: string;
  usageCount?: number;
  /** Bytes. */
  size: number;
  reclaimable: boolean;
  shared: boolean;
  /** buildx prints `Reclaimable` as the negation of BuildKit's in-use flag. */
  inUse: boolean;
  /** `Mutable:` in verbose output, `*` after the ID in the table. */
  mutable?: boolean;
  type?: string;
  description?: string;
}

export interface DuResult {
  records: DuRecord[];
  totalBytes: number;
  reclaimableBytes: number;
  sharedBytes: number;
  /** `Private:` total, when buildx printed it. */
  privateBytes?: number;
  format?: 'verbose' | 'table';
}

/** One build step of `--progress=rawjson`, merged over every update buildx printed for it. */
export interface ProgressVertex {
  digest: string;
  name: string;
  /** True when BuildKit took the step from its own cache. */
  cached: boolean;
  started?: string;
  completed?: string;
  error?: string;
}

export interface RawJsonProgress {
  /** In the order they first appeared. */
  vertices: ProgressVertex[];
  /** Step output (base64 `data` decoded), one entry per line. */
  logs: string[];
  /** Vertex errors and the `ERROR: ...` lines printed after the stream. */
  errors: string[];
  /** Build warnings (`short` decoded), e.g. Dockerfile lint. */
  warnings: string[];
  /** True when the stream ended inside an object (a killed build). */
  truncated?: boolean;
}

/**
 * A buildx instance file (`<config dir>/buildx/instances/<name>`), as buildx writes it: the only
 * place that keeps a builder's driver options, flags, platforms and buildkitd.toml. Every field may
 * be missing in a damaged or older file. Platforms are objects in buildx's JSON; older files held strings.
 */
export interface InstanceNode {
  Name?: string;
  Endpoint?: string;
  Platforms?: ({ os?: string; architecture?: string; variant?: string } | string)[] | null;
  DriverOpts?: Record<string, string> | null;
  Flags?: string[] | null;
  Files?: Record<string, string> | null;
}
export interface InstanceFile {
  Name?: string;
  Driver?: string;
  Nodes?: InstanceNode[];
}
