import type { SourceCheck } from '../core/report.js';

/**
 * Backup stores: where verified bundles go. The local directory store is the CLI's default;
 * the GitHub store (artifact for configs, cache for cache data) plugs in behind the same interface.
 */

export interface StoredBackup {
  /** Unique, readable name (also a valid GitHub artifact name). */
  name: string;
  /** Where it is: a directory path, or `artifact:<id>`. */
  location: string;
  createdAt?: string;
  bytes?: number;
  artifactId?: string;
  /** Keys of cache data saved beside the bundle (GitHub cache store). */
  cacheKeys?: string[];
  /** What went wrong without losing the backup (e.g. the cache service was down). */
  warnings?: string[];
}

/** Cache data of one builder, saved under its own key (GitHub cache store). */
export interface CacheSet {
  builder: string;
  paths: string[];
}

/** One cache entry put back by `fetch(..., { restoreCache: true })`. */
export interface CacheRestore {
  builder: string;
  key: string;
  paths: string[];
  /** The key that matched (the saved one, or a restore-key fallback); undefined: nothing restored. */
  matchedKey?: string;
  warning?: string;
}

export interface SaveRequest {
  name: string;
  /** The verified bundle: one `.tar.gz` file (manifest.json and files/ inside). */
  bundlePath: string;
  /** Directories of cache data to save beside the bundle, when the store keeps them separately. */
  cachePaths: string[];
  /** The builder `cachePaths` belong to (names the cache key; default `all`). */
  builder?: string;
  /** More cache data, one entry per builder. */
  cacheSets?: CacheSet[];
}

export interface FetchOptions {
  restoreCache?: boolean;
  artifactId?: string | number;
  /** Accept a bundle whose origin cannot be proven (local: no MAC, another key, no key here). */
  trustUnsigned?: boolean;
  /** GitHub: called with the downloaded bundle and where it came from, before any cache data is
   * put back; a throw refuses the backup (nothing restored). */
  verify?: (bundlePath: string, origin: { repository?: string; runId?: string }) => Promise<void>;
}

export interface Store {
  /** `local`, `github`. */
  readonly kind: string;
  save(req: SaveRequest): Promise<StoredBackup>;
  list(): Promise<StoredBackup[]>;
  /** Fetches the bundle file into `destDir` and returns its path (and, with `restoreCache`, puts
   * cache data back where it was saved from). Throws a clear error naming the backups it can see
   * when `name` does not exist. */
  fetch(
    name: string,
    destDir: string,
    opts?: FetchOptions,
  ): Promise<{
    backup: StoredBackup;
    bundlePath: string;
    cacheRestored?: CacheRestore[];
    /** Local: the MAC check, done by the store (a refusal throws SourceError). */
    source?: SourceCheck;
    /** GitHub: the repository and run the artifact was taken from (the rollback checks the manifest against it). */
    origin?: { repository?: string; runId?: string };
  }>;
  remove?(name: string): Promise<void>;
}
