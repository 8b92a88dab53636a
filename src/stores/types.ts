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
  /** Directory holding the bundle files (manifest.json at its root, files under files/). */
  bundleDir: string;
  /** Directories of cache data to save beside the bundle, when the store keeps them separately. */
  cachePaths: string[];
}

export interface Store {
  /** `local`, `github`. */
  readonly kind: string;
  save(req: SaveRequest): Promise<StoredBackup>;
  list(): Promise<StoredBackup[]>;
  /** Fetches the bundle into `destDir` (manifest.json at its root). Throws a clear error naming
   * the backups it can see when `name` does not exist. */
  fetch(name: string, destDir: string, opts?: { restoreCache?: boolean }): Promise<StoredBackup>;
  remove?(name: string): Promise<void>;
}
