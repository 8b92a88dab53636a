/**
 * One small text file read out of a container with `docker cp CONTAINER:PATH -` (a tar stream on
 * stdout): it works on a container that is stopped or restarting, where `docker exec` cannot run.
 */
import type { Docker } from '../docker/docker.js';
import { succeeded } from '../docker/runner.js';

/** The first regular file of a tar stream (ustar header: size in octal at 124..136), or undefined. */
export function firstTarFile(tar: Buffer): string | undefined {
  if (tar.length < 512) return undefined;
  const type = String.fromCharCode(tar[156] ?? 0);
  if (type !== '0' && type !== '\0') return undefined;
  const size = parseInt(tar.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
  if (!Number.isFinite(size) || size < 0 || 512 + size > tar.length) return undefined;
  return tar.subarray(512, 512 + size).toString('utf8');
}

/** The file's text, or undefined when it cannot be read (no such file, container gone, not a file). */
export async function readContainerFile(docker: Docker, container: string, path: string): Promise<string | undefined> {
  const r = await docker.run(['cp', `${container}:${path}`, '-'], { timeoutMs: docker.timeouts.probe });
  if (!succeeded(r)) return undefined;
  // The runner decodes stdout as UTF-8: encoded again, a text file and its ASCII header are the same bytes.
  return firstTarFile(Buffer.from(r.stdout, 'utf8'));
}
