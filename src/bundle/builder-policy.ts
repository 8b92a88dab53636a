/**
 * Builders from a bundle are data: `buildx create` gets only what a closed schema knows (name,
 * driver, platforms, driver options, BuildKit flags), and every setting that differs from buildx's
 * defaults (an image, network, cgroup-parent, env.*, any other driver option, any BuildKit flag or
 * entitlement) must be named by the user in `allow-builder-settings`. docker-container builders run
 * privileged: a bundle must not pick their image or entitlements. Only the bundle a heal made in
 * the same run is trusted as it is.
 */
import type { BundleBuilder } from './bundle.js';
import { REDACTED } from './redact.js';

/** buildx's own default image for docker-container builders. */
export const DEFAULT_BUILDKIT_IMAGE = 'moby/buildkit:buildx-stable-1';

/** The flag buildx adds by itself with network=host. */
const IMPLICIT_HOST_FLAG = '--allow-insecure-entitlement=network.host';

/** The settings of a builder that differ from the defaults, as `key=value` or flag tokens. */
function nonDefaultSettings(b: BundleBuilder): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(b.driverOptions).sort(([x], [y]) => x.localeCompare(y))) {
    if (v === REDACTED) continue; // left out of `buildx create`
    if (k === 'image' && v === DEFAULT_BUILDKIT_IMAGE) continue;
    out.push(`${k}=${v}`);
  }
  for (const f of builderFlags(b)) out.push(f);
  return out;
}

/** BuildKit flags for `buildx create`: the first node's, without the one buildx adds for network=host. */
export function builderFlags(b: BundleBuilder): string[] {
  return (b.nodes[0]?.flags ?? []).filter((f) => f !== IMPLICIT_HOST_FLAG || b.driverOptions.network !== 'host');
}

function allowed(setting: string, allow: readonly string[]): boolean {
  const key = setting.includes('=') ? setting.slice(0, setting.indexOf('=')) : setting;
  return allow.some((a) => a === setting || a === key || (a === 'env.*' && key.startsWith('env.')));
}

/** Settings of the builder the allow-list does not name (empty: it may be recreated). */
export function refusedSettings(b: BundleBuilder, allow: readonly string[]): string[] {
  return nonDefaultSettings(b).filter((s) => !allowed(s, allow));
}

/** Why a builder is not recreated, naming the input and what it would need to list. */
export function refusalReason(refused: string[]): string {
  return `the backup asks for builder settings beyond the defaults (${refused.join(', ')}); a bundle could start any image with host privileges this way. Recreate it by listing them in allow-builder-settings (CLI --allow-builder-settings), e.g. ${refused.join(',')}`;
}
