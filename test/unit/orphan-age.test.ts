import { describe, expect, it } from 'vitest';
import { markRecent } from '../../src/phases/diagnose/orphans.js';
import type { OrphanCandidate } from '../../src/checks/types.js';

const NOW = Date.parse('2026-11-26T12:00:00Z');
const DAY = 24 * 3600 * 1000;

describe('markRecent (orphan-min-age)', () => {
  it('keeps a stopped leftover younger than the min age, or of unknown age; removes an older one', () => {
    const young: OrphanCandidate = {
      kind: 'container',
      name: 'buildx_buildkit_a0',
      builder: 'a',
      state: 'exited',
      since: '2026-11-26T11:00:00.123456789Z',
    };
    const old: OrphanCandidate = {
      kind: 'container',
      name: 'buildx_buildkit_b0',
      builder: 'b',
      state: 'exited',
      since: '2026-11-24T11:00:00Z',
    };
    const unknown: OrphanCandidate = { kind: 'volume', name: 'buildx_buildkit_c0_state', builder: 'c' };
    markRecent([young, old, unknown], DAY, NOW);
    expect(young.inUse).toEqual({ recent: true });
    expect(old.inUse).toBeUndefined();
    expect(unknown.inUse).toEqual({ recent: true });
  });

  it('min age 0: a leftover stopped a moment ago is removable', () => {
    const o: OrphanCandidate = {
      kind: 'container',
      name: 'buildx_buildkit_a0',
      builder: 'a',
      state: 'exited',
      since: new Date(NOW - 1).toISOString(),
    };
    markRecent([o], 0, NOW);
    expect(o.inUse).toBeUndefined();
  });

  it('an idle running leftover on a daemon this client has alone, and its volume, stay removable', () => {
    const c: OrphanCandidate = { kind: 'container', name: 'buildx_buildkit_a0', builder: 'a', state: 'running' };
    const v: OrphanCandidate = { kind: 'volume', name: 'buildx_buildkit_a0_state', builder: 'a' };
    markRecent([c, v], DAY, NOW);
    expect(c.inUse).toBeUndefined();
    expect(v.inUse).toBeUndefined();
  });
});
