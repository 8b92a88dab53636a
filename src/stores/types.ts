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
}

export interface SaveRequest {
  name: string;
  /** The verified bundle: one `.tar.gz` file (manifest.json and files/ inside). */
  bundlePath: string;
  /** Directories of cache data to save beside the bundle, when the store keeps them separately. */
  cachePaths: string[];
}

export interface Store {
  /** `local`, `github`. */
  readonly kind: string;
  save(req: SaveRequest): Promise<StoredBackup>;
  list(): Promise<StoredBackup[]>;
  /** Fetches the bundle file into `destDir` and returns its path (and, with `restoreCache`, puts
   * cache data back where it was saved from). Throws a clear error naming the backups it can see
   * when `name` does not exist. */
  fetch(name: string, destDir: string, opts?: { restoreCache?: boolean }): Promise<{ backup: StoredBackup; bundlePath: string }>;
  remove?(name: string): Promise<void>;
}
