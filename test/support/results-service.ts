/**
 * A local stand-in for GitHub's results service (the Twirp JSON API behind `@actions/artifact` 6 and
 * `@actions/cache` 6) and for the two REST endpoints a download from another run uses. Blobs live in
 * Azurite; this server only hands out per-blob SAS URLs, as the real service does, so the real
 * libraries upload and download unchanged. Loopback only.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  BlobSASPermissions,
  BlobServiceClient,
  SASProtocol,
  StorageSharedKeyCredential,
  generateBlobSASQueryParameters,
} from '@azure/storage-blob';
import { errorMessage } from '../../src/core/errors.js';

/** The emulator's published, well-known account and key (not a secret). */
const ACCOUNT = 'devstoreaccount1';
const ACCOUNT_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const ARTIFACT_CONTAINER = 'actions-results';
const CACHE_CONTAINER = 'actions-cache';
const TWIRP_PREFIX = '/twirp/github.actions.results.api.v1.';

export interface StoredArtifact {
  id: number;
  runId: string;
  jobId: string;
  name: string;
  blobName: string;
  size: number;
  digest?: string;
  mimeType?: string;
  createdAt: Date;
  expiresAt?: string;
  finalized: boolean;
}

export interface StoredCacheEntry {
  id: number;
  key: string;
  version: string;
  blobName: string;
  size: number;
  createdAt: Date;
  finalized: boolean;
}

export interface ServiceEnvOptions {
  jobId?: string;
  attempt?: number;
  runner?: string;
  repository?: string;
  workspace?: string;
  runnerTemp?: string;
}

export interface ResultsService {
  /** `http://127.0.0.1:PORT` (the same port across stop/restart). */
  url: string;
  port: number;
  /** Every request seen, in order (`POST /twirp/...ArtifactService/CreateArtifact`). */
  requests: string[];
  artifacts: StoredArtifact[];
  caches: StoredCacheEntry[];
  /** Makes one service drop every connection (ECONNRESET, as an outage looks to a client) until cleared. */
  setFault(service: 'ArtifactService' | 'CacheService', fault: 'reset' | undefined): void;
  /** Closes the listener: clients then get ECONNREFUSED, as with a service that is down. */
  stop(): Promise<void>;
  /** Listens again on the same port, with the same state. */
  restart(): Promise<void>;
  /** Stops and removes the service's temp directories. */
  dispose(): Promise<void>;
  /** An unsigned JWT whose `scp` claim names the run and job, as the libraries expect. */
  runtimeToken(runId: string | number, jobId?: string | number): string;
  /** The variables a runner sets for a job step of run `runId`. */
  env(runId: string | number, opts?: ServiceEnvOptions): Record<string, string>;
}

class TwirpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    msg: string,
  ) {
    super(msg);
  }
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

export function runtimeToken(runId: string | number, jobId: string | number = 'job-1'): string {
  const now = Math.floor(Date.now() / 1000);
  const header = b64url(JSON.stringify({ alg: 'none', typ: 'JWT' }));
  const payload = b64url(
    JSON.stringify({ scp: `Actions.GenericRead:0 Actions.Results:${runId}:${jobId}`, iat: now, exp: now + 6 * 3600 }),
  );
  return `${header}.${payload}.`;
}

/** The run and job ids from the `Actions.Results` scope of a bearer token. */
function scopeFromAuth(auth: string | undefined): { runId: string; jobId: string } {
  const m = /^Bearer\s+(\S+)$/i.exec(auth ?? '');
  if (!m?.[1]) throw new TwirpError(401, 'unauthenticated', 'missing bearer token');
  const part = m[1].split('.')[1];
  if (!part) throw new TwirpError(401, 'unauthenticated', 'malformed token');
  let claims: { scp?: string };
  try {
    claims = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as { scp?: string };
  } catch {
    throw new TwirpError(401, 'unauthenticated', 'malformed token');
  }
  for (const s of (claims.scp ?? '').split(' ')) {
    const p = s.split(':');
    if (p[0] === 'Actions.Results' && p.length === 3 && p[1] && p[2]) return { runId: p[1], jobId: p[2] };
  }
  throw new TwirpError(403, 'permission_denied', 'token has no Actions.Results scope');
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
}

/** Cache matching as the service does it: exact, then prefix, for the key and then each restore key;
 * newest first among prefix matches; `version` must match. */
export function matchCache(
  entries: StoredCacheEntry[],
  key: string,
  restoreKeys: string[],
  version: string,
): StoredCacheEntry | undefined {
  const usable = entries
    .filter((e) => e.finalized && e.version === version)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id);
  for (const k of [key, ...restoreKeys]) {
    const exact = usable.find((e) => e.key === k);
    if (exact) return exact;
    const prefix = usable.find((e) => e.key.startsWith(k));
    if (prefix) return prefix;
  }
  return undefined;
}

export async function startResultsService(opts: {
  azuritePort: number | string;
  repository?: string;
  /** Tokens whose job has no `actions: read`: the REST endpoints answer them 403 with GitHub's text. */
  tokensWithoutActionsRead?: string[];
}): Promise<ResultsService> {
  const azuritePort = Number(opts.azuritePort);
  if (!Number.isInteger(azuritePort) || azuritePort <= 0)
    throw new Error(`azuritePort must be a port number, got ${String(opts.azuritePort)}`);
  const repository = opts.repository ?? 'octo-org/octo-repo';
  const blobEndpoint = `http://127.0.0.1:${azuritePort}/${ACCOUNT}`;
  const credential = new StorageSharedKeyCredential(ACCOUNT, ACCOUNT_KEY);
  const blobService = new BlobServiceClient(blobEndpoint, credential);
  for (const c of [ARTIFACT_CONTAINER, CACHE_CONTAINER]) await blobService.getContainerClient(c).createIfNotExists();

  const dirs = mkdtempSync(join(tmpdir(), 'bkh-results-'));
  const artifacts: StoredArtifact[] = [];
  const caches: StoredCacheEntry[] = [];
  const requests: string[] = [];
  let nextId = 1000;
  const faults = new Map<string, 'reset'>();

  function sasUrl(container: string, blobName: string, permissions: string, minutes: number): string {
    const sas = generateBlobSASQueryParameters(
      {
        containerName: container,
        blobName,
        permissions: BlobSASPermissions.parse(permissions),
        startsOn: new Date(Date.now() - 5 * 60_000),
        expiresOn: new Date(Date.now() + minutes * 60_000),
        protocol: SASProtocol.HttpsAndHttp,
      },
      credential,
    ).toString();
    const path = blobName.split('/').map(encodeURIComponent).join('/');
    return `${blobEndpoint}/${container}/${path}?${sas}`;
  }

  function finalizedArtifacts(runId: string): StoredArtifact[] {
    return artifacts.filter((a) => a.finalized && a.runId === runId);
  }

  function monolith(a: StoredArtifact): Record<string, unknown> {
    return {
      workflow_run_backend_id: a.runId,
      workflow_job_run_backend_id: a.jobId,
      database_id: String(a.id),
      name: a.name,
      size: String(a.size),
      created_at: a.createdAt.toISOString(),
      ...(a.digest ? { digest: a.digest } : {}),
    };
  }

  async function artifactMethod(
    method: string,
    body: Record<string, unknown>,
    scope: { runId: string; jobId: string },
  ): Promise<unknown> {
    const runId = str(body.workflow_run_backend_id) ?? '';
    const jobId = str(body.workflow_job_run_backend_id) ?? '';
    if (runId !== scope.runId) throw new TwirpError(403, 'permission_denied', `token is not scoped to run ${runId}`);
    const name = str(body.name) ?? '';
    switch (method) {
      case 'CreateArtifact': {
        if (!name) throw new TwirpError(400, 'invalid_argument', 'name is required');
        if (finalizedArtifacts(runId).some((a) => a.name === name)) {
          throw new TwirpError(
            409,
            'already_exists',
            `an artifact with this name already exists on the workflow run: ${name}`,
          );
        }
        const id = nextId++;
        const pending = artifacts.findIndex((a) => !a.finalized && a.runId === runId && a.name === name);
        if (pending >= 0) artifacts.splice(pending, 1);
        const a: StoredArtifact = {
          id,
          runId,
          jobId,
          name,
          blobName: `${runId}/${id}/artifact.zip`,
          size: 0,
          createdAt: new Date(),
          finalized: false,
          ...(str(body.expires_at) ? { expiresAt: str(body.expires_at) } : {}),
          ...(str(body.mime_type) ? { mimeType: str(body.mime_type) } : {}),
        };
        artifacts.push(a);
        return { ok: true, signed_upload_url: sasUrl(ARTIFACT_CONTAINER, a.blobName, 'racw', 60) };
      }
      case 'FinalizeArtifact': {
        const a = artifacts.find((x) => !x.finalized && x.runId === runId && x.name === name);
        if (!a) throw new TwirpError(404, 'not_found', `no artifact being uploaded with name ${name}`);
        const props = await blobService
          .getContainerClient(ARTIFACT_CONTAINER)
          .getBlobClient(a.blobName)
          .getProperties()
          .catch(() => undefined);
        if (!props) throw new TwirpError(400, 'failed_precondition', `nothing was uploaded for artifact ${name}`);
        a.size = Number(str(body.size) ?? props.contentLength ?? 0);
        const hash = str(body.hash);
        if (hash) a.digest = hash;
        a.finalized = true;
        a.createdAt = new Date();
        return { ok: true, artifact_id: String(a.id) };
      }
      case 'ListArtifacts': {
        const nameFilter = str(body.name_filter);
        const idFilter = str(body.id_filter);
        const list = finalizedArtifacts(runId).filter(
          (a) =>
            (nameFilter === undefined || a.name === nameFilter) &&
            (idFilter === undefined || String(a.id) === idFilter),
        );
        return { artifacts: list.map(monolith) };
      }
      case 'GetSignedArtifactURL': {
        const a = finalizedArtifacts(runId).find((x) => x.name === name);
        if (!a) throw new TwirpError(404, 'not_found', `artifact not found: ${name}`);
        return { signed_url: sasUrl(ARTIFACT_CONTAINER, a.blobName, 'r', 10) };
      }
      case 'DeleteArtifact': {
        const i = artifacts.findIndex((x) => x.finalized && x.runId === runId && x.name === name);
        const a = artifacts[i];
        if (!a) throw new TwirpError(404, 'not_found', `artifact not found: ${name}`);
        artifacts.splice(i, 1);
        await blobService
          .getContainerClient(ARTIFACT_CONTAINER)
          .deleteBlob(a.blobName)
          .catch(() => undefined);
        return { ok: true, artifact_id: String(a.id) };
      }
      default:
        throw new TwirpError(404, 'bad_route', `no method ${method} on ArtifactService`);
    }
  }

  async function cacheMethod(method: string, body: Record<string, unknown>): Promise<unknown> {
    const key = str(body.key) ?? '';
    const version = str(body.version) ?? '';
    if (!key || !version) throw new TwirpError(400, 'invalid_argument', 'key and version are required');
    if (key.length > 512 || key.includes(','))
      throw new TwirpError(400, 'invalid_argument', `invalid cache key: ${key}`);
    switch (method) {
      case 'CreateCacheEntry': {
        if (caches.some((e) => e.finalized && e.key === key && e.version === version)) {
          throw new TwirpError(
            409,
            'already_exists',
            'cache entry with the same key, version, and scope already exists',
          );
        }
        const id = nextId++;
        const pending = caches.findIndex((e) => !e.finalized && e.key === key && e.version === version);
        if (pending >= 0) caches.splice(pending, 1);
        const e: StoredCacheEntry = {
          id,
          key,
          version,
          blobName: `cache/${id}/archive`,
          size: 0,
          createdAt: new Date(),
          finalized: false,
        };
        caches.push(e);
        return { ok: true, signed_upload_url: sasUrl(CACHE_CONTAINER, e.blobName, 'racw', 60) };
      }
      case 'FinalizeCacheEntryUpload': {
        const e = caches.find((x) => !x.finalized && x.key === key && x.version === version);
        if (!e) throw new TwirpError(404, 'not_found', `no cache entry being uploaded for key ${key}`);
        e.size = Number(str(body.size_bytes) ?? 0);
        e.finalized = true;
        e.createdAt = new Date();
        return { ok: true, entry_id: String(e.id) };
      }
      case 'GetCacheEntryDownloadURL': {
        const restoreKeys = Array.isArray(body.restore_keys)
          ? body.restore_keys.filter((k): k is string => typeof k === 'string')
          : [];
        const hit = matchCache(caches, key, restoreKeys, version);
        if (!hit) return { ok: false };
        return { ok: true, signed_download_url: sasUrl(CACHE_CONTAINER, hit.blobName, 'r', 10), matched_key: hit.key };
      }
      default:
        throw new TwirpError(404, 'bad_route', `no method ${method} on CacheService`);
    }
  }

  function restArtifact(a: StoredArtifact, base: string): Record<string, unknown> {
    return {
      id: a.id,
      node_id: `A_${a.id}`,
      name: a.name,
      size_in_bytes: a.size,
      url: `${base}/repos/${repository}/actions/artifacts/${a.id}`,
      archive_download_url: `${base}/repos/${repository}/actions/artifacts/${a.id}/zip`,
      expired: false,
      created_at: a.createdAt.toISOString(),
      updated_at: a.createdAt.toISOString(),
      expires_at: a.expiresAt ?? null,
      ...(a.digest ? { digest: a.digest } : {}),
      workflow_run: { id: Number(a.runId) },
    };
  }

  /** The two REST endpoints `@actions/artifact` uses with `findBy` (a token for another run). */
  function rest(req: IncomingMessage, res: ServerResponse, url: URL): void {
    if (!/^(token|bearer)\s+\S+/i.test(req.headers.authorization ?? '')) {
      sendJson(res, 401, { message: 'Requires authentication' });
      return;
    }
    const token = /^(?:token|bearer)\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    if (opts.tokensWithoutActionsRead?.includes(token)) {
      // What GitHub answers a GITHUB_TOKEN whose job's `permissions:` leave out `actions: read`.
      sendJson(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/actions/artifacts',
        status: '403',
      });
      return;
    }
    const base = `http://${req.headers.host ?? '127.0.0.1'}`;
    let m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/runs\/(\d+)\/artifacts$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      if (`${m[1]}/${m[2]}` !== repository) {
        sendJson(res, 404, { message: 'Not Found' });
        return;
      }
      const name = url.searchParams.get('name');
      const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30) || 30);
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1) || 1);
      const all = finalizedArtifacts(m[3] ?? '').filter((a) => name === null || a.name === name);
      sendJson(res, 200, {
        total_count: all.length,
        artifacts: all.slice((page - 1) * perPage, page * perPage).map((a) => restArtifact(a, base)),
      });
      return;
    }
    m = /^\/repos\/([^/]+)\/([^/]+)\/actions\/artifacts\/(\d+)\/zip$/.exec(url.pathname);
    if (m && req.method === 'GET') {
      const a = artifacts.find((x) => x.finalized && String(x.id) === m?.[3]);
      if (!a || `${m[1]}/${m[2]}` !== repository) {
        sendJson(res, 404, { message: 'Not Found' });
        return;
      }
      res.writeHead(302, { location: sasUrl(ARTIFACT_CONTAINER, a.blobName, 'r', 1), 'content-length': 0 });
      res.end();
      return;
    }
    sendJson(res, 404, { message: 'Not Found' });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    requests.push(`${req.method ?? '?'} ${url.pathname}`);
    const service = url.pathname.startsWith(TWIRP_PREFIX)
      ? url.pathname.slice(TWIRP_PREFIX.length).split('/')[0]
      : undefined;
    if (service && faults.get(service) === 'reset') {
      req.socket.destroy();
      return;
    }
    const raw = await readBody(req);
    if (!url.pathname.startsWith(TWIRP_PREFIX)) {
      rest(req, res, url);
      return;
    }
    try {
      if (req.method !== 'POST') throw new TwirpError(404, 'bad_route', 'Twirp methods are POST');
      const [service, method] = url.pathname.slice(TWIRP_PREFIX.length).split('/');
      let body: Record<string, unknown>;
      try {
        body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
      } catch {
        throw new TwirpError(400, 'malformed', 'request body is not JSON');
      }
      const scope = scopeFromAuth(req.headers.authorization);
      let out: unknown;
      if (service === 'ArtifactService') out = await artifactMethod(method ?? '', body, scope);
      else if (service === 'CacheService') out = await cacheMethod(method ?? '', body);
      else throw new TwirpError(404, 'bad_route', `no service ${service ?? ''}`);
      sendJson(res, 200, out);
    } catch (e) {
      if (e instanceof TwirpError) sendJson(res, e.status, { code: e.code, msg: e.message });
      else sendJson(res, 500, { code: 'internal', msg: errorMessage(e) });
    }
  }

  let server: Server | undefined;
  let port = 0;
  const listen = (p: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const s = createServer((req, res) => {
        handle(req, res).catch((e: unknown) => {
          if (!res.headersSent) sendJson(res, 500, { code: 'internal', msg: String(e) });
        });
      });
      s.once('error', reject);
      s.listen(p, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as AddressInfo).port);
      });
    });
  port = await listen(0);
  const url = `http://127.0.0.1:${port}`;

  const stop = (): Promise<void> =>
    new Promise((resolve) => {
      const s = server;
      server = undefined;
      if (!s) return resolve();
      s.close(() => resolve());
      s.closeAllConnections();
    });

  return {
    url,
    port,
    requests,
    artifacts,
    caches,
    stop,
    setFault(service, fault) {
      if (fault) faults.set(service, fault);
      else faults.delete(service);
    },
    async restart() {
      if (!server) await listen(port);
    },
    async dispose() {
      await stop();
      rmSync(dirs, { recursive: true, force: true });
    },
    runtimeToken,
    env(runId, o = {}) {
      const workspace = o.workspace ?? join(dirs, 'workspace');
      const runnerTemp = o.runnerTemp ?? join(dirs, 'temp');
      mkdirSync(workspace, { recursive: true });
      mkdirSync(runnerTemp, { recursive: true });
      return {
        ACTIONS_RUNTIME_TOKEN: runtimeToken(runId, o.jobId ?? 'job-1'),
        ACTIONS_RESULTS_URL: `${url}/`,
        ACTIONS_CACHE_SERVICE_V2: 'True',
        // `.localhost` is accepted by the libraries as non-GHES and is never contacted by them.
        GITHUB_SERVER_URL: 'http://github.localhost',
        GITHUB_API_URL: url,
        GITHUB_RUN_ID: String(runId),
        GITHUB_RUN_ATTEMPT: String(o.attempt ?? 1),
        GITHUB_REPOSITORY: o.repository ?? repository,
        GITHUB_ACTIONS: 'true',
        RUNNER_NAME: o.runner ?? 'self-hosted-1',
        RUNNER_TEMP: runnerTemp,
        GITHUB_WORKSPACE: workspace,
      };
    },
  };
}
