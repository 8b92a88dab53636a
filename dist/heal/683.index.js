export const id = 683;
export const ids = [683];
export const modules = {

/***/ 82683:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  heal: () => (/* binding */ heal)
});

// UNUSED EXPORTS: HEAL_MODES, defaultPhases, lockDeps, quickVerdictHealthy, selectRepairs

// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/options.ts
var core_options = __webpack_require__(83457);
// EXTERNAL MODULE: ./src/core/report.ts + 1 modules
var core_report = __webpack_require__(30544);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/heal/check.ts
var check = __webpack_require__(66074);
// EXTERNAL MODULE: ./src/docker/runner.ts
var docker_runner = __webpack_require__(87240);
;// CONCATENATED MODULE: ./src/heal/lock.ts
/**
 * One healer per Docker daemon. Several runners on one host share a daemon but not a HOME, so the
 * lock lives in the daemon: a stopped container named `buildkit-healer-lock`. `docker create
 * --name` is atomic (a second create fails with `Conflict`), which `docker volume create` is not
 * (it is idempotent). Its labels say who holds it; a lock whose owner is gone, or that is older
 * than `staleMs`, is broken (by container id, so a fresh lock taken meanwhile is never removed).
 *
 * The container needs an image, and nothing may be pulled: a 0-byte image is imported from an
 * empty tar archive (1024 zero bytes) on first use. The container never starts.
 */


const LOCK_NAME = 'buildkit-healer-lock';
const LOCK_IMAGE = 'buildkit-healer/lock:1';
const LABEL = 'io.buildkit-healer.lock';
class LockTimeoutError extends Error {
    holder;
    constructor(holder, waitedMs) {
        super(`another buildkit-healer holds the lock on this Docker daemon${holder ? ` (pid ${holder.pid} on ${holder.host}, run ${holder.runId}, since ${holder.startedAt})` : ''}; gave up after ${Math.round(waitedMs / 1000)} s`);
        this.holder = holder;
        this.name = 'LockTimeoutError';
    }
}
function pidAlive(pid) {
    try {
        process.kill(pid, 0);
        return true;
    }
    catch (e) {
        // EPERM: it exists but belongs to someone else.
        return e.code === 'EPERM';
    }
}
function ownerLabels(o) {
    return [
        '--label',
        `${LABEL}=1`,
        '--label',
        `${LABEL}.pid=${o.pid}`,
        '--label',
        `${LABEL}.host=${o.host}`,
        '--label',
        `${LABEL}.run-id=${o.runId}`,
        '--label',
        `${LABEL}.started-at=${o.startedAt}`,
    ];
}
function ownerFromLabels(labels) {
    if (!labels || labels[LABEL] === undefined)
        return undefined;
    const pid = Number(labels[`${LABEL}.pid`]);
    return {
        pid: Number.isFinite(pid) ? pid : -1,
        host: labels[`${LABEL}.host`] ?? '',
        runId: labels[`${LABEL}.run-id`] ?? '',
        startedAt: labels[`${LABEL}.started-at`] ?? '',
    };
}
/** Why a held lock may be broken, or undefined when its owner may still be working. */
function staleReason(o, now, staleMs, host, isAlive) {
    if (o === undefined)
        return 'the lock container has no owner labels';
    const age = now.getTime() - Date.parse(o.startedAt);
    if (!Number.isFinite(age))
        return `unreadable start time ${JSON.stringify(o.startedAt)}`;
    if (age > staleMs)
        return `held for ${Math.round(age / 60_000)} min, more than the ${Math.round(staleMs / 60_000)} min a heal may take`;
    if (o.host === host && !isAlive(o.pid))
        return `its owner, pid ${o.pid} on ${o.host}, is gone`;
    return undefined;
}
async function ensureImage(deps) {
    const t = deps.docker.timeouts;
    const r = await deps.docker.run(['image', 'inspect', '--format', '{{.Id}}', LOCK_IMAGE], { timeoutMs: t.probe });
    if ((0,docker_runner/* succeeded */.gq)(r))
        return;
    // An empty tar archive: two 512-byte zero blocks.
    const imp = await deps.docker.run(['import', '-', LOCK_IMAGE], {
        timeoutMs: t.slow,
        input: Buffer.alloc(1024),
        mutates: true,
    });
    if (!(0,docker_runner/* succeeded */.gq)(imp))
        throw new Error(`cannot make the lock image ${LOCK_IMAGE}: ${imp.stderr.trim()}`);
}
async function inspectLock(deps) {
    const r = await deps.docker.run(['container', 'inspect', '--format', '{{json .Id}} {{json .Config.Labels}}', LOCK_NAME], { timeoutMs: deps.docker.timeouts.probe });
    if (!(0,docker_runner/* succeeded */.gq)(r))
        return undefined;
    const m = /^"([0-9a-f]+)"\s+(.*)$/s.exec(r.stdout.trim());
    if (!m || m[1] === undefined)
        return undefined;
    let labels;
    try {
        labels = JSON.parse(m[2] ?? 'null');
    }
    catch {
        labels = null;
    }
    const owner = ownerFromLabels(labels);
    return owner === undefined ? { id: m[1] } : { id: m[1], owner };
}
/** Takes the daemon-wide lock, waiting up to `timeoutMs`; breaks stale locks and says so. */
async function acquireLock(deps, opts) {
    const t = deps.docker.timeouts;
    const sleep = opts.sleep ?? ((ms) => new Promise((res) => setTimeout(res, ms)));
    const isAlive = opts.isAlive ?? pidAlive;
    const staleMs = opts.staleMs ?? 2 * 3600_000;
    const host = (0,external_node_os_.hostname)();
    const started = Date.now();
    const broken = [];
    let waited = false;
    let lastHolder;
    await ensureImage(deps);
    for (;;) {
        const owner = { pid: process.pid, host, runId: opts.runId, startedAt: deps.now().toISOString() };
        const args = [
            'create',
            '--name',
            LOCK_NAME,
            '--network',
            'none',
            ...ownerLabels(owner),
            LOCK_IMAGE,
            '/buildkit-healer-lock',
        ];
        const r = await deps.docker.run(args, { timeoutMs: t.probe, mutates: true });
        if ((0,docker_runner/* succeeded */.gq)(r)) {
            const containerId = r.stdout.trim();
            return {
                owner,
                containerId,
                waitedMs: Date.now() - started,
                waited,
                broken,
                release: async () => {
                    await deps.docker.run(['rm', '--force', containerId], { timeoutMs: t.probe, mutates: true });
                },
            };
        }
        if (!/conflict|already in use/i.test(r.stderr))
            throw new Error(`cannot take the healer lock: ${r.stderr.trim() || r.spawnError || `exit ${String(r.exitCode)}`}`);
        const held = await inspectLock(deps);
        lastHolder = held?.owner;
        // Undefined: released between our create and inspect (or unreadable): try again after a pause.
        const why = held === undefined ? undefined : staleReason(held.owner, deps.now(), staleMs, host, isAlive);
        if (held !== undefined && why !== undefined) {
            deps.log.warn(`breaking a stale healer lock: ${why}`);
            const b = { reason: why };
            if (held.owner !== undefined)
                b.owner = held.owner;
            broken.push(b);
            await deps.docker.run(['rm', '--force', held.id], { timeoutMs: t.probe, mutates: true });
            continue;
        }
        if (!waited)
            deps.log.info(`waiting for another healer (pid ${held?.owner?.pid ?? '?'} on ${held?.owner?.host ?? '?'}, run ${held?.owner?.runId ?? '?'})`);
        waited = true;
        const waitedMs = Date.now() - started;
        if (waitedMs >= opts.timeoutMs)
            throw new LockTimeoutError(lastHolder, waitedMs);
        await sleep(Math.min(opts.pollMs ?? 2000, Math.max(1, opts.timeoutMs - waitedMs)));
    }
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/core/files.ts
var files = __webpack_require__(69928);
;// CONCATENATED MODULE: ./src/heal/journal.ts
/**
 * A journal of the heal in progress: the phase being run and the backup name, written before
 * each changing phase and removed when the heal ends. A heal killed mid-clean leaves it behind,
 * so the next run sees the interruption, says how to roll back, and repairs what was left half done.
 */



/** Beside the local backups directory (`~/.buildkit-healer/journal.json` by default). */
function journalPath(backupDir) {
    return (0,external_node_path_.join)((0,external_node_path_.dirname)(backupDir), 'journal.json');
}
async function readJournal(path) {
    let text;
    try {
        text = await (0,promises_.readFile)(path, 'utf8');
    }
    catch {
        return undefined;
    }
    try {
        const j = JSON.parse(text);
        if (typeof j.runId !== 'string' || typeof j.phase !== 'string')
            return undefined;
        return j;
    }
    catch {
        return undefined;
    }
}
/** Atomic: a reader sees the old entry or the new one, never half of one. */
async function writeJournal(path, entry) {
    await (0,files/* makeDir */.gE)((0,external_node_path_.dirname)(path));
    const tmp = `${path}.tmp-${process.pid}`;
    await (0,promises_.writeFile)(tmp, JSON.stringify(entry, null, 2) + '\n');
    await (0,promises_.rename)(tmp, path);
}
async function clearJournal(path) {
    await (0,promises_.rm)(path, { force: true });
}
/** What the next run tells the user about an interrupted heal. */
function interruptedNote(e) {
    const rollback = e.backupName !== undefined
        ? ` Its backup ${e.backupName} is kept: \`buildkit-healer rollback ${e.backupName}\` restores it.`
        : '';
    return `A previous heal (run ${e.runId}, mode ${e.mode}, pid ${e.pid} on ${e.host}) was interrupted during ${e.phase} (last update ${e.updatedAt}); this run re-diagnoses and repairs what it left.${rollback}`;
}

// EXTERNAL MODULE: ./src/checks/busy.ts
var checks_busy = __webpack_require__(63336);
// EXTERNAL MODULE: ./src/docker/head-start.ts
var head_start = __webpack_require__(69849);
// EXTERNAL MODULE: ./src/checks/probe.ts
var probe = __webpack_require__(56671);
// EXTERNAL MODULE: ./src/phases/diagnose.ts + 21 modules
var diagnose = __webpack_require__(99662);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(73024);
// EXTERNAL MODULE: ./src/tasks/activity.ts
var activity = __webpack_require__(20225);
// EXTERNAL MODULE: ./src/tasks/client.ts
var client = __webpack_require__(77603);
;// CONCATENATED MODULE: ./src/phases/clean.ts
/**
 * The clean phase: remove what is broken (repair) or everything but `default` (reinstall).
 *
 * Two halves: `planClean` is pure (findings + builders + mode \u2192 exact steps), so the plan can be
 * tested as data and printed by `--dry-run`; `executeClean` runs the steps through the one runner
 * (mutating commands flagged `mutates: true`) and skips and records file removals in dry-run.
 * It refuses to start unless this run's backup was verified, or the user turned backup off.
 */








const ORPHAN_PREFIX = 'buildx_buildkit_';
/** The state volume of a docker-container builder node. */
function stateVolume(nodeName) {
    return `${ORPHAN_PREFIX}${nodeName}_state`;
}
/** `docker buildx rm` argv for one builder. */
function rmArgs(name, rmTimeout, seconds = 120, keepState = false) {
    const args = ['buildx', 'rm', '--force'];
    if (keepState)
        args.push('--keep-state');
    // Older buildx aborts a volume removal after 20 s; newer plugins take a longer --timeout.
    if (rmTimeout)
        args.push('--timeout', `${seconds}s`);
    args.push(name);
    return args;
}
/** `docker buildx prune` argv. `--all` only in reinstall: repair keeps internal/frontend images. */
function pruneArgs(builder, opts, all) {
    const args = ['buildx', 'prune', '--force'];
    if (builder !== undefined)
        args.push('--builder', builder);
    if (all)
        args.push('--all');
    if (opts.keepStorageBytes !== undefined)
        args.push('--keep-storage', String(opts.keepStorageBytes));
    if (opts.pruneUntil !== undefined)
        args.push('--filter', `until=${opts.pruneUntil}`);
    return args;
}
function builderSteps(b, input, action, keepState = false, looping = false) {
    if (b.name === 'default')
        return [];
    const busy = input.busy?.get(b.name);
    if (busy !== undefined) {
        return [
            {
                kind: 'keep',
                action: 'builder.keep',
                target: b.name,
                description: `leave builder ${b.name} alone: a build is in progress in ${busy.join(', ')}`,
            },
        ];
    }
    if (isContextBuilder(b, input)) {
        // A context builder (the docker driver on a context, like `desktop-linux`) is removed by
        // removing its context: `buildx rm` refuses it.
        return [
            {
                kind: 'docker',
                action: 'context.remove',
                target: b.name,
                args: ['context', 'rm', '--force', b.name],
                slow: false,
                okIfGone: /not found|does not exist/i,
                description: `remove the docker context behind builder ${b.name}`,
            },
        ];
    }
    const container = b.driver === 'docker-container';
    const keep = container && keepState;
    const volumes = container && !keep ? b.nodes.map((n) => stateVolume(n.name)) : [];
    const step = {
        kind: 'docker',
        action,
        target: b.name,
        args: rmArgs(b.name, input.rmTimeout ?? false, input.rmTimeoutSeconds, keep),
        slow: true,
        volumesGone: volumes,
        okIfGone: /no builder .* found|not found/i,
        description: keep ? `remove builder ${b.name}, keeping its state volume (build cache)` : `remove builder ${b.name}`,
    };
    // A build may start on it during the backup: its processes are read again right before.
    // Not a builder diagnose saw restarting in a loop: its buildkitd keeps exiting, so no build can
    // run there, and a process list caught during one of its short starts is not a build (a recheck
    // took one for a build in 2 of 10 real runs and left the loop as it was).
    if (container && !looping)
        step.recheck = b.nodes.map((n) => `${ORPHAN_PREFIX}${n.name}`);
    if (container && looping) {
        step.containersGone = b.nodes.map((n) => `${ORPHAN_PREFIX}${n.name}`);
        step.loopRecheck = step.containersGone;
    }
    return [step];
}
/** A builder with no instance file is the docker driver on a context (`ls` JSON says `Dynamic:false`
 * for every builder, so the instance files decide when diagnose read them). */
function isContextBuilder(b, input) {
    if (input.instanceNames !== undefined)
        return !input.instanceNames.includes(b.name.toLowerCase());
    return b.dynamic === false;
}
/** The daemon's refusals for an object in use: a container that runs, a volume a container holds. */
const IN_USE = /container is running|cannot remove a running container|stop the container before|volume is in use/i;
/**
 * A stopped leftover is removed without `--force`: when its owner started it again since
 * diagnose (buildx starts a stopped builder on its next build), the daemon refuses and it stays.
 * Forced: an idle running one on a daemon this client has alone (`shared-daemon` false), and one
 * that keeps restarting (its buildkitd exits at start: no build can run there; the daemon refuses
 * to remove it otherwise).
 */
function orphanStep(o) {
    const { name } = o;
    if (o.kind === 'volume') {
        return {
            kind: 'docker',
            action: 'orphan.remove',
            target: name,
            args: ['volume', 'rm', name],
            slow: true,
            okIfGone: /no such volume/i,
            keptIfInUse: IN_USE,
            description: `remove orphan volume ${name}`,
        };
    }
    const args = o.state === 'running' || o.state === 'restarting'
        ? ['rm', '--force', '--volumes', name]
        : ['rm', '--volumes', name];
    return {
        kind: 'docker',
        action: 'orphan.remove',
        target: name,
        args,
        slow: true,
        okIfGone: /no such container/i,
        keptIfInUse: IN_USE,
        description: `remove orphan container ${name}`,
    };
}
function orphanOf(name, orphans) {
    const known = orphans?.find((o) => o.name === name);
    if (known)
        return known;
    return { name, kind: name.endsWith('_state') ? 'volume' : 'container' };
}
function stepsForRepair(r, f, input) {
    const target = r.target ?? f.subject;
    switch (r.action) {
        case 'state.remove-file':
        case 'current.reset':
            return [
                { kind: 'remove-file', action: 'state.remove-file', target, description: r.description || `remove ${target}` },
            ];
        case 'builder.remove':
        case 'builder.recreate':
            return builderRepairSteps(r, f, input, target);
        case 'context.remove':
            return [
                {
                    kind: 'docker',
                    action: 'context.remove',
                    target,
                    args: ['context', 'rm', '--force', target],
                    slow: false,
                    okIfGone: /not found|does not exist/i,
                    description: `remove the docker context ${target}`,
                },
            ];
        case 'builder.forget':
            return [
                {
                    kind: 'docker',
                    action: 'builder.forget',
                    target,
                    args: rmArgs(target, input.rmTimeout ?? false, input.rmTimeoutSeconds),
                    slow: true,
                    forget: true,
                    okIfGone: /no builder .* found/i,
                    description: `remove builder ${target} (its driver is unknown: its instance file is moved aside when buildx rm cannot remove it)`,
                },
            ];
        case 'context.use-default':
            // Rewrites only config.json's currentContext (backed up); the context stays.
            return [
                {
                    kind: 'docker',
                    action: 'context.use-default',
                    target,
                    args: ['context', 'use', 'default'],
                    slow: false,
                    description: `use the default docker context instead of ${target}`,
                },
            ];
        case 'client.config-aside':
            return [{ kind: 'move-aside', action: 'client.config-aside', target, description: r.description }];
        case 'orphan.remove':
            return [orphanStep(orphanOf(target, input.orphans))];
        case 'cache.prune':
            if (!input.options.pruneCache)
                return [];
            return [
                {
                    kind: 'docker',
                    action: 'cache.prune',
                    target,
                    args: pruneArgs(input.builders.some((b) => b.name === target) ? target : undefined, input.options, false),
                    slow: true,
                    description: `prune build cache of ${target}`,
                },
            ];
        default:
            return [];
    }
}
/** A builder removed (or removed to be re-created): the listed one, or one buildx could not list. */
function builderRepairSteps(r, f, input, target) {
    const b = input.builders.find((x) => x.name === target) ?? {
        name: target,
        driver: 'unknown',
        current: false,
        status: 'unknown',
        nodes: [],
    };
    return builderSteps(b, input, 
    // Both remove here: a builder to re-create is created again by reinstall.
    'builder.remove', r.action === 'builder.recreate' && r.keepState === true, f.id === 'builder.restart-loop');
}
/**
 * The exact steps, in a safe order: unreadable state files first (while they exist every
 * `buildx` command fails), then builders, orphans, and the cache prune last.
 */
function planClean(input) {
    const steps = [];
    for (const f of input.findings) {
        if (f.repair === undefined || !f.repair.automatic)
            continue;
        steps.push(...stepsForRepair(f.repair, f, input));
    }
    if (input.mode === 'reinstall') {
        // A builder whose driver this buildx does not know is forgotten (builder.forget), not removed.
        const forgotten = new Set(steps.filter((s) => s.action === 'builder.forget').map((s) => s.target));
        for (const b of input.builders) {
            // Context builders in good health are the user's contexts, not BuildKit state: kept.
            if (b.name === 'default' || (isContextBuilder(b, input) && b.status !== 'error'))
                continue;
            if (forgotten.has(b.name))
                continue;
            if (rejectsOwnDefinition(b, input)) {
                steps.push({
                    kind: 'keep',
                    action: 'builder.keep',
                    target: b.name,
                    description: `leave builder ${b.name} alone: BuildKit rejects the buildkitd.toml of its definition, so created again it would loop again (fix the file and create it again: see builder.restart-loop)`,
                });
                continue;
            }
            steps.push(...builderSteps(b, input, 'builder.remove'));
        }
        // Running leftovers (another client's builders, most likely) and their volumes stay.
        for (const o of input.orphans ?? [])
            if (o.inUse === undefined)
                steps.push(orphanStep(o));
        steps.push(...reinstallPrunes(input, steps));
    }
    return order(dedupe(steps));
}
function rejectsOwnDefinition(b, input) {
    return (input.rejected ?? []).includes(b.name);
}
/**
 * Builders in a restart loop with no repair although they have a definition: BuildKit rejects the
 * definition itself (builder.restart-loop), so created again they would loop again.
 */
function rejectedDefinitions(findings, instanceNames) {
    return findings
        .filter((f) => f.id === 'builder.restart-loop' && f.repair === undefined && instanceNames.includes(f.subject.toLowerCase()))
        .map((f) => f.subject);
}
/** Why the docker driver's cache is in no backup. */
const NOT_BACKED_UP = "NOT backed up: the docker driver's build cache lives in the daemon (shared by every client on it) and cannot be exported wholesale";
/**
 * A reinstall prunes only the builders the user named (`prune-cache`); a container builder the
 * reinstall removes loses its cache with it (its state was backed up), so no prune is planned for it.
 */
function reinstallPrunes(input, planned) {
    const out = [];
    const removed = new Set(planned.filter((s) => s.action === 'builder.remove').map((s) => s.target));
    for (const name of input.options.pruneBuilders ?? []) {
        // `default` (the daemon's embedded BuildKit) is there even while broken state hides it from `ls`.
        const b = input.builders.find((x) => x.name.toLowerCase() === name.toLowerCase()) ??
            (name === 'default' ? { name, driver: 'docker' } : undefined);
        if (b === undefined || removed.has(b.name))
            continue;
        const docker = b.driver === 'docker' || b.name === 'default';
        const step = {
            kind: 'docker',
            action: 'cache.prune',
            target: b.name,
            args: pruneArgs(b.name, input.options, true),
            slow: true,
            description: `prune all build cache of ${b.name} (as prune-cache asks)${docker ? ` (${NOT_BACKED_UP})` : ''}`,
        };
        if (docker)
            step.notBackedUp = NOT_BACKED_UP;
        out.push(step);
    }
    return out;
}
/** Builders named in `prune-cache` that are not here: nothing to prune for them. */
function unknownPruneTargets(input) {
    return (input.options.pruneBuilders ?? []).filter((n) => n !== 'default' && !input.builders.some((b) => b.name.toLowerCase() === n.toLowerCase()));
}
/** Plan lines the report and log must show before anything runs: what goes without a backup. */
function unsavedWarnings(plan) {
    return plan.flatMap((s) => s.kind === 'docker' && s.notBackedUp !== undefined
        ? [`${(0,docker_runner/* commandLine */.ay)(['docker', ...s.args])}: the build cache of ${s.target} is ${s.notBackedUp}`]
        : []);
}
const RANK = {
    'context.use-default': -1,
    'state.remove-file': 0,
    'client.config-aside': 0,
    'builder.forget': 1,
    'builder.keep': 1,
    'builder.remove': 1,
    'context.remove': 1,
    'orphan.remove': 2,
    'cache.prune': 3,
};
function order(steps) {
    return steps
        .map((s, i) => ({ s, i }))
        .sort((a, b) => (RANK[a.s.action] ?? 9) - (RANK[b.s.action] ?? 9) || a.i - b.i)
        .map((x) => x.s);
}
function dedupe(steps) {
    const seen = new Set();
    return steps.filter((s) => {
        const key = s.kind === 'docker' ? `${s.action} ${s.args.join(' ')}` : `${s.kind} ${s.target}`;
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** Exact command line of a step, as dry-run prints it. */
function stepCommand(s, dockerBin = 'docker') {
    if (s.kind === 'keep')
        return '';
    if (s.kind === 'move-aside')
        return (0,docker_runner/* commandLine */.ay)(['mv', s.target, `${s.target}.broken-<time>`]);
    return s.kind === 'docker' ? (0,docker_runner/* commandLine */.ay)([dockerBin, ...s.args]) : (0,docker_runner/* commandLine */.ay)(['rm', '-f', s.target]);
}
/**
 * Moves a builder's instance file out of the buildx store (to `<config dir>/buildkit-healer/
 * removed-instances/`, never deleted: the backup holds it too) and removes a `current` that names
 * it, so buildx falls back to the context's builder.
 */
async function forgetInstance(deps, name) {
    const p = deps.docker.paths;
    const src = (0,external_node_path_.join)(p.instancesDir, name.toLowerCase());
    const dir = (0,external_node_path_.join)(p.configDir, 'buildkit-healer', 'removed-instances');
    const dest = (0,external_node_path_.join)(dir, `${name.toLowerCase()}-${deps.now().toISOString().replace(/[:.]/g, '-')}`);
    try {
        await (0,promises_.mkdir)(dir, { recursive: true });
        try {
            await (0,promises_.rename)(src, dest);
        }
        catch (e) {
            if (!(e instanceof Error && 'code' in e && e.code === 'EXDEV'))
                throw e;
            await (0,promises_.copyFile)(src, dest);
            await (0,promises_.rm)(src);
        }
        let cur = '';
        try {
            const v = JSON.parse(await (0,promises_.readFile)(p.currentFile, 'utf8'));
            if (typeof v.Name === 'string' && v.Name.toLowerCase() === name.toLowerCase()) {
                await (0,promises_.rm)(p.currentFile);
                cur = `; removed ${p.currentFile}, which named it`;
            }
        }
        catch {
            /* no current file, or one that names another builder */
        }
        return { ok: true, detail: `buildx rm could not remove it; moved ${src} to ${dest}${cur}` };
    }
    catch (e) {
        return { ok: false, detail: `buildx rm could not remove it, and moving ${src} aside failed: ${(0,errors/* errorMessage */.gJ)(e)}` };
    }
}
/** Whether this buildx plugin's `rm` takes `--timeout` (read-only probe of its help). */
async function rmAcceptsTimeout(deps) {
    const r = await deps.docker.buildx(['rm', '--help'], { timeoutMs: deps.docker.timeouts.probe });
    return /--timeout\b/.test(r.stdout + r.stderr);
}
/** Refuses any clean that would run without a verified backup (unless backup is off). */
function assertMayClean(o) {
    if (o.backupEnabled && !o.backupVerified) {
        throw new errors/* SafetyError */.dd('clean refused: the backup of this run was not verified (turn backup off explicitly to clean without one)');
    }
}
/** Runs the plan step by step; a failing step is recorded and the rest still run. */
async function executeClean(deps, plan, o) {
    assertMayClean(o);
    const actions = [];
    const results = [];
    for (const step of plan) {
        if (step.kind === 'keep') {
            deps.log.warn(`clean: ${step.description}`);
            actions.push({ action: step.action, target: step.target, ok: true, detail: step.description });
            continue;
        }
        const command = stepCommand(step, deps.docker.bin);
        if (step.kind === 'remove-file') {
            actions.push(await removeFile(deps, step.target, command, o.dryRun));
            continue;
        }
        if (step.kind === 'move-aside') {
            actions.push(await moveAside(deps, step, o.dryRun));
            continue;
        }
        if (step.recheck !== undefined && step.recheck.length > 0) {
            const busy = await buildingNow(deps, step.recheck, results);
            if (busy.length > 0) {
                const detail = `leave builder ${step.target} alone: a build is in progress in ${busy.join(', ')} (started since diagnose)`;
                deps.log.warn(`clean: ${detail}`);
                actions.push({ action: 'builder.keep', target: step.target, ok: true, detail });
                continue;
            }
        }
        if (step.loopRecheck !== undefined && step.loopRecheck.length > 0) {
            const steady = await runningSteadily(deps, step.loopRecheck, results, o.steadyMs ?? STEADY_MS);
            if (steady !== undefined) {
                const detail = `leave builder ${step.target} alone: its container ${step.loopRecheck.join(', ')}, restarting in a loop when diagnosed, runs steadily now (${steady}): fixed since diagnose, and a build may run there`;
                deps.log.warn(`clean: ${detail}`);
                actions.push({ action: 'builder.keep', target: step.target, ok: true, detail });
                continue;
            }
        }
        const timeoutMs = step.slow ? deps.docker.timeouts.slow : deps.docker.timeouts.probe;
        const r = await deps.docker.run(step.args, { timeoutMs, mutates: true });
        results.push(r);
        if (!(0,docker_runner/* succeeded */.gq)(r) && !r.timedOut && step.keptIfInUse?.test(r.stderr)) {
            const detail = `left alone: in use now (${r.stderr.trim().split('\n')[0] ?? ''})`;
            deps.log.warn(`clean: ${step.target} ${detail}`);
            actions.push({ action: step.action, target: step.target, ok: true, command, detail });
            continue;
        }
        let ok = (0,docker_runner/* succeeded */.gq)(r) || (step.okIfGone !== undefined && step.okIfGone.test(r.stderr));
        let detail = ok ? undefined : failureText(r);
        if (!ok && step.forget === true && !r.timedOut && !r.dryRun && !o.dryRun) {
            const moved = await forgetInstance(deps, step.target);
            ok = moved.ok;
            detail = moved.detail;
        }
        if (ok && !r.dryRun && step.containersGone && step.containersGone.length > 0) {
            const left = await removeContainers(deps, step.containersGone, results);
            if (left.length > 0) {
                ok = false;
                detail = `containers still present after removal: ${left.join(', ')}`;
            }
        }
        if (ok && !r.dryRun && step.volumesGone && step.volumesGone.length > 0) {
            const left = await leftoverVolumes(deps, step.volumesGone, results);
            if (left.length > 0) {
                ok = await removeVolumes(deps, left, results, actions);
                if (!ok)
                    detail = `state volumes still present after removal: ${left.join(', ')}`;
            }
        }
        const a = { action: step.action, target: step.target, ok, command };
        if (r.dryRun)
            a.dryRun = true;
        if (detail !== undefined)
            a.detail = detail;
        if (step.notBackedUp !== undefined)
            a.detail = [step.notBackedUp, a.detail].filter(Boolean).join('; ');
        actions.push(a);
        if (!ok)
            deps.log.warn(`clean: ${command} failed: ${detail ?? ''}`);
    }
    return { plan, actions, results, ok: actions.every((a) => a.ok) };
}
async function removeFile(deps, path, command, dryRun) {
    if (dryRun) {
        // File removals are not runner calls: the runner records them with the commands it did not run.
        deps.docker.runner.recordChange?.(['rm', '-f', path]);
        return { action: 'state.remove-file', target: path, ok: true, dryRun: true, command };
    }
    try {
        // A file this user cannot read was not backed up: it is moved aside, never deleted.
        const aside = await moveAsideIfUnreadable(deps, path);
        if (aside !== undefined)
            return {
                action: 'state.remove-file',
                target: path,
                ok: true,
                command: `mv ${path} ${aside}`,
                detail: `unreadable for this user (not in the backup): moved to ${aside}; its owner can remove it (sudo chown -R "$USER" ${deps.docker.paths.configDir})`,
            };
        await (0,promises_.rm)(path, { force: true });
        return { action: 'state.remove-file', target: path, ok: true, command };
    }
    catch (e) {
        return { action: 'state.remove-file', target: path, ok: false, command, detail: (0,errors/* errorMessage */.gJ)(e) };
    }
}
/** Renames a file docker cannot parse to a dated name beside it (a rename: same owner, same bytes). */
async function moveAside(deps, step, dryRun) {
    const dest = (0,files/* asideName */.o1)(step.target, 'broken', deps.now());
    const command = (0,docker_runner/* commandLine */.ay)(['mv', step.target, dest]);
    if (dryRun) {
        deps.docker.runner.recordChange?.(['mv', step.target, dest]);
        return { action: step.action, target: step.target, ok: true, dryRun: true, command };
    }
    try {
        // Read again right before: a file fixed (or rewritten by `docker login`) since diagnose stays.
        const now = await (0,promises_.readFile)(step.target, 'utf8').catch(() => undefined);
        if (now !== undefined && (0,client/* decodeConfigJson */.ju)(now).error === undefined)
            return {
                action: step.action,
                target: step.target,
                ok: true,
                command,
                detail: `${step.target} parses now: left as it is`,
            };
        await (0,promises_.rename)(step.target, dest);
        return {
            action: step.action,
            target: step.target,
            ok: true,
            command,
            detail: `moved to ${dest} (kept byte for byte; it is not in the backup, which cannot redact a file that is not JSON); docker now runs without it: log in to registries again`,
        };
    }
    catch (e) {
        return { action: step.action, target: step.target, ok: false, command, detail: (0,errors/* errorMessage */.gJ)(e) };
    }
}
/** Of these containers, the ones that run something besides buildkitd now (or cannot be read). */
async function buildingNow(deps, containers, results) {
    const out = [];
    for (const c of containers) {
        const a = await (0,activity/* activityOf */.nx)(deps.docker, undefined, c);
        results.push(a.evidence);
        // Restarting: its process exited and the daemon starts it again; nothing builds there.
        if (a.state === 'idle' || a.state === 'restarting' || (a.state === 'unknown' && (0,activity/* notRunning */.pQ)(a.evidence)))
            continue;
        out.push(c);
    }
    return out;
}
/** A looping buildkitd exits within a second of its start: running this long unchanged is steady. */
const STEADY_MS = 3000;
/** `docker container inspect` of its state and restart count; undefined when it cannot be read. */
async function stateOf(deps, name, results) {
    const format = '{"state":{{json .State}},"restartCount":{{json .RestartCount}}}';
    const r = await deps.docker.run(['container', 'inspect', '--format', format, name], {
        timeoutMs: deps.docker.timeouts.probe,
    });
    results.push(r);
    if (!(0,docker_runner/* succeeded */.gq)(r))
        return undefined;
    return parseContainerState(r.stdout);
}
/** The state line of `stateOf`'s format; undefined when it is not that. */
function parseContainerState(stdout) {
    try {
        const j = JSON.parse(stdout.trim());
        const st = j.state;
        if (typeof st?.Status !== 'string' || typeof j.restartCount !== 'number')
            return undefined;
        return {
            status: st.Status,
            restarting: st.Restarting === true,
            startedAt: typeof st.StartedAt === 'string' ? st.StartedAt : '',
            restartCount: j.restartCount,
        };
    }
    catch {
        return undefined;
    }
}
const runningNow = (x) => x !== undefined && x.status === 'running' && !x.restarting;
/**
 * Whether each of these containers (seen restarting in a loop by diagnose) runs steadily now:
 * running, not restarting, and still the same start with the same restart count `steadyMs` later.
 * Returns what was seen when all are steady, else undefined (one still loops, or cannot be read).
 */
async function runningSteadily(deps, containers, results, steadyMs) {
    const first = [];
    for (const c of containers) {
        const st = await stateOf(deps, c, results);
        if (!runningNow(st))
            return undefined;
        first.push(st);
    }
    await new Promise((res) => setTimeout(res, steadyMs));
    const seen = [];
    for (const [i, c] of containers.entries()) {
        const st = await stateOf(deps, c, results);
        const before = first[i];
        if (!runningNow(st) || before === undefined)
            return undefined;
        if (st.restartCount !== before.restartCount || st.startedAt !== before.startedAt)
            return undefined;
        seen.push(`running since ${st.startedAt}, restart count ${st.restartCount} unchanged over ${steadyMs / 1000} s`);
    }
    return seen.join('; ');
}
/** `docker rm --force` each (its named state volume stays); the names that are still there. */
async function removeContainers(deps, names, results) {
    const left = [];
    for (const n of names) {
        const r = await deps.docker.run(['rm', '--force', n], { timeoutMs: deps.docker.timeouts.slow, mutates: true });
        results.push(r);
        if (!(0,docker_runner/* succeeded */.gq)(r) && !/no such container/i.test(r.stderr))
            left.push(n);
    }
    return left;
}
async function leftoverVolumes(deps, names, results) {
    const r = await deps.docker.run(['volume', 'ls', '--quiet'], { timeoutMs: deps.docker.timeouts.probe });
    results.push(r);
    const present = new Set(r.stdout
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean));
    return names.filter((n) => present.has(n));
}
async function removeVolumes(deps, names, results, actions) {
    let ok = true;
    for (const n of names) {
        const args = ['volume', 'rm', '--force', n];
        const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
        results.push(r);
        const done = (0,docker_runner/* succeeded */.gq)(r);
        ok &&= done;
        const a = {
            action: 'orphan.remove',
            target: n,
            ok: done,
            command: (0,docker_runner/* commandLine */.ay)([deps.docker.bin, ...args]),
        };
        if (!done)
            a.detail = failureText(r);
        actions.push(a);
    }
    return ok;
}
function failureText(r) {
    if (r.spawnError)
        return r.spawnError;
    if (r.timedOut)
        return `timed out after ${r.durationMs} ms`;
    const err = r.stderr.trim();
    return err !== '' ? err : `exit code ${String(r.exitCode)}`;
}
/**
 * Moves `path` aside when this user cannot read it (left root-owned by an earlier sudo): a rename
 * in the directory the user owns. An instance file leaves `instances/` (buildx reads every entry
 * there) for a dated sibling directory; other files get a dated name beside them. Undefined when
 * the file is readable or gone.
 */
async function moveAsideIfUnreadable(deps, path) {
    try {
        await (0,promises_.access)(path, external_node_fs_.constants.R_OK);
        return undefined;
    }
    catch (e) {
        if (!(e instanceof Error && 'code' in e && (e.code === 'EACCES' || e.code === 'EPERM')))
            return undefined;
    }
    const dir = (0,external_node_path_.dirname)(path);
    let dest;
    if ((0,external_node_path_.resolve)(dir) === (0,external_node_path_.resolve)(deps.docker.paths.instancesDir)) {
        const aside = (0,files/* asideName */.o1)(dir, 'unreadable', deps.now());
        await (0,promises_.mkdir)(aside, { recursive: true });
        dest = (0,external_node_path_.join)(aside, (0,external_node_path_.basename)(path));
    }
    else {
        dest = (0,files/* asideName */.o1)(path, 'unreadable', deps.now());
    }
    await (0,promises_.rename)(path, dest);
    return dest;
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
;// CONCATENATED MODULE: ./src/tasks/install-buildx.ts
/**
 * Installs the buildx plugin at a pinned version, from a release URL or a local file.
 * Every binary is checked against a SHA-256 (given, or from the release's checksums file)
 * before it is put in place; a mismatch stops with both digests. The install is atomic
 * (temporary file in the same directory, then rename), mode 0755.
 */





/** The upstream release layout; `{version}` has no leading `v`. */
const DEFAULT_BUILDX_URL = 'https://github.com/docker/buildx/releases/download/v{version}/buildx-v{version}.{os}-{arch}';
const DEFAULT_CHECKSUMS_URL = 'https://github.com/docker/buildx/releases/download/v{version}/checksums.txt';
const SHA256 = /^[0-9a-f]{64}$/;
/** Node's arch names \u2192 buildx release names. */
function releaseArch(arch = process.arch) {
    const map = {
        x64: 'amd64',
        arm64: 'arm64',
        arm: 'arm-v7',
        ppc64: 'ppc64le',
        s390x: 's390x',
        riscv64: 'riscv64',
    };
    return map[arch] ?? arch;
}
function normalizeVersion(v) {
    const s = v.trim().replace(/^v/, '');
    if (!/^\d+\.\d+\.\d+([-.+][0-9A-Za-z.-]+)?$/.test(s))
        throw new errors/* InputError */.dz('buildx-version', v, 'a version like 0.13.1 or v0.13.1');
    return s;
}
/** Fills `{version}`, `{os}`, `{arch}` in a URL template. */
function expandTemplate(template, version, os = process.platform, arch = releaseArch()) {
    return template.replaceAll('{version}', version).replaceAll('{os}', os).replaceAll('{arch}', arch);
}
/**
 * Reads a `checksums.txt`: `<sha>  <filename>` lines (`*filename` in binary mode too).
 * Returns the digest for `filename`, or undefined.
 */
function findChecksum(text, filename) {
    for (const line of text.split(/\r?\n/)) {
        const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line.trim());
        if (m && m[1] && m[2] && (0,external_node_path_.basename)(m[2]) === filename)
            return m[1].toLowerCase();
    }
    return undefined;
}
function sha256(data) {
    return (0,core_crypto/* createHash */.n1)('sha256').update(data).digest('hex');
}
/** Validates the options into a plan; throws InputError before anything changes. */
function planInstall(o, cliPluginsDir, os = process.platform, arch = releaseArch()) {
    if (o.buildxFile === undefined && o.buildxVersion === undefined && o.buildxUrl === undefined)
        return undefined;
    const version = o.buildxVersion !== undefined ? normalizeVersion(o.buildxVersion) : undefined;
    if (o.buildxSha256 !== undefined && !SHA256.test(o.buildxSha256.trim().toLowerCase())) {
        throw new errors/* InputError */.dz('buildx-sha256', o.buildxSha256, 'a SHA-256 digest of 64 hexadecimal characters');
    }
    const dest = (0,external_node_path_.join)(cliPluginsDir, 'docker-buildx');
    const expected = o.buildxSha256?.trim().toLowerCase();
    if (o.buildxFile !== undefined) {
        const p = { source: o.buildxFile, sourceKind: 'file', filename: (0,external_node_path_.basename)(o.buildxFile), dest };
        if (expected !== undefined)
            p.sha256 = expected;
        if (version !== undefined)
            p.version = version;
        if (o.buildxChecksumsUrl !== undefined && version !== undefined)
            p.checksumsUrl = expandTemplate(o.buildxChecksumsUrl, version, os, arch);
        return p;
    }
    const template = o.buildxUrl ?? DEFAULT_BUILDX_URL;
    if (version === undefined && template.includes('{version}')) {
        throw new errors/* InputError */.dz('buildx-version', '', 'a pinned version (e.g. 0.13.1) when buildx-url has {version}');
    }
    const source = expandTemplate(template, version ?? '', os, arch);
    if (!/^https?:\/\//.test(source))
        throw new errors/* InputError */.dz('buildx-url', template, 'an http(s) URL template with {version}, {os}, {arch}');
    const p = { source, sourceKind: 'url', filename: (0,external_node_path_.basename)(new URL(source).pathname), dest };
    if (version !== undefined)
        p.version = version;
    if (expected !== undefined)
        p.sha256 = expected;
    else {
        const ct = o.buildxChecksumsUrl ?? (o.buildxUrl === undefined ? DEFAULT_CHECKSUMS_URL : undefined);
        if (ct === undefined) {
            throw new errors/* InputError */.dz('buildx-sha256', '', 'a SHA-256 digest or buildx-checksums-url: every download is checked');
        }
        p.checksumsUrl = expandTemplate(ct, version ?? '', os, arch);
    }
    return p;
}
async function download(url, timeoutMs) {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
    if (!res.ok)
        throw new Error(`download of ${url} failed: HTTP ${res.status} ${res.statusText}`);
    return Buffer.from(await res.arrayBuffer());
}
/**
 * Fetches, checks and installs the binary. Dry-run records what it would install and changes
 * nothing (no download either).
 */
async function installBuildx(deps, plan, opts) {
    const command = `install ${plan.source} -> ${plan.dest} (mode 0755)`;
    if (opts.dryRun) {
        deps.docker.runner.recordChange?.(['install', '-m', '0755', plan.source, plan.dest]);
        return {
            path: plan.dest,
            action: { action: 'buildx.install', target: plan.dest, ok: true, dryRun: true, command },
        };
    }
    const timeoutMs = opts.timeoutMs ?? deps.docker.timeouts.slow;
    const data = plan.sourceKind === 'file' ? await (0,promises_.readFile)(plan.source) : await download(plan.source, timeoutMs);
    const actual = sha256(data);
    let expected = plan.sha256;
    let expectedFrom = 'buildx-sha256';
    if (expected === undefined && plan.checksumsUrl !== undefined) {
        const sums = (await download(plan.checksumsUrl, timeoutMs)).toString('utf8');
        expected = findChecksum(sums, plan.filename);
        expectedFrom = plan.checksumsUrl;
        if (expected === undefined)
            throw new errors/* SafetyError */.dd(`buildx install stopped: ${plan.checksumsUrl} has no checksum for ${plan.filename}`);
    }
    if (expected !== undefined && expected !== actual) {
        throw new errors/* SafetyError */.dd(`buildx install stopped: SHA-256 mismatch for ${plan.source}: expected ${expected} (${expectedFrom}), got ${actual}`);
    }
    await (0,promises_.mkdir)((0,external_node_path_.join)(plan.dest, '..'), { recursive: true });
    // Same directory, then rename: a reader never sees a half-written plugin.
    const tmp = (0,external_node_path_.join)(plan.dest, '..', `.docker-buildx.tmp-${process.pid}-${Date.now()}`);
    try {
        await (0,promises_.writeFile)(tmp, data, { mode: 0o755 });
        await (0,promises_.chmod)(tmp, 0o755);
        await (0,promises_.rename)(tmp, plan.dest);
    }
    catch (e) {
        await (0,promises_.rm)(tmp, { force: true });
        throw new Error(`buildx install into ${plan.dest} failed: ${(0,errors/* errorMessage */.gJ)(e)}`, { cause: e });
    }
    const result = {
        path: plan.dest,
        sha256: actual,
        action: {
            action: 'buildx.install',
            target: plan.dest,
            ok: true,
            command,
            detail: `sha256 ${actual}${expected === undefined ? ' (local file, no digest given to check against)' : ' verified'}`,
        },
    };
    const v = await deps.docker.buildx(['version'], { timeoutMs: deps.docker.timeouts.probe });
    if (!(0,docker_runner/* succeeded */.gq)(v)) {
        result.action.ok = false;
        result.action.detail = `installed, but docker buildx version does not run: ${v.stderr.trim() || v.spawnError || `exit ${String(v.exitCode)}`}`;
        return result;
    }
    // `github.com/docker/buildx v0.13.1 <revision>`: the second word is the version.
    const raw = v.stdout.trim().split(/\s+/)[1];
    if (raw !== undefined)
        result.installedVersion = raw;
    result.action.detail += `; docker buildx version: ${v.stdout.trim()}`;
    return result;
}

// EXTERNAL MODULE: ./src/docker/plugin.ts
var docker_plugin = __webpack_require__(39409);
;// CONCATENATED MODULE: ./src/phases/reinstall.ts
/**
 * The reinstall phase: put back what clean removed or what diagnose found missing.
 * - buildx at a pinned version (install-buildx.ts), or a broken user-level plugin moved aside
 *   when a working system plugin stands behind it;
 * - BuildKit enabled in daemon.json (other keys kept), and GC limits for the docker driver;
 *   the daemon is restarted ONLY through the user's `daemonRestartCommand`;
 * - QEMU binfmt handlers for the platforms asked for (`binfmtCommand` when missing);
 * - the builders declared, or those the instance files held before clean, and the builder in use.
 */








// ---------------------------------------------------------------------------------------------
// Builder definitions
/** buildx adds this flag itself; passing it back would only repeat it. */
const IMPLICIT_FLAGS = new Set(['--allow-insecure-entitlement=network.host']);
/**
 * A builder spec from a buildx instance file (the only place that keeps driver options, flags,
 * platforms and the buildkitd.toml the builder was created with). Undefined when unreadable.
 */
function specFromInstance(content, dockerHost) {
    let j;
    try {
        j = JSON.parse(content);
    }
    catch {
        return undefined;
    }
    if (typeof j.Name !== 'string' || typeof j.Driver !== 'string')
        return undefined;
    const node = j.Nodes?.[0];
    const spec = {
        name: j.Name,
        driver: j.Driver,
        driverOpts: { ...(node?.DriverOpts ?? {}) },
        platforms: [],
        use: false,
    };
    for (const p of node?.Platforms ?? []) {
        if (typeof p === 'string')
            spec.platforms.push(p);
        else if (p.os && p.architecture)
            spec.platforms.push([p.os, p.architecture, p.variant].filter(Boolean).join('/'));
    }
    if (typeof node?.Name === 'string' && node.Name !== '' && node.Name !== `${j.Name}0`)
        spec.node = node.Name;
    const flags = (node?.Flags ?? []).filter((f) => !IMPLICIT_FLAGS.has(f));
    if (flags.length > 0)
        spec.buildkitdFlags = flags.join(' ');
    const toml = node?.Files?.['buildkitd.toml'];
    if (toml !== undefined)
        spec.buildkitdConfigInline = Buffer.from(toml, 'base64').toString('utf8');
    // The node endpoint is the daemon socket for docker-container builders on this daemon: leave it
    // implicit so the builder follows DOCKER_HOST, as buildx create did.
    if (node?.Endpoint && node.Endpoint !== dockerHost && node.Endpoint !== 'default')
        spec.endpoint = node.Endpoint;
    return spec;
}
/** `docker buildx create` argv for a spec; `configFile` is where an inline config was written. */
function createArgs(spec, configFile) {
    const args = ['buildx', 'create', '--name', spec.name, '--driver', spec.driver];
    for (const [k, v] of Object.entries(spec.driverOpts).sort(([a], [b]) => a.localeCompare(b)))
        args.push('--driver-opt', `${k}=${v}`);
    if (spec.platforms.length > 0)
        args.push('--platform', spec.platforms.join(','));
    const cfg = configFile ?? spec.buildkitdConfigFile;
    if (cfg !== undefined)
        args.push('--buildkitd-config', cfg);
    if (spec.buildkitdFlags !== undefined)
        args.push('--buildkitd-flags', spec.buildkitdFlags);
    if (spec.node !== undefined)
        args.push('--node', spec.node);
    if (spec.endpoint !== undefined)
        args.push(spec.endpoint);
    return args;
}
function gcSettings(o) {
    const r = o.reinstall;
    if (r.gcKeepStorage === undefined && r.gcKeepDuration === undefined)
        return undefined;
    const out = {};
    if (r.gcKeepStorage !== undefined)
        out.keepStorage = r.gcKeepStorage;
    if (r.gcKeepDuration !== undefined)
        out.keepDuration = r.gcKeepDuration;
    return out;
}
/** daemon.json `builder.gc` for the docker driver's embedded BuildKit. */
function daemonGc(gc) {
    const policy = [];
    if (gc.keepDuration !== undefined) {
        const p = { filter: [`unused-for=${gc.keepDuration}`] };
        if (gc.keepStorage !== undefined)
            p.keepStorage = gc.keepStorage;
        policy.push(p);
    }
    if (gc.keepStorage !== undefined)
        policy.push({ keepStorage: gc.keepStorage, all: true });
    const out = { enabled: true, policy };
    if (gc.keepStorage !== undefined)
        out.defaultKeepStorage = gc.keepStorage;
    return out;
}
/** buildkitd.toml with GC on and the user's policy (existing settings kept). */
function withGcPolicy(toml, gc) {
    const doc = (toml !== undefined && toml.trim() !== '' ? (0,dist/* parse */.qg)(toml) : {});
    const worker = (doc.worker ??= {});
    const oci = (worker.oci ??= {});
    oci.gc = true;
    if (gc.keepStorage !== undefined)
        oci.gckeepstorage = gc.keepStorage;
    const policy = [];
    if (gc.keepDuration !== undefined) {
        const p = { keepDuration: gc.keepDuration };
        if (gc.keepStorage !== undefined)
            p.keepBytes = gc.keepStorage;
        policy.push(p);
    }
    if (gc.keepStorage !== undefined)
        policy.push({ all: true, keepBytes: gc.keepStorage });
    oci.gcpolicy = policy;
    return (0,dist/* stringify */.As)(doc) + '\n';
}
// ---------------------------------------------------------------------------------------------
// daemon.json
/** Sets `features.buildkit=true` (and `builder.gc` when asked) keeping every other key. */
function editDaemonJson(content, opts) {
    const doc = (content !== undefined && content.trim() !== '' ? JSON.parse(content) : {});
    const before = JSON.stringify(doc);
    if (opts.enableBuildkit) {
        const features = (typeof doc.features === 'object' && doc.features !== null ? doc.features : {});
        features.buildkit = true;
        doc.features = features;
    }
    if (opts.gc !== undefined) {
        const builder = (typeof doc.builder === 'object' && doc.builder !== null ? doc.builder : {});
        builder.gc = daemonGc(opts.gc);
        doc.builder = builder;
    }
    return { text: JSON.stringify(doc, null, 2) + '\n', changed: JSON.stringify(doc) !== before };
}
function daemonJsonPath(input) {
    const f = input.findings.find((x) => x.repair?.action === 'daemon.enable-buildkit');
    const target = f?.repair?.target;
    if (target !== undefined && target.endsWith('.json'))
        return target;
    const paths = input.options.diagnose.daemonJsonPaths;
    return paths.find((p) => (0,external_node_fs_.existsSync)(p)) ?? paths[0];
}
/** Writes a file atomically; dry-run records it instead. */
async function writeAtomic(deps, path, text, dryRun) {
    if (dryRun) {
        deps.docker.runner.recordChange?.(['write', path]);
        return;
    }
    await (0,promises_.mkdir)((0,external_node_path_.dirname)(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}`;
    await (0,promises_.writeFile)(tmp, text);
    await (0,promises_.rename)(tmp, path);
}
// ---------------------------------------------------------------------------------------------
// QEMU binfmt
const QEMU_NAMES = {
    arm64: 'aarch64',
    'arm/v8': 'aarch64',
    arm: 'arm',
    'arm/v7': 'arm',
    'arm/v6': 'arm',
    amd64: 'x86_64',
    '386': 'i386',
    ppc64le: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    mips64le: 'mips64el',
    mips64: 'mips64',
    loong64: 'loongarch64',
};
const NATIVE = {
    x64: ['amd64', '386'],
    arm64: ['arm64', 'arm/v8', 'arm', 'arm/v7', 'arm/v6'],
};
/** The binfmt_misc entry a platform needs, or undefined when the host runs it natively. */
function qemuHandler(platform, hostArch = process.arch) {
    const arch = platform.replace(/^linux\//, '');
    if ((NATIVE[hostArch] ?? []).includes(arch))
        return undefined;
    const name = QEMU_NAMES[arch] ?? QEMU_NAMES[arch.split('/')[0] ?? ''];
    return name === undefined ? undefined : `qemu-${name}`;
}
function binfmtEnabled(dir, handler) {
    try {
        const p = (0,external_node_path_.join)(dir, handler);
        if (!(0,external_node_fs_.existsSync)(p))
            return false;
        // The entry's first line says `enabled` or `disabled`.
        return /^enabled/m.test((0,external_node_fs_.readFileSync)(p, 'utf8'));
    }
    catch {
        return false;
    }
}
// ---------------------------------------------------------------------------------------------
// The phase
async function runShell(deps, command, timeoutMs) {
    return deps.docker.runner.run('sh', ['-c', command], { timeoutMs, mutates: true });
}
async function reinstall(deps, input, ctx = {}) {
    const actions = [];
    const notes = [];
    const o = input.options;
    const dryRun = o.dryRun;
    const wants = (id) => input.findings.some((f) => f.repair?.action === id && f.repair.automatic);
    // 1. buildx plugin
    const plan = planInstall(o.reinstall, deps.docker.paths.cliPluginsDir);
    if (plan !== undefined && (input.mode === 'reinstall' || wants('buildx.reinstall'))) {
        try {
            const r = await installBuildx(deps, plan, { dryRun });
            actions.push(r.action);
        }
        catch (e) {
            actions.push({ action: 'buildx.install', target: plan.dest, ok: false, detail: (0,errors/* errorMessage */.gJ)(e) });
            return { actions, notes, ok: false };
        }
    }
    else if (wants('buildx.reinstall')) {
        actions.push(await restoreSystemPlugin(deps, dryRun, ctx.systemPluginDirs ?? docker_plugin/* SYSTEM_PLUGIN_DIRS */.VN, notes));
    }
    // 2. daemon.json: BuildKit on, GC for the docker driver; restart only through the user's command
    const gc = gcSettings(o);
    const enable = wants('daemon.enable-buildkit');
    if (enable || gc !== undefined) {
        const path = daemonJsonPath(input);
        if (path === undefined) {
            notes.push('daemon.json: no path to write (diagnose.daemonJsonPaths is empty)');
        }
        else {
            const a = await editDaemon(deps, path, enable, gc, dryRun, notes);
            actions.push(a);
            if (a.ok && a.detail !== 'unchanged')
                actions.push(...(await restartDaemon(deps, o, dryRun, notes)));
        }
    }
    // 3. QEMU binfmt for the platforms asked for
    const platforms = [...new Set([...o.reinstall.platforms, ...o.validate.platforms])];
    actions.push(...(await ensureBinfmt(deps, platforms, o.reinstall.binfmtCommand, ctx.binfmtDir ?? '/proc/sys/fs/binfmt_misc', dryRun, notes)));
    // 4. builders and the one in use
    actions.push(...(await ensureBuilders(deps, input, gc, notes)));
    return { actions, notes, ok: actions.every((a) => a.ok) };
}
async function restoreSystemPlugin(deps, dryRun, systemDirs, notes) {
    const user = (0,external_node_path_.join)(deps.docker.paths.cliPluginsDir, 'docker-buildx');
    const system = systemDirs.map((d) => (0,external_node_path_.join)(d, 'docker-buildx')).find((p) => (0,external_node_fs_.existsSync)(p));
    if (!(0,external_node_fs_.existsSync)(user) || system === undefined) {
        notes.push('buildx is missing or broken: set buildx-version (with buildx-sha256 or a checksums URL) or buildx-file to reinstall it');
        return {
            action: 'buildx.reinstall',
            target: user,
            ok: false,
            detail: 'no pinned version or local file given, and no system plugin to fall back to',
        };
    }
    // A broken plugin in the user's directory shadows the system one; moving it aside (the backup
    // holds it) lets the working system plugin serve again.
    // Not `docker-*`: the CLI would list such a file as an invalid plugin.
    const aside = (0,external_node_path_.join)(deps.docker.paths.cliPluginsDir, `.docker-buildx.broken-${Date.now()}`);
    const command = (0,docker_runner/* commandLine */.ay)(['mv', user, aside]);
    if (dryRun) {
        deps.docker.runner.recordChange?.(['mv', user, aside]);
        return { action: 'buildx.reinstall', target: user, ok: true, dryRun: true, command };
    }
    await (0,promises_.rename)(user, aside);
    const v = await deps.docker.buildx(['version'], { timeoutMs: deps.docker.timeouts.probe });
    const ok = (0,docker_runner/* succeeded */.gq)(v) && /buildx/.test(v.stdout);
    return {
        action: 'buildx.reinstall',
        target: user,
        ok,
        command,
        detail: ok
            ? `moved aside; ${system} answers: ${v.stdout.trim()}`
            : `moved aside, but docker buildx version still fails: ${v.stderr.trim()}`,
    };
}
async function editDaemon(deps, path, enable, gc, dryRun, notes) {
    let content;
    try {
        content = (0,external_node_fs_.existsSync)(path) ? await (0,promises_.readFile)(path, 'utf8') : undefined;
    }
    catch (e) {
        return { action: 'daemon.enable-buildkit', target: path, ok: false, detail: `cannot read: ${(0,errors/* errorMessage */.gJ)(e)}` };
    }
    let edited;
    try {
        edited = editDaemonJson(content, gc === undefined ? { enableBuildkit: enable } : { enableBuildkit: enable, gc });
    }
    catch (e) {
        // An invalid daemon.json is its own finding; never overwrite what we cannot read.
        notes.push(`${path} is not valid JSON; left untouched`);
        return {
            action: enable ? 'daemon.enable-buildkit' : 'daemon.gc',
            target: path,
            ok: false,
            detail: (0,errors/* errorMessage */.gJ)(e),
        };
    }
    const action = enable ? 'daemon.enable-buildkit' : 'daemon.gc';
    if (!edited.changed)
        return { action, target: path, ok: true, detail: 'unchanged' };
    try {
        await writeAtomic(deps, path, edited.text, dryRun);
    }
    catch (e) {
        return { action, target: path, ok: false, detail: (0,errors/* errorMessage */.gJ)(e) };
    }
    const a = {
        action,
        target: path,
        ok: true,
        command: `write ${path}`,
        detail: [enable ? 'features.buildkit=true' : '', gc ? 'builder.gc set' : ''].filter(Boolean).join('; '),
    };
    if (dryRun)
        a.dryRun = true;
    return a;
}
async function restartDaemon(deps, o, dryRun, notes) {
    const cmd = o.reinstall.daemonRestartCommand;
    if (cmd === undefined || cmd.trim() === '') {
        notes.push('daemon.json changed: the Docker daemon must be restarted for it to take effect (no daemon-restart-command given; a restart is never guessed)');
        return [];
    }
    const r = await runShell(deps, cmd, deps.docker.timeouts.slow);
    const a = {
        action: 'daemon.restart',
        target: 'daemon',
        ok: (0,docker_runner/* succeeded */.gq)(r),
        command: (0,docker_runner/* commandLine */.ay)(['sh', '-c', cmd]),
    };
    if (r.dryRun) {
        a.dryRun = true;
        return [a];
    }
    if (!a.ok) {
        a.detail = r.stderr.trim() || `exit ${String(r.exitCode)}`;
        return [a];
    }
    // Wait for the daemon to answer again.
    const deadline = Date.now() + deps.docker.timeouts.slow;
    for (;;) {
        const info = await deps.docker.run(['info', '--format', '{{.ServerVersion}}'], {
            timeoutMs: deps.docker.timeouts.probe,
        });
        if ((0,docker_runner/* succeeded */.gq)(info) && info.stdout.trim() !== '')
            break;
        if (Date.now() > deadline) {
            a.ok = false;
            a.detail = 'the daemon did not answer after the restart';
            break;
        }
        await new Promise((res) => setTimeout(res, 500));
    }
    return [a];
}
async function ensureBinfmt(deps, platforms, command, dir, dryRun, notes) {
    const missing = platforms
        .map((p) => ({ p, h: qemuHandler(p) }))
        .filter((x) => x.h !== undefined && !binfmtEnabled(dir, x.h));
    if (missing.length === 0)
        return [];
    const list = missing.map((m) => m.p).join(', ');
    if (command === undefined || command.trim() === '') {
        notes.push(`QEMU binfmt handlers missing for ${list}: give binfmt-command to install them`);
        return [{ action: 'binfmt.install', target: list, ok: false, detail: 'missing, and no binfmt-command given' }];
    }
    const r = await runShell(deps, command, deps.docker.timeouts.slow);
    const a = {
        action: 'binfmt.install',
        target: list,
        ok: (0,docker_runner/* succeeded */.gq)(r),
        command: (0,docker_runner/* commandLine */.ay)(['sh', '-c', command]),
    };
    if (r.dryRun || dryRun) {
        a.dryRun = true;
        return [a];
    }
    const still = missing.filter((m) => !binfmtEnabled(dir, m.h));
    if (still.length > 0) {
        a.ok = false;
        a.detail = `still missing after the command: ${still.map((m) => m.h).join(', ')}`;
    }
    return [a];
}
async function ensureBuilders(deps, input, gc, notes) {
    const actions = [];
    const { specs, fromInstances, recreate } = builderSpecs(deps, input, notes);
    const unknownDrivers = skipUnknownDrivers(input, fromInstances, notes, actions);
    const created = await createBuilders(deps, input, { specs, recreate, unknownDrivers }, gc, notes, actions);
    const use = builderToUse(input, specs, created, unknownDrivers, notes);
    let target = use.target;
    // A builder created in this run is bootstrapped before it is put in use: one that cannot start is never used.
    const fresh = created.get(target);
    if (fresh?.ok === true && fresh.dryRun !== true) {
        const b = await deps.docker.inspect(target, true);
        const a = { action: 'builder.bootstrap', target, ok: (0,docker_runner/* succeeded */.gq)(b.result) };
        if (!a.ok) {
            // The builder in use before the heal stays in use (when it is still there and not this one).
            const back = use.fallback !== target ? use.fallback : 'default';
            a.detail = `${b.result.stderr.trim().split('\n').filter(Boolean).at(-1) ?? 'bootstrap failed'}: not put in use`;
            notes.push(`builder ${target} did not bootstrap: not put in use; ${back}${back === use.previous ? ', the builder in use before the heal,' : ''} is used instead`);
            target = back;
        }
        actions.push(a);
    }
    if (use.declared || input.removed.includes(use.previous ?? '') || specs.length > 0)
        actions.push(await useBuilder(deps, target));
    return actions;
}
/**
 * The builders to create: the declared ones, else (reinstall) every removed one, else (repair) the
 * ones a finding says to re-create, each from its instance file.
 */
function builderSpecs(deps, input, notes) {
    const o = input.options;
    const dockerHost = deps.env.DOCKER_HOST;
    const fromInstances = new Map();
    for (const f of input.instanceFiles) {
        const s = f.content !== undefined ? specFromInstance(f.content, dockerHost) : undefined;
        if (s !== undefined)
            fromInstances.set(s.name, s);
    }
    const recreate = new Set(input.findings
        .filter((f) => f.repair?.action === 'builder.recreate' && f.repair.automatic)
        .map((f) => f.repair?.target ?? f.subject));
    let specs;
    if (o.reinstall.builders !== undefined)
        specs = o.reinstall.builders;
    else if (input.mode === 'reinstall')
        specs = input.removed.map((n) => fromInstances.get(n)).filter((s) => s !== undefined);
    else
        specs = [...recreate].map((n) => fromInstances.get(n)).filter((s) => s !== undefined);
    for (const n of recreate)
        if (!fromInstances.has(n) && !specs.some((s) => s.name === n))
            notes.push(`builder ${n}: no readable definition to recreate it from`);
    return { specs, fromInstances, recreate };
}
/** Builders whose driver this buildx does not know: forgotten by clean, never re-created. Returns their names, lower case. */
function skipUnknownDrivers(input, fromInstances, notes, actions) {
    const unknown = input.findings.filter((f) => f.id === 'builder.unknown-driver');
    for (const f of unknown) {
        const driver = fromInstances.get(f.subject)?.driver;
        const detail = `not re-created: its driver${driver !== undefined ? ` "${driver}"` : ''} is unknown to this buildx (its instance file is kept in the backup and under buildkit-healer/removed-instances when buildx rm could not remove it)`;
        notes.push(`builder ${f.subject}: ${detail}`);
        actions.push({ action: 'builder.skip', target: f.subject, ok: true, detail });
    }
    return new Set(unknown.map((f) => f.subject.toLowerCase()));
}
/**
 * Creates each builder to create, except `default`, a skipped one, one with a build in progress
 * and (repair) one that exists and was not removed. Returns what each created builder came to.
 */
async function createBuilders(deps, input, plan, gc, notes, actions) {
    // Only a builder that was (re)created and bootstrapped now, or that exists and was left alone, may be put in use.
    const created = new Map();
    for (const spec of plan.specs) {
        if (spec.name === 'default' || plan.unknownDrivers.has(spec.name.toLowerCase()))
            continue;
        if (input.kept?.includes(spec.name)) {
            notes.push(`builder ${spec.name}: kept by clean (a build is in progress there, or it runs again since diagnose), left as it is (not recreated)`);
            continue;
        }
        // In repair mode a declared builder that exists and was not removed is left alone.
        if (input.mode === 'repair' &&
            !input.removed.includes(spec.name) &&
            !plan.recreate.has(spec.name) &&
            (await builderExists(deps, spec)))
            continue;
        const a = await createBuilder(deps, spec, gc, input.options.dryRun);
        actions.push(a);
        created.set(spec.name, a);
    }
    return created;
}
/** The builder in use: the declared one, else the one in use before (when it exists again), else default. */
function builderToUse(input, specs, created, unknownDrivers, notes) {
    const declaredSpec = specs.find((s) => s.use);
    // A forgotten builder (unknown driver) is never put back in use.
    const previous = input.currentBuilder !== undefined && unknownDrivers.has(input.currentBuilder.toLowerCase())
        ? undefined
        : input.currentBuilder;
    const usable = (name) => {
        if (unknownDrivers.has(name.toLowerCase()))
            return false;
        const a = created.get(name);
        return a === undefined ? !input.removed.includes(name) || input.kept?.includes(name) === true : a.ok;
    };
    const fallback = previous !== undefined &&
        (previous === 'default' ||
            (specs.some((s) => s.name === previous) ? usable(previous) : !input.removed.includes(previous)))
        ? previous
        : 'default';
    let declared = declaredSpec?.name;
    if (declared !== undefined && declared !== 'default' && !usable(declared)) {
        const why = unknownDrivers.has(declared.toLowerCase())
            ? 'it was skipped (its driver is unknown to this buildx)'
            : 'it was not created';
        notes.push(`builder ${declared} is declared with use: true, but ${why}: not put in use; ${fallback} is used instead`);
        declared = undefined;
    }
    return { target: declared ?? fallback, declared: declaredSpec !== undefined, previous, fallback };
}
async function useBuilder(deps, target) {
    const args = ['buildx', 'use', target];
    const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.probe, mutates: true });
    const a = {
        action: 'builder.use',
        target,
        ok: (0,docker_runner/* succeeded */.gq)(r),
        command: (0,docker_runner/* commandLine */.ay)([deps.docker.bin, ...args]),
    };
    if (r.dryRun)
        a.dryRun = true;
    if (!a.ok)
        a.detail = r.stderr.trim();
    return a;
}
async function builderExists(deps, spec) {
    const args = spec.driver === 'docker' ? ['context', 'inspect', spec.name] : ['buildx', 'inspect', spec.name];
    const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.probe });
    return (0,docker_runner/* succeeded */.gq)(r);
}
async function createBuilder(deps, spec, gc, dryRun) {
    if (spec.driver === 'docker') {
        // Docker-driver builders are contexts: create the context unless it is there.
        if (await builderExists(deps, spec))
            return { action: 'builder.create', target: spec.name, ok: true, detail: 'context exists' };
        if (spec.endpoint === undefined)
            return {
                action: 'builder.create',
                target: spec.name,
                ok: false,
                detail: 'a docker-driver builder needs an endpoint (its context host)',
            };
        const args = ['context', 'create', spec.name, '--docker', `host=${spec.endpoint}`];
        return runCreate(deps, spec.name, args);
    }
    let configFile;
    let config = spec.buildkitdConfigInline;
    if (gc !== undefined)
        config = withGcPolicy(config ??
            (spec.buildkitdConfigFile !== undefined && (0,external_node_fs_.existsSync)(spec.buildkitdConfigFile)
                ? await (0,promises_.readFile)(spec.buildkitdConfigFile, 'utf8')
                : undefined), gc);
    if (config !== undefined) {
        // buildx copies the file into the instance at create time; we keep our copy beside the state.
        configFile = (0,external_node_path_.join)(deps.docker.paths.configDir, 'buildkit-healer', 'buildkitd', `${spec.name}.toml`);
        await writeAtomic(deps, configFile, config, dryRun);
    }
    return runCreate(deps, spec.name, createArgs(spec, configFile));
}
async function runCreate(deps, name, args) {
    const r = await deps.docker.run(args, { timeoutMs: deps.docker.timeouts.slow, mutates: true });
    const a = {
        action: 'builder.create',
        target: name,
        ok: (0,docker_runner/* succeeded */.gq)(r),
        command: (0,docker_runner/* commandLine */.ay)([deps.docker.bin, ...args]),
    };
    if (r.dryRun)
        a.dryRun = true;
    if (!a.ok)
        a.detail = r.stderr.trim() || r.spawnError || `exit ${String(r.exitCode)}`;
    return a;
}

// EXTERNAL MODULE: ./src/docker/docker.ts
var docker = __webpack_require__(83234);
// EXTERNAL MODULE: ./src/core/deadline.ts
var core_deadline = __webpack_require__(56343);
;// CONCATENATED MODULE: ./src/heal/heal.ts
/**
 * The heal orchestrator: diagnose \u2192 backup \u2192 clean \u2192 reinstall \u2192 validate, with the safety rules.
 *
 * - `auto`: a quick diagnose; a healthy runner returns at once (no lock, no backup, no test build,
 *   and neither the backup, the stores nor the validate modules are loaded). Otherwise a full
 *   diagnose and repair of only what fails.
 * - `repair`: full diagnose, every automatic repair. `reinstall`: the full clean reinstall.
 * - Changing phases run under the daemon-wide lock; a run that had to wait re-diagnoses.
 * - Nothing is cleaned before the backup is verified (unless backup is off); a failure after the
 *   backup keeps it and the report says how to roll back (`rollbackOnFailure` does it at once).
 * - `--dry-run` records every command and file change instead of making it.
 */


















const HEAL_MODES = ['auto', 'repair', 'reinstall'];
/** The real phases. Backup, stores, validate and rollback are imported only when a heal needs them. */
const defaultPhases = {
    diagnose: diagnose/* diagnose */.h,
    async backup(deps, options, facts) {
        const { backup } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(697), __webpack_require__.e(656), __webpack_require__.e(147)]).then(__webpack_require__.bind(__webpack_require__, 70147));
        const r = await backup(deps, options.backup, facts, {
            daemonJsonPaths: options.diagnose.daemonJsonPaths,
            buildkitdTomlPaths: options.diagnose.buildkitdTomlPaths,
        });
        return r.ref;
    },
    async validate(deps, options, builders, baseline) {
        const { validate } = await __webpack_require__.e(/* import() */ 244).then(__webpack_require__.bind(__webpack_require__, 5244));
        return validate(deps, {
            ...options.validate,
            builders,
            ...(baseline !== undefined ? { baseline } : {}),
            ...(options.diagnose.benchmark !== undefined ? { benchmark: options.diagnose.benchmark } : {}),
        });
    },
    async rollback(deps, options, backup, why) {
        const { rollback } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(697), __webpack_require__.e(656), __webpack_require__.e(165)]).then(__webpack_require__.bind(__webpack_require__, 5165));
        const { openStore } = await __webpack_require__.e(/* import() */ 826).then(__webpack_require__.bind(__webpack_require__, 92826));
        const store = await openStore(backup.store === 'github' ? 'github' : 'local', options.backup, deps);
        const r = await rollback(deps, {
            store,
            name: backup.name,
            ...(backup.artifactId !== undefined ? { artifactId: backup.artifactId } : {}),
            daemonJsonPaths: options.diagnose.daemonJsonPaths,
            buildkitdTomlPaths: options.diagnose.buildkitdTomlPaths,
            allowedCachePaths: options.backup.cachePaths,
            // The state this heal backed up before its reinstall removed the builders goes back with them.
            restoreBuilderState: true,
            ...(why !== undefined ? { why } : {}),
            // The bundle this heal made minutes ago: its builders are this host's own.
            allowBuilderSettings: options.allowBuilderSettings,
            ownBundle: true,
        });
        const failed = r.actions.filter((a) => !a.ok);
        const ok = r.error === undefined && r.buildOk && failed.length === 0;
        const detail = [
            `restored ${r.restored.length} file(s)`,
            r.skipped.length > 0 ? `skipped ${r.skipped.map((x) => `${x.path} (${x.reason})`).join(', ')}` : '',
            r.buildOk ? 'a test build works' : 'the test build failed',
            r.error ?? '',
            ...failed.map((a) => `${a.action} ${a.target} failed: ${a.detail ?? ''}`),
        ]
            .filter(Boolean)
            .join('; ');
        return { ok, detail, actions: r.actions, ...(r.record !== undefined ? { record: r.record } : {}) };
    },
};
/** `buildkit-healer rollback NAME` and the rollback action's input, in one line. */
function rollbackInstructions(b) {
    return `Roll back with \`buildkit-healer rollback ${b.name}\`${b.store !== 'local' ? '' : ` (backup in ${b.location})`}, or in a workflow with the rollback action: \`uses: <owner>/buildkit-healer/rollback@v1\` with \`backup-name: ${b.name}\`.`;
}
/** The findings a mode repairs: auto only what fails (and not `notInAuto`), repair and reinstall all automatic ones. */
function selectRepairs(findings, mode, failOn) {
    const pool = mode === 'auto' ? (0,core_report/* failingFindings */.v9)(findings, failOn === 'never' ? 'error' : failOn) : findings;
    return pool.filter((f) => f.repair?.automatic === true && !(mode === 'auto' && f.repair.notInAuto === true));
}
/** Builders auto leaves in error on purpose (a `notInAuto` removal: a dead context no build uses). */
function keptByAuto(findings, mode) {
    // A builder whose driver this buildx does not know cannot be validated in any mode.
    const unknown = findings.filter((f) => f.id === 'builder.unknown-driver').map((f) => f.subject);
    if (mode !== 'auto')
        return unknown;
    const dead = findings.filter((f) => f.id === 'builder.error' &&
        f.severity === 'warning' &&
        f.repair?.automatic === true &&
        f.repair.notInAuto === true);
    return [...unknown, ...dead.map((f) => f.subject)];
}
/** A finding `auto` leaves on purpose (a `notInAuto` repair): it never makes auto's repairs roll back. */
function keptOnPurpose(f, mode) {
    return mode === 'auto' && f.repair?.automatic === true && f.repair.notInAuto === true;
}
/**
 * The quick path's one verdict: healthy only when every quick probe answered and agrees
 * (`quickLookAnswered`) and no finding fails or asks for a repair. A probe that failed, timed out
 * or returned nothing sends auto to the full diagnose, whatever the findings say.
 */
function quickVerdictHealthy(d, failOn, bootstrap = false) {
    if (!(0,probe/* quickLookAnswered */._o)(d.facts))
        return false;
    // With `bootstrap` on, an inactive builder is only judged by the full diagnose's bootstrap.
    if (bootstrap &&
        d.facts.builders.some((b) => b.status === 'inactive' || b.nodes.some((n) => n.status === 'inactive')))
        return false;
    return selectRepairs(d.findings, 'auto', failOn).length === 0 && (0,core_report/* statusFor */.SR)(d.findings, failOn) === 'healthy';
}
function key(f) {
    return `${f.id} ${f.subject}`;
}
/** Max clean+reinstall rounds: repairing one thing can reveal another (an unreadable instance
 * file hides the builder whose container it leaves as an orphan). */
const MAX_ROUNDS = 3;
/** After the deadline, how long releasing the lock may still take. */
const RELEASE_GRACE_MS = 15_000;
async function timed(ctx, phase, fn, judge = () => true) {
    // diagnose announces itself (with its level); the other phases are announced here.
    if (phase !== 'diagnose')
        ctx.deps.log.phase?.(phase, phase);
    const started = Date.now();
    const startedAt = ctx.deps.now().toISOString();
    try {
        const v = await ctx.deadline.race(fn(), phase);
        ctx.report.phases.push({
            phase,
            durationMs: Date.now() - started,
            ok: judge(v),
            startedAt,
            finishedAt: ctx.deps.now().toISOString(),
        });
        return v;
    }
    catch (e) {
        ctx.report.phases.push({
            phase,
            durationMs: Date.now() - started,
            ok: false,
            error: (0,errors/* errorMessage */.gJ)(e),
            startedAt,
            finishedAt: ctx.deps.now().toISOString(),
        });
        throw e;
    }
}
function skipped(ctx, phase, why) {
    const p = { phase, durationMs: 0, ok: true, skipped: true };
    if (why !== undefined)
        p.error = why;
    ctx.report.phases.push(p);
}
async function journal(ctx, phase) {
    if (ctx.options.dryRun)
        return;
    const now = ctx.deps.now().toISOString();
    const e = {
        runId: ctx.runId,
        mode: ctx.mode,
        phase,
        pid: process.pid,
        host: (0,external_node_os_.hostname)(),
        startedAt: ctx.report.startedAt,
        updatedAt: now,
    };
    // While an interrupted heal's backup is being restored, the journal keeps pointing at it.
    const b = ctx.backup ?? resumeRef(ctx);
    if (b !== undefined) {
        e.backupName = b.name;
        e.store = b.store;
    }
    try {
        await writeJournal(ctx.journal, e);
    }
    catch (err) {
        ctx.deps.log.warn(`cannot write the heal journal ${ctx.journal}: ${(0,errors/* errorMessage */.gJ)(err)}`);
    }
}
function fillDiagnosis(report, d) {
    (0,check/* fillDiagnosis */.lg)(report, d, (id) => `check ${id} crashed during diagnose`);
}
/** Validates the heal options before anything changes; throws InputError naming the input. */
function checkHealOptions(options, deps) {
    const mode = options.mode;
    if (!HEAL_MODES.includes(mode))
        throw new errors/* InputError */.dz('mode', mode, HEAL_MODES.join(', '));
    if (!Number.isFinite(options.lockTimeoutMs) || options.lockTimeoutMs < 0)
        throw new errors/* InputError */.dz('lock-timeout', String(options.lockTimeoutMs), 'a number of milliseconds >= 0');
    planInstall(options.reinstall, deps.docker.paths.cliPluginsDir); // throws on bad buildx inputs
    return mode;
}
/**
 * Deps whose every docker call is capped at the time left before `deadline`. A host that built
 * its own chain (ProcessRunner, DeadlineRunner, then DryRunRunner for a dry run) passes its
 * deadline in `deps.deadline` and is left as it is.
 */
function withDeadline(deps, deadline) {
    if (deps.deadline !== undefined)
        return deps;
    const runner = deps.docker.runner;
    if (runner instanceof docker_runner/* DryRunRunner */.LZ || runner instanceof docker_runner/* DeadlineRunner */.X4)
        return { ...deps, deadline };
    const capped = new docker_runner/* DeadlineRunner */.X4(runner, deadline);
    return {
        ...deps,
        deadline,
        docker: new docker/* Docker */.Jg(capped, { bin: deps.docker.bin, env: deps.docker.env, timeouts: deps.docker.timeouts }),
    };
}
/** Deps whose mutating commands are recorded, not run. */
function dryRunDeps(deps) {
    if (deps.docker.runner.dryRun === true)
        return deps;
    const dry = new docker_runner/* DryRunRunner */.LZ(deps.docker.runner);
    return {
        ...deps,
        docker: new docker/* Docker */.Jg(dry, { bin: deps.docker.bin, env: deps.docker.env, timeouts: deps.docker.timeouts }),
    };
}
async function heal(deps0, options, phases = defaultPhases) {
    const mode = checkHealOptions(options, deps0);
    const deadline = deps0.deadline ?? new core_deadline/* Deadline */.B2(options.deadlineMs);
    const capped = withDeadline(deps0, deadline);
    const deps = options.dryRun ? dryRunDeps(capped) : capped;
    const report = (0,check/* newReport */.bQ)(deps, options);
    const ctx = {
        deps,
        options,
        mode,
        phases,
        report,
        deadline,
        journal: journalPath(options.backup.dir),
        // Tells runs apart in the lock and the journal (not a secret): Math.random, so that a healthy
        // run never loads node:crypto (src/core/crypto.ts).
        runId: `${(0,external_node_os_.hostname)()}-${process.pid}-${Math.floor(Math.random() * 0x1000000)
            .toString(16)
            .padStart(6, '0')}`,
    };
    try {
        await noteInterrupted(ctx);
        await run(ctx);
    }
    catch (e) {
        report.error = (0,errors/* errorMessage */.gJ)(e);
        report.status = 'failed';
        if (e instanceof errors/* SafetyError */.dd)
            report.notes.push(e.message);
        if (e instanceof core_deadline/* DeadlineError */.j3) {
            report.stopped = { reason: 'deadline', where: e.where, deadlineMs: e.deadlineMs };
            report.notes.push(`stopped by the deadline during ${e.where}: ${ctx.backup !== undefined ? `backup ${ctx.backup.name} is kept and ` : ''}no rollback was started`);
            deps.log.error(e.message);
        }
    }
    finally {
        // Past the deadline, a short grace so the lock is released (the next run need not wait for it).
        if (deadline.expired())
            deadline.grace(RELEASE_GRACE_MS);
        const lock = ctx.lock;
        if (lock !== undefined) {
            await lock.release().catch((e) => deps.log.warn(`cannot release the healer lock: ${(0,errors/* errorMessage */.gJ)(e)}`));
        }
    }
    if (report.status === 'failed' && ctx.backup !== undefined)
        report.rollback ??= rollbackInstructions(ctx.backup);
    // The run ended (whatever its status, the report says how to roll back): only a killed heal
    // leaves its journal behind for the next run to see.
    if (!options.dryRun)
        await clearJournal(ctx.journal).catch(() => undefined);
    report.healthy = report.status === 'healthy' || report.status === 'repaired';
    report.finishedAt = deps.now().toISOString();
    return report;
}
async function noteInterrupted(ctx) {
    const prev = await readJournal(ctx.journal);
    if (prev === undefined)
        return;
    if (prev.host === (0,external_node_os_.hostname)() && prev.pid !== process.pid && pidAlive(prev.pid))
        return; // still running
    ctx.interrupted = prev;
    ctx.report.notes.push(interruptedNote(prev));
    ctx.deps.log.warn(interruptedNote(prev));
}
/** Phases after which a killed heal may have left things half removed or half recreated. */
const CHANGING = ['clean', 'reinstall', 'validate', 'rollback'];
/**
 * The backup an interrupted heal points to, when it was killed after changing something: its
 * clean or reinstall may be half done and its result was never validated, so this run restores
 * that backup first (the rollback plan's answer to an unproven reinstall), then heals as asked.
 */
function resumeRef(ctx) {
    const j = ctx.interrupted;
    if (j?.backupName === undefined || !CHANGING.includes(j.phase))
        return undefined;
    const store = j.store ?? 'local';
    return {
        name: j.backupName,
        store,
        location: store === 'local' ? ctx.options.backup.dir : store,
        files: 0,
        bytes: 0,
        verified: true,
    };
}
/**
 * The lock lives on the daemon: when the context in use is missing or dead and the heal switches
 * to `default` (`context.use-default`), the lock is taken on the default endpoint it switches to.
 */
function lockDeps(deps, findings) {
    if (!(findings ?? []).some((f) => f.repair?.action === 'context.use-default' && f.repair.automatic))
        return deps;
    const env = { ...deps.docker.env, DOCKER_CONTEXT: 'default' };
    return {
        ...deps,
        docker: new docker/* Docker */.Jg(deps.docker.runner, { bin: deps.docker.bin, env, timeouts: deps.docker.timeouts }),
    };
}
/** Takes the daemon-wide lock once per run; notes stale locks broken on the way. */
async function takeLock(ctx, findings) {
    if (ctx.lock !== undefined)
        return ctx.lock;
    const timeoutMs = Math.min(ctx.options.lockTimeoutMs, ctx.deadline.remaining());
    const pending = acquireLock(lockDeps(ctx.deps, findings), { timeoutMs, runId: ctx.runId });
    // A lock taken after the deadline gave up waiting is released at once.
    const lock = await ctx.deadline.race(pending, 'lock').catch((e) => {
        if (e instanceof core_deadline/* DeadlineError */.j3)
            void pending.then((l) => l.release()).catch(() => undefined);
        throw e;
    });
    ctx.lock = lock;
    for (const b of lock.broken)
        ctx.report.notes.push(`broke a stale healer lock${b.owner ? ` of pid ${b.owner.pid} on ${b.owner.host} (run ${b.owner.runId})` : ''}: ${b.reason}`);
    return lock;
}
/**
 * After an interrupted heal: take the lock at once (the killed run's lock is broken and reported
 * now, even when this run finds nothing to change), and restore the backup it points to before
 * this run diagnoses.
 */
async function resumeInterrupted(ctx) {
    if (ctx.interrupted === undefined)
        return;
    // The head start's answers (src/docker/prestart.ts) predate the lock wait and the restore: the
    // quick look after them asks anew.
    await (0,head_start/* dropHeadStart */.qx)();
    if (ctx.options.dryRun)
        return;
    await takeLock(ctx);
    const ref = resumeRef(ctx);
    if (ref === undefined)
        return;
    ctx.deps.log.warn(`restoring backup ${ref.name} of the interrupted heal (run ${ctx.interrupted?.runId ?? '?'}, killed during ${ctx.interrupted?.phase ?? '?'})`);
    await rollbackNow(ctx, ref, 'interrupted');
}
/** Step 3: the verified backup before anything is removed (none in dry-run or when turned off). */
async function backupFirst(ctx, d) {
    const { deps, options, report } = ctx;
    await journal(ctx, 'backup');
    if (options.dryRun) {
        skipped(ctx, 'backup', 'dry-run');
        report.notes.push('dry-run: no backup was made and nothing was changed; the actions list what would run');
    }
    else if (!options.backup.enabled) {
        skipped(ctx, 'backup', 'backup turned off');
        report.notes.push('backup is turned off: cleaning without one, as asked');
    }
    else {
        const backupOptions = withStateBackup(ctx, d);
        const ref = await timed(ctx, 'backup', () => ctx.phases.backup(deps, backupOptions, d.facts), (r) => r.verified);
        ctx.backup = ref;
        report.backup = ref;
        report.actions.push({
            action: 'backup.create',
            target: ref.name,
            ok: ref.verified,
            detail: `${ref.files} files, ${ref.bytes} bytes in ${ref.store} store at ${ref.location}`,
        });
        if (!ref.verified)
            throw new errors/* SafetyError */.dd(`backup ${ref.name} could not be verified: nothing was cleaned`);
    }
}
/**
 * Steps 4-5: clean and reinstall, in rounds while repairs reveal new repairable findings (at most
 * MAX_ROUNDS); returns the last diagnosis (the first one in dry-run).
 */
async function repairRounds(ctx, d, diagOpts) {
    const { deps, options, mode, report } = ctx;
    const rmTimeout = options.dryRun ? false : await rmAcceptsTimeout(deps).catch(() => false);
    const done = new Set();
    // Builders reinstall skipped on purpose (a driver unknown to this buildx): a later round does not
    // create a declared one over them; it stays builder.declared-missing and fails the heal.
    const skippedBuilders = new Set();
    let current = d;
    for (let round = 1; round <= MAX_ROUNDS; round++) {
        const todo = selectRepairs(current.findings, mode, options.failOn).filter((f) => !done.has(key(f)) && !(f.id === 'builder.declared-missing' && skippedBuilders.has(f.subject.toLowerCase())));
        if (round > 1 && todo.length === 0)
            break;
        todo.forEach((f) => done.add(key(f)));
        const cleanMode = mode === 'reinstall' && round === 1 ? 'reinstall' : 'repair';
        const plan = planClean({
            mode: cleanMode,
            findings: todo,
            builders: current.builders,
            orphans: current.facts.orphans,
            instanceNames: current.facts.instanceFiles.map((f) => basenameLower(f.path)),
            options: { ...options.clean, pruneCache: options.clean.pruneCache },
            rmTimeout,
            busy: (0,checks_busy/* busyBuilders */._)(current.facts),
            rejected: rejectedDefinitions(current.findings, current.facts.instanceFiles.map((f) => basenameLower(f.path))),
        });
        announceUnsaved(ctx, plan, current);
        await journal(ctx, 'clean');
        const cleaned = await timed(ctx, 'clean', () => executeClean(deps, plan, {
            dryRun: options.dryRun,
            backupVerified: ctx.backup?.verified === true,
            backupEnabled: options.backup.enabled && !options.dryRun,
        }), (r) => r.ok);
        report.actions.push(...cleaned.actions);
        const removed = cleaned.actions.filter((a) => a.ok && a.action === 'builder.remove').map((a) => a.target);
        const kept = cleaned.actions.filter((a) => a.action === 'builder.keep').map((a) => a.target);
        await journal(ctx, 'reinstall');
        const re = await timed(ctx, 'reinstall', () => reinstall(deps, {
            mode: cleanMode,
            findings: todo,
            builders: current.builders,
            instanceFiles: current.facts.instanceFiles,
            ...(current.currentBuilder !== undefined ? { currentBuilder: current.currentBuilder } : {}),
            removed,
            kept,
            options,
        }), (r) => r.ok);
        report.actions.push(...re.actions);
        report.notes.push(...re.notes);
        for (const a of re.actions)
            if (a.action === 'builder.skip')
                skippedBuilders.add(a.target.toLowerCase());
        if (options.dryRun)
            break;
        // Re-diagnose: what is left, and whether the repair revealed more.
        current = await ctx.deadline.race(ctx.phases.diagnose(deps, diagOpts(false), 'full'), 'diagnose');
    }
    return current;
}
/** Step 6: validate the builders the heal leaves (a dead context auto keeps is not); true when all passed. */
async function validateHealed(ctx, current) {
    const { deps, options, mode, report } = ctx;
    let validationOk = true;
    if (options.validate.enabled) {
        await journal(ctx, 'validate');
        // A dead context no build uses, which auto keeps on purpose, is not validated: it cannot work.
        const kept = keptByAuto(current.findings, mode);
        for (const n of kept.filter((x) => !current.findings.some((f) => f.id === 'builder.unknown-driver' && f.subject === x)))
            report.notes.push(`builder ${n} not validated: its context is dead and no build uses it (kept by auto; \`heal --mode repair\` removes it)`);
        const names = current.builders.map((b) => b.name).filter((n) => !kept.includes(n));
        const checks = await timed(ctx, 'validate', () => ctx.phases.validate(deps, options, names, report.baseline), (c) => c.every((x) => x.ok));
        report.validation = checks;
        validationOk = checks.every((c) => c.ok);
    }
    else
        skipped(ctx, 'validate', 'validation turned off');
    return validationOk;
}
/** The heal proper; the lock it takes stays in `ctx.lock` (released by the caller). */
async function run(ctx) {
    const { options, mode, report } = ctx;
    await resumeInterrupted(ctx);
    // The baseline is a real build, only needed to judge validation: none in dry-run (a build
    // changes the cache and buildx's state files) or when validation is off.
    const diagOpts = (baseline) => ({
        ...(0,core_options/* diagnoseOptionsOf */.sT)(options),
        baseline: baseline && options.diagnose.baseline && options.validate.enabled && !options.dryRun,
    });
    // 1. diagnose: a healthy runner in auto mode stops here
    if (mode === 'auto' && (await quickLookHealthy(ctx, diagOpts)))
        return;
    let d = await fullDiagnose(ctx, diagOpts);
    fillDiagnosis(report, d);
    if (nothingToDo(ctx, d))
        return;
    // 2. the lock: only changing phases run under it (already held when an interrupted heal was restored)
    if (!options.dryRun) {
        const heldBefore = ctx.lock !== undefined;
        const lock = await takeLock(ctx, d.findings);
        if (lock.waited && !heldBefore) {
            report.notes.push(`waited ${Math.round(lock.waitedMs / 1000)} s for another healer on this daemon, then diagnosed again`);
            d = await fullDiagnose(ctx, diagOpts);
            fillDiagnosis(report, d);
            if (nothingToDo(ctx, d))
                return;
        }
    }
    // 3. backup (verified) before anything is removed
    await backupFirst(ctx, d);
    // 4-5. clean and reinstall, in rounds while repairs reveal new repairable findings
    const current = await repairRounds(ctx, d, diagOpts);
    if (options.dryRun) {
        skipped(ctx, 'validate', 'dry-run');
        report.status = (0,core_report/* statusFor */.SR)(report.findings, options.failOn) === 'healthy' ? 'healthy' : 'unhealthy';
        return;
    }
    report.buildersAfter = current.builders;
    report.findingsAfter = current.findings;
    report.versions = (0,check/* versionsFrom */.s3)(current.facts, current.builders, current.currentBuilder);
    // 6. validate
    const validationOk = await validateHealed(ctx, current);
    // The cache policy is garbage collection the user asked for: a prune that failed is a warning in
    // the log and the report, never what fails (or rolls back) a repair.
    const failed = {
        actions: report.actions.filter((a) => !a.ok && a.action !== 'cache.policy'),
        left: (0,core_report/* failingFindings */.v9)(current.findings, options.failOn),
        validationOk,
    };
    if (failed.actions.length === 0 && failed.left.length === 0 && validationOk) {
        report.status = 'repaired';
        return;
    }
    report.status = 'failed';
    report.error = `heal failed: ${failureReasons(report, failed).join('; ')}`;
    if (ctx.backup !== undefined)
        await afterFailure(ctx, ctx.backup, failed);
}
/**
 * Auto's quick look (it never bootstraps: it must stay cheap; `bootstrap` is for the full ones),
 * with the cache usage read beside it (one Engine API request when the socket is local) and the
 * cache policies applied. True when the host is healthy: the report is filled and the heal stops.
 */
async function quickLookHealthy(ctx, diagOpts) {
    const { deps, options, report } = ctx;
    let d;
    let usage;
    try {
        [d, usage] = await Promise.all([
            timed(ctx, 'diagnose', () => ctx.phases.diagnose(deps, { ...diagOpts(false), bootstrap: false }, 'quick')),
            cacheUsage(ctx),
        ]);
    }
    finally {
        // What the entry asked ahead and the quick look did not take is not an answer to anything later.
        await (0,head_start/* dropHeadStart */.qx)();
    }
    await applyCachePolicy(ctx, usage);
    await applyBuilderCachePolicy(ctx, d);
    if (!quickVerdictHealthy(d, options.failOn, options.diagnose.bootstrap === true))
        return false;
    fillDiagnosis(report, d);
    report.status = 'healthy';
    return true;
}
/** One reason per kind of failure, for the report's error. */
function failureReasons(report, failed) {
    const { actions, left } = failed;
    const why = [];
    if (actions.length > 0)
        why.push(`${actions.length} action(s) failed: ${actions.map((a) => `${a.action} ${a.target}`).join(', ')}`);
    if (left.length > 0)
        why.push(`${left.length} finding(s) remain: ${[...new Set(left.map((f) => f.id))].join(', ')}`);
    const missing = left.filter((f) => f.id === 'builder.declared-missing');
    if (missing.length > 0)
        why.push(`declared builder(s) not there: ${missing.map((f) => `${f.subject} (${declaredWhy(report.actions, f.subject)})`).join(', ')}`);
    // What no repair can fix is the user's to fix: said as the error, as when nothing was to do.
    const manual = left.filter((f) => f.repair === undefined && f.advice !== undefined);
    if (manual.length > 0)
        why.push(`no automatic repair for: ${manual.map((f) => `${f.id} (${f.subject}): ${f.advice ?? ''}`).join('; ')}`);
    if (!failed.validationOk)
        why.push(`validation failed: ${(report.validation ?? [])
            .filter((c) => !c.ok)
            .map((c) => `${c.id}${c.builder ? ` (${c.builder})` : ''}: ${c.message}`)
            .join('; ')}`);
    return why;
}
/** A failed heal with a backup: how to roll back, and the rollback itself with rollback-on-failure. */
async function afterFailure(ctx, backup, failed) {
    const { deps, options, mode, report } = ctx;
    const { actions, left, validationOk } = failed;
    report.rollback = rollbackInstructions(backup);
    // Only what the heal did or should have fixed rolls back: a finding auto keeps on purpose
    // (`notInAuto`: a dead context no build uses, a config.json docker runs without) fails the run
    // under fail-on, but a rollback would not remove it, only undo the repairs that worked (e.g.
    // write back a currentContext that points at a dead endpoint).
    const healFailed = actions.length > 0 || !validationOk || left.some((f) => !keptOnPurpose(f, mode));
    if (options.rollbackOnFailure && !healFailed) {
        const kept = left.map((f) => `${f.id} (${f.subject})`).join(', ');
        report.notes.push(`no rollback (rollback-on-failure): every repair worked and validation passed; what fails is only ${kept}, which auto leaves on purpose and a rollback would not remove (\`heal --mode repair\` does)`);
        deps.log.warn(`no rollback: only ${kept} remain, which auto leaves on purpose`);
    }
    if (options.rollbackOnFailure && healFailed) {
        const failedChecks = [
            ...(report.validation ?? [])
                .filter((c) => !c.ok)
                .map((c) => `${c.id}${c.builder !== undefined ? ` (${c.builder})` : ''}: ${c.message}`),
            ...actions.map((a) => `${a.action} ${a.target}: ${a.detail ?? 'failed'}`),
            ...left.map((f) => `${f.id} (${f.subject}): ${f.message}`),
        ];
        await rollbackNow(ctx, backup, 'failure', {
            trigger: 'rollback-on-failure',
            reason: report.error ?? '',
            failedChecks,
            healStartedAt: report.startedAt,
            failedAt: deps.now().toISOString(),
        });
    }
}
/** Why a declared builder is not there after the repairs: its skip or its failed create. */
function declaredWhy(actions, name) {
    const a = actions.findLast((x) => x.target.toLowerCase() === name.toLowerCase() &&
        (x.action === 'builder.skip' || (x.action === 'builder.create' && !x.ok)));
    if (a === undefined)
        return 'not created';
    return `${a.action === 'builder.skip' ? 'skipped' : 'create failed'}: ${a.detail ?? ''}`;
}
async function cacheUsage(ctx) {
    try {
        const { readCacheUsage } = await __webpack_require__.e(/* import() */ 343).then(__webpack_require__.bind(__webpack_require__, 36343));
        return await readCacheUsage(ctx.deps, ctx.options.cachePolicy, (0,external_node_path_.dirname)(ctx.options.backup.dir));
    }
    catch (e) {
        ctx.report.notes.push(`cache usage could not be read: ${(0,errors/* errorMessage */.gJ)(e)}`);
        return undefined;
    }
}
/** The seeds' cache policy (`cache-limit`, `cache-max-age`): reported always, enforced when on. */
async function applyCachePolicy(ctx, usage) {
    if (usage === undefined)
        return;
    const { enforceCachePolicy, policyReport } = await __webpack_require__.e(/* import() */ 343).then(__webpack_require__.bind(__webpack_require__, 36343));
    const pr = policyReport(usage, ctx.options.cachePolicy, Date.now());
    ctx.report.cachePolicy = pr;
    if (!ctx.options.cachePolicy.enabled)
        return;
    const a = await enforceCachePolicy(ctx.deps, ctx.options.cachePolicy, usage, pr);
    if (a !== undefined) {
        ctx.report.actions.push(a);
        if (!a.ok)
            ctx.deps.log.warn(`cache policy: ${a.detail ?? ''}`);
        else
            ctx.deps.log.info(`cache policy: ${a.detail ?? ''}`);
    }
}
/**
 * The policy on the builder in use when it is a running docker-container builder (its cache is in
 * its own state volume): at most once per `cache-check-interval`, in auto, not in a dry run.
 */
async function applyBuilderCachePolicy(ctx, d) {
    const o = ctx.options;
    if (!o.cachePolicy.enabled || o.dryRun)
        return;
    // Only on a quick look that answered: a broken runner goes to the full diagnose first.
    if (!(0,probe/* quickLookAnswered */._o)(d.facts))
        return;
    const b = d.builders.find((x) => x.name === d.currentBuilder);
    if (b === undefined || b.driver !== 'docker-container' || b.status !== 'running')
        return;
    try {
        const { enforceBuilderCachePolicy } = await __webpack_require__.e(/* import() */ 343).then(__webpack_require__.bind(__webpack_require__, 36343));
        const a = await enforceBuilderCachePolicy(ctx.deps, o.cachePolicy, b.name, (0,external_node_path_.dirname)(o.backup.dir));
        if (a === undefined)
            return;
        ctx.report.actions.push(a);
        if (!a.ok)
            ctx.deps.log.warn(`cache policy: ${a.detail ?? ''}`);
        else
            ctx.deps.log.info(`cache policy: ${a.detail ?? ''}`);
    }
    catch (e) {
        ctx.report.notes.push(`the cache policy on builder ${b.name} could not run: ${(0,errors/* errorMessage */.gJ)(e)}`);
    }
}
/**
 * Full diagnose with the baseline; when that crashes (a broken plugin can make the baseline build
 * fail in ways a parser did not expect), once more without it: a heal must still see what to fix.
 */
async function fullDiagnose(ctx, diagOpts) {
    try {
        return await timed(ctx, 'diagnose', () => ctx.phases.diagnose(ctx.deps, diagOpts(true), 'full'));
    }
    catch (e) {
        ctx.report.notes.push(`full diagnose crashed (${(0,errors/* errorMessage */.gJ)(e)}); diagnosed again without the baseline build`);
        return timed(ctx, 'diagnose', () => ctx.phases.diagnose(ctx.deps, diagOpts(false), 'full'));
    }
}
/**
 * A reinstall removes every docker-container builder but busy ones, and their cache with them:
 * their state is backed up first (the backup may stop them: a running container's state is not copied).
 */
function withStateBackup(ctx, d) {
    if (ctx.mode !== 'reinstall')
        return ctx.options;
    const busy = (0,checks_busy/* busyBuilders */._)(d.facts);
    // A builder whose definition BuildKit rejects stays (and loops): stopped, its loop would hide.
    const rejected = rejectedDefinitions(d.findings, d.facts.instanceFiles.map((f) => basenameLower(f.path)));
    const names = d.builders
        .filter((b) => b.driver === 'docker-container' && !busy.has(b.name) && !rejected.includes(b.name))
        .map((b) => b.name);
    if (names.length === 0)
        return ctx.options;
    if (!ctx.options.backup.builderState)
        ctx.report.notes.push(`the state (build cache) of ${names.join(', ')} is backed up before the reinstall removes ${names.length > 1 ? 'them' : 'it'}`);
    return { ...ctx.options, backup: { ...ctx.options.backup, builderState: true, stopForState: names } };
}
/** What the plan removes without a backup is in the report and the log before anything runs. */
function announceUnsaved(ctx, plan, d) {
    for (const w of unsavedWarnings(plan)) {
        ctx.report.notes.push(w);
        ctx.deps.log.warn(w);
    }
    if (ctx.mode !== 'reinstall')
        return;
    for (const n of unknownPruneTargets({ builders: d.builders, options: ctx.options.clean })) {
        ctx.report.notes.push(`prune-cache names ${n}, which is no builder here: nothing pruned for it`);
    }
}
function basenameLower(p) {
    return (p.split('/').pop() ?? p).toLowerCase();
}
/** True (with the report filled) when there is nothing this mode may change. */
function nothingToDo(ctx, d) {
    const { mode, options, report } = ctx;
    if (mode === 'reinstall')
        return false;
    const repairs = selectRepairs(d.findings, mode, options.failOn);
    if (repairs.length > 0)
        return false;
    const failing = (0,core_report/* failingFindings */.v9)(d.findings, options.failOn);
    if (failing.length === 0) {
        report.status = 'healthy';
        return true;
    }
    report.status = 'failed';
    report.error = `no automatic repair for: ${failing.map((f) => `${f.id} (${f.subject})${f.advice ? `: ${f.advice}` : ''}`).join('; ')}`;
    return true;
}
async function rollbackNow(ctx, b, why = 'failure', record) {
    // Past the deadline no rollback starts: it would be another change that cannot finish in time.
    if (ctx.deadline.expired())
        throw new core_deadline/* DeadlineError */.j3('rollback', ctx.deadline.ms);
    await journal(ctx, 'rollback');
    const because = record ?? {
        trigger: 'interrupted',
        reason: `the previous heal (run ${ctx.interrupted?.runId ?? '?'}) was killed during ${ctx.interrupted?.phase ?? '?'}`,
        failedChecks: [],
        ...(ctx.interrupted?.startedAt !== undefined ? { healStartedAt: ctx.interrupted.startedAt } : {}),
    };
    try {
        const r = await timed(ctx, 'rollback', () => ctx.phases.rollback(ctx.deps, ctx.options, b, because), (x) => x.ok);
        if (r.record !== undefined)
            ctx.report.rollbackRecord = r.record;
        const a = { action: 'rollback', target: b.name, ok: r.ok };
        if (r.detail !== '')
            a.detail = r.detail;
        ctx.report.actions.push(...(r.actions ?? []).map((x) => ({ ...x, detail: `rollback: ${x.detail ?? ''}`.trim() })), a);
        const how = why === 'interrupted' ? "restored the interrupted heal's backup" : 'rolled back to backup';
        const reason = why === 'interrupted'
            ? 'before diagnosing, because the previous heal was killed mid-way'
            : 'in this run (rollback-on-failure)';
        ctx.report.notes.push(r.ok ? `${how} ${b.name} ${reason}` : `the rollback to ${b.name} failed: ${r.detail}`);
        // A restore is byte for byte: when it put back a client setting that points at a dead or
        // missing context (the heal had moved off it), docker fails again, and the report says so.
        for (const f of (r.record?.diagnoseAfter?.findings ?? []).filter((x) => x.severity === 'error' && /^client\.(context-dead|context-missing)$/.test(x.id))) {
            const w = `the rollback restored a client setting that points at ${f.id === 'client.context-dead' ? 'a dead' : 'a missing'} context (${f.subject}): docker commands fail again; \`docker context use default\` or a heal in auto mode moves off it`;
            ctx.report.notes.push(w);
            ctx.deps.log.warn(w);
        }
    }
    catch (e) {
        ctx.report.actions.push({ action: 'rollback', target: b.name, ok: false, detail: (0,errors/* errorMessage */.gJ)(e) });
        ctx.report.notes.push(`the rollback to ${b.name} failed: ${(0,errors/* errorMessage */.gJ)(e)}`);
    }
}


/***/ })

};
