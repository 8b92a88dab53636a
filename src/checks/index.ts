/**
 * The ordered registry of checks. Order is the order findings are reported in: the client layer
 * (config.json, contexts, environment) first, then the daemon,
 * then the plugin, state on disk, builders, leftovers, configuration, cache and disk, the baseline.
 */
import type { Check } from './types.js';
import { daemonCheck } from './daemon.js';
import { buildkitCheck } from './buildkit.js';
import { buildxCheck } from './buildx.js';
import { stateCheck } from './state.js';
import { builderCheck } from './builder.js';
import { orphanCheck } from './orphan.js';
import { busyCheck } from './busy.js';
import { configCheck } from './config.js';
import { cacheCheck } from './cache.js';
import { diskCheck } from './disk.js';
import { baselineCheck } from './baseline.js';
import { clientCheck } from './client.js';

export const CHECKS: readonly Check[] = [
  clientCheck,
  daemonCheck,
  buildkitCheck,
  buildxCheck,
  stateCheck,
  builderCheck,
  busyCheck,
  orphanCheck,
  configCheck,
  cacheCheck,
  diskCheck,
  baselineCheck,
];

/** Every finding id the checks can raise (ids are forever; `check.crashed` comes from the runner). */
export const FINDING_IDS = [
  'daemon.unreachable',
  'daemon.timeout',
  'buildkit.disabled',
  'buildx.missing',
  'buildx.not-runnable',
  'buildx.too-old',
  'builder.error',
  'builder.cannot-bootstrap',
  'builder.restart-loop',
  'state.invalid-instance',
  'state.invalid-current',
  'state.current-missing',
  'builder.busy',
  'orphan.container',
  'orphan.volume',
  'orphan.running',
  'orphan.recent',
  'config.invalid-buildkitd-toml',
  'config.invalid-daemon-json',
  'cache.over-limit',
  'disk.low',
  'baseline.failed',
  'docker.probe-failed',
  'platform.cannot-run',
  'benchmark.slower',
  'check.crashed',
  'client.config-invalid',
  'client.context-missing',
  'client.context-dead',
  'client.context-invalid',
  'client.env-invalid',
  'client.permission-denied',
  'builder.unknown-driver',
  'builder.declared-missing',
] as const;
