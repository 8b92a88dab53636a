/** Parsers for `docker version --format '{{json .}}'` and `docker info --format '{{json .}}'`. */
import type { ClientPlugin, DockerInfo, DockerVersion, VersionPart } from './types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Removes undefined keys so results compare cleanly and print small. */
function compact<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k];
  return o;
}

/** The first line that is a JSON object: docker prints the object on one line, warnings may follow. */
function firstJsonObject(stdout: string, what: string): Obj {
  const text = stdout.trim();
  if (text === '') throw new Error(`${what}: empty output, expected a JSON object`);
  const candidates = [
    text,
    ...text
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l.startsWith('{')),
  ];
  for (const c of candidates) {
    try {
      const v: unknown = JSON.parse(c);
      if (isObj(v)) return v;
    } catch {
      // not this one; try the next candidate
    }
  }
  throw new Error(`${what}: output is not a JSON object: ${JSON.stringify(text.slice(0, 120))}`);
}

/** Non-empty stderr lines, trimmed: the CLI's own account of what failed. */
function stderrLines(stderr: string | undefined): string[] {
  return (stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

function versionPart(o: Obj): VersionPart {
  return compact({
    version: str(o.Version),
    apiVersion: str(o.ApiVersion),
    os: str(o.Os),
    arch: str(o.Arch),
    goVersion: str(o.GoVersion),
  });
}

export function parseDockerVersion(stdout: string, stderr?: string): DockerVersion {
  const o = firstJsonObject(stdout, 'docker version');
  if (!('Client' in o) && !('Server' in o)) {
    throw new Error('docker version: JSON has neither Client nor Server');
  }
  const result: DockerVersion = {};
  if (isObj(o.Client)) result.client = versionPart(o.Client);
  if (isObj(o.Server)) {
    const components = Array.isArray(o.Server.Components)
      ? o.Server.Components.filter(isObj).map((c) => ({ name: str(c.Name) ?? '', version: str(c.Version) ?? '' }))
      : [];
    result.server = { ...versionPart(o.Server), components };
  } else {
    // Server is null when the daemon did not answer; the reason is only on stderr.
    const lines = stderrLines(stderr);
    result.serverError = lines.length > 0 ? lines.join('\n') : 'docker version: no Server section';
  }
  return result;
}

function plugins(v: unknown): ClientPlugin[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(isObj)
    .map((p) => compact({ name: str(p.Name) ?? '', version: str(p.Version), path: str(p.Path), err: str(p.Err) }));
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

export function parseDockerInfo(stdout: string, stderr?: string): DockerInfo {
  const o = firstJsonObject(stdout, 'docker info');
  if (!('ID' in o) && !('ServerVersion' in o) && !('ClientInfo' in o) && !('ServerErrors' in o)) {
    throw new Error('docker info: JSON has none of ID, ServerVersion, ClientInfo, ServerErrors');
  }
  const driverStatus = Array.isArray(o.DriverStatus) ? o.DriverStatus : [];
  const containerdSnapshotter = driverStatus.some(
    (pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1',
  );
  const serverErrors = strings(o.ServerErrors);
  // Newer clients leave ServerErrors out and print the failure on stderr, with an empty ID.
  if (serverErrors.length === 0 && str(o.ID) === undefined && str(o.ServerVersion) === undefined) {
    serverErrors.push(...stderrLines(stderr));
    if (serverErrors.length === 0) serverErrors.push('docker info: the daemon returned no server information');
  }
  const client = isObj(o.ClientInfo) ? o.ClientInfo : {};
  return compact({
    id: str(o.ID),
    name: str(o.Name),
    serverVersion: str(o.ServerVersion),
    storageDriver: str(o.Driver),
    dockerRootDir: str(o.DockerRootDir),
    operatingSystem: str(o.OperatingSystem),
    osType: str(o.OSType),
    architecture: str(o.Architecture),
    ncpu: num(o.NCPU) || undefined,
    memTotal: num(o.MemTotal) || undefined,
    containersRunning: str(o.ID) !== undefined ? num(o.ContainersRunning) : undefined,
    containerdSnapshotter: str(o.ID) !== undefined ? containerdSnapshotter : undefined,
    warnings: strings(o.Warnings),
    serverErrors,
    clientPlugins: plugins(client.Plugins),
  });
}
