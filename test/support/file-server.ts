import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A tiny HTTP server on 127.0.0.1 for download tests: serves fixed bodies by path, 404 otherwise,
 * and counts requests. Nothing leaves loopback.
 */
export interface FileServer {
  /** `http://127.0.0.1:PORT` */
  url: string;
  requests: string[];
  set(path: string, body: Buffer | string): void;
  close(): Promise<void>;
}

export async function fileServer(files: Record<string, Buffer | string> = {}): Promise<FileServer> {
  const bodies = new Map<string, Buffer>(Object.entries(files).map(([k, v]) => [k, Buffer.from(v)]));
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    requests.push(path);
    const body = bodies.get(path);
    if (body === undefined) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    set: (path, body) => bodies.set(path, Buffer.from(body)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
