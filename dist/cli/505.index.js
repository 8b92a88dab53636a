export const id = 505;
export const ids = [505];
export const modules = {

/***/ 63336:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   I: () => (/* binding */ busyCheck),
/* harmony export */   _: () => (/* binding */ busyBuilders)
/* harmony export */ });
/* harmony import */ var _util_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(77145);

/**
 * Builder name \u2192 the containers of its nodes that run a build, or whose processes could not be
 * read (or that are paused): a build may be running there too, so they count as busy.
 */
function busyBuilders(facts) {
    const out = new Map();
    for (const b of facts.builders) {
        const busy = b.nodes
            .map((n) => `buildx_buildkit_${n.name}`)
            .filter((c) => {
            const a = facts.activity?.[c];
            // A restarting container runs nothing (its process exited): builder.restart-loop's.
            return a !== undefined && a.state !== 'idle' && a.state !== 'restarting';
        });
        if (busy.length > 0)
            out.set(b.name, busy);
    }
    return out;
}
const busyCheck = {
    id: 'busy',
    title: 'Builders with a build in progress',
    run({ facts }) {
        const out = [];
        for (const [name, containers] of busyBuilders(facts)) {
            const acts = containers.map((c) => facts.activity?.[c]).filter((a) => a !== undefined);
            const procs = acts.flatMap((a) => a.processes);
            const known = acts.every((a) => a.state === 'busy');
            const what = known
                ? `has a build in progress (${containers.join(', ')}: ${procs.join('; ')})`
                : `may have a build in progress: the processes of ${containers.join(', ')} could not be read${procs.length > 0 ? ` (${procs.join('; ')})` : ''}`;
            out.push((0,_util_js__WEBPACK_IMPORTED_MODULE_0__/* .finding */ .gk)('builder.busy', 'info', name, `Builder ${name} ${what}. A heal does not remove or recreate it while it builds.`, acts.map((a) => (0,_util_js__WEBPACK_IMPORTED_MODULE_0__/* .cmd */ .HW)(a.evidence)), {
                advice: `Run the heal again when the build has finished, or stop the build first, to let it repair or recreate builder ${name}.`,
            }));
        }
        return out;
    },
};


/***/ }),

/***/ 56671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VF: () => (/* binding */ probeFindings),
/* harmony export */   _o: () => (/* binding */ quickLookAnswered)
/* harmony export */ });
/* unused harmony export probeFailures */
/* harmony import */ var _util_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(77145);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(87240);


function firstLine(s) {
    return (s
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '') ?? '');
}
function why(r) {
    if (r.timedOut)
        return `did not answer within ${r.durationMs} ms`;
    if (r.spawnError !== undefined)
        return `could not be started (${r.spawnError})`;
    const err = firstLine(r.stderr);
    return `exited ${String(r.exitCode)}${err !== '' ? `: ${err}` : ''}`;
}
function parsedProbe(name, p, out, extra) {
    if (p === undefined)
        return;
    const r = p.result;
    if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .succeeded */ .gq)(r))
        out.push({ probe: name, reason: why(r), result: r });
    else if (r.stdout.trim() === '')
        out.push({ probe: name, reason: 'returned nothing', result: r });
    else if (p.parsed === undefined)
        out.push({
            probe: name,
            reason: `returned output that could not be read (${p.parseError ?? 'no parse'})`,
            result: r,
        });
    else {
        const e = extra?.(p.parsed);
        if (e !== undefined)
            out.push({ probe: name, reason: e, result: r });
    }
}
/**
 * Every probe in the facts that failed, timed out, returned nothing or could not be read. A
 * probe that was not run is not listed (the quick look runs only some of them).
 */
function probeFailures(facts) {
    const out = [];
    parsedProbe('docker version', facts.dockerVersion, out, (v) => v.serverError
        ? `the daemon did not answer: ${firstLine(v.serverError)}`
        : v.server === undefined
            ? 'no server version'
            : undefined);
    parsedProbe('docker info', facts.info, out, (v) => v.serverErrors.length > 0 ? `the daemon did not answer: ${firstLine(v.serverErrors.join('\n'))}` : undefined);
    parsedProbe('docker buildx version', facts.buildxVersion, out);
    parsedProbe('docker buildx ls', facts.ls, out, (v) => v.builders.length === 0 ? 'listed no builder (buildx always lists the one of the context in use)' : undefined);
    for (const [name, r] of [
        ['container listing', facts.containers],
        ['volume listing', facts.volumes],
    ]) {
        if (r === undefined)
            continue;
        if (!(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .succeeded */ .gq)(r))
            out.push({ probe: name, reason: why(r), result: r });
        else if (r.stdout.trim() === '' && r.argv[0] === 'GET')
            out.push({ probe: name, reason: 'returned nothing', result: r });
    }
    return out;
}
/**
 * The quick look answered and agrees: `buildx ls --format json` succeeded with builders and an
 * empty stderr, every other probe it ran answered, and the builder in use is among the listed ones.
 * Only then may `auto` say healthy without the full diagnose.
 */
function quickLookAnswered(facts) {
    const ls = facts.ls;
    if (ls === undefined || ls.parsed === undefined || ls.parsed.format !== 'json')
        return false;
    if (ls.result.stderr.trim() !== '' || ls.parsed.errors.length > 0)
        return false;
    if (probeFailures(facts).length > 0)
        return false;
    // Facts that disagree: the builder in use (current file, BUILDX_BUILDER) is not one buildx listed.
    const cur = facts.currentBuilder;
    if (cur !== undefined && !facts.builders.some((b) => b.name.toLowerCase() === cur.toLowerCase()))
        return false;
    return true;
}
/**
 * `docker.probe-failed`: probes failed and no error finding explains them. Runs after the checks
 * (it needs their findings); pure.
 */
function probeFindings(facts, findings) {
    if (findings.some((f) => f.severity === 'error'))
        return [];
    const failed = probeFailures(facts);
    if (failed.length === 0)
        return [];
    const list = failed.map((f) => `\`${(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_0__/* .commandLine */ .ay)(f.result.argv)}\` ${f.reason}`).join('; ');
    return [
        (0,_util_js__WEBPACK_IMPORTED_MODULE_1__/* .finding */ .gk)('docker.probe-failed', 'error', failed.map((f) => f.probe).join(', '), `Docker did not answer the healer's probes, and no known fault explains it: ${list}. Builds on this runner are not known to work.`, failed.map((f) => (0,_util_js__WEBPACK_IMPORTED_MODULE_1__/* .cmd */ .HW)(f.result)), {
            advice: 'Run the failed command by hand and read its error; check the docker context in use (`docker context ls`), DOCKER_HOST and ~/.docker/config.json.',
        }),
    ];
}


/***/ }),

/***/ 77145:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HW: () => (/* binding */ cmd),
/* harmony export */   N4: () => (/* binding */ note),
/* harmony export */   NJ: () => (/* binding */ file),
/* harmony export */   Zy: () => (/* binding */ compareVersions),
/* harmony export */   bv: () => (/* binding */ daemonDown),
/* harmony export */   eq: () => (/* binding */ unreachableReason),
/* harmony export */   gk: () => (/* binding */ finding),
/* harmony export */   oW: () => (/* binding */ allResults)
/* harmony export */ });
function cmd(r) {
    return { kind: 'command', ...r };
}
function file(f) {
    const e = { kind: 'file', path: f.path, content: f.content ?? '' };
    const err = f.readError ?? f.parseError;
    if (err !== undefined)
        e.error = err;
    return e;
}
function note(text) {
    return { kind: 'note', text };
}
function finding(id, severity, subject, message, evidence, fix) {
    const f = { id, severity, subject, message, evidence };
    if (fix?.repair)
        f.repair = fix.repair;
    if (fix?.advice !== undefined)
        f.advice = fix.advice;
    return f;
}
const UNREACHABLE = /Cannot connect to the Docker daemon|connection refused|error during connect|dial unix .*: connect:|no such host|Is the docker daemon running/i;
/** The daemon's own answer to `docker info`/`docker version` says it cannot be reached. */
function unreachableReason(facts) {
    const info = facts.info;
    if (info?.parsed && info.parsed.serverErrors.length > 0)
        return info.parsed.serverErrors.join('\n');
    const sv = facts.dockerVersion?.parsed?.serverError;
    if (sv !== undefined && sv !== '')
        return sv;
    for (const p of [info, facts.dockerVersion]) {
        if (p === undefined || p.result.timedOut)
            continue;
        const text = `${p.result.stderr}\n${p.parseError ?? ''}`;
        const m = text.split('\n').find((l) => UNREACHABLE.test(l));
        if (p.result.exitCode !== 0 && m !== undefined)
            return m.trim();
    }
    return undefined;
}
/** True when the daemon answered no probe: builder-level checks would only echo that. */
function daemonDown(facts) {
    if (unreachableReason(facts) !== undefined)
        return true;
    return facts.info?.result.timedOut === true && facts.dockerVersion?.result.timedOut === true;
}
/** Every command result gathered, for checks that look across all of them (timeouts). */
function allResults(facts) {
    const out = [];
    const push = (r) => {
        if (r)
            out.push(r);
    };
    push(facts.dockerVersion?.result);
    push(facts.info?.result);
    push(facts.buildxVersion?.result);
    push(facts.ls?.result);
    push(facts.du?.result);
    push(facts.containers);
    push(facts.volumes);
    for (const p of Object.values(facts.inspects))
        push(p.result);
    for (const p of Object.values(facts.bootstraps ?? {}))
        push(p.result);
    if (facts.disk && typeof facts.disk.evidence !== 'string')
        push(facts.disk.evidence);
    return out;
}
/** Minimal semver compare for `x.y.z` (pre-release and build parts ignored); -1, 0 or 1. */
function compareVersions(a, b) {
    const pa = a
        .replace(/^v/, '')
        .split(/[+-]/)[0]
        ?.split('.')
        .map((x) => Number.parseInt(x, 10) || 0) ?? [];
    const pb = b
        .replace(/^v/, '')
        .split(/[+-]/)[0]
        ?.split('.')
        .map((x) => Number.parseInt(x, 10) || 0) ?? [];
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d < 0 ? -1 : 1;
    }
    return 0;
}


/***/ }),

/***/ 1208:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   i: () => (/* binding */ BACKUPS_META)
/* harmony export */ });
// The backups command's name, summary and help, apart from the command: the command table lists
// them on every start, and the command itself (the local store) loads only when run.
const BACKUPS_HELP = `Usage: buildkit-healer backups [--backup-dir DIR] [--json]

Lists the backups \`buildkit-healer heal\` made, newest first: name, time, size. Restore one with
\`buildkit-healer rollback NAME\` (or \`--latest\`).

Options:
  --backup-dir DIR  where the backups are (default ~/.buildkit-healer/backups)
  --json            print them as a JSON array on stdout
  -h, --help        this help

Exit status: 0 (also when there are none), 2 bad usage.
`;
const BACKUPS_META = {
    name: 'backups',
    summary: 'List the backups heal made (newest first), to pick one for rollback',
    help: BACKUPS_HELP,
};


/***/ }),

/***/ 47833:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $: () => (/* binding */ ROLLBACK_META)
/* harmony export */ });
// The rollback command's name, summary and help, apart from the command: the command table lists
// them on every start, and the command itself (restore, stores, the bundle format) loads only when run.
const ROLLBACK_HELP = `Usage: buildkit-healer rollback [--latest | BACKUP] [options]

Restores a backup that \`buildkit-healer heal\` made: every file is checked against its sha256
before it is written back, docker-container builders of the backup that are gone are recreated,
the builder that was in use is put back in use, and a tiny test build proves it works. Anything
that could not be restored is listed with the reason.

BACKUP is a name from \`buildkit-healer backups\`; --latest takes the newest.

Options:
  --latest               roll back to the newest backup
  --backup-dir DIR       where the backups are (default ~/.buildkit-healer/backups)
  --restore-cache        also put saved cache data back: cache directories, and docker-container
                         builders' state (their build cache), into each builder's volume
  --cache-paths DIR      a directory cache data may be written into (repeat or comma-separate;
                         the heal's cache-paths): a restore writes nowhere else
  --no-recreate-builders do not recreate builders that are gone
  --allow-builder-settings LIST
                         builder settings beyond buildx's defaults a recreated builder may
                         use (image=..., network=host, env.*, BuildKit flags; repeat or
                         comma-separate); builders asking for others are not created
  --trust-unsigned       accept a backup whose MAC cannot be checked with this host's key
                         (no MAC: made before backups were signed; another user's or host's
                         key; no key here); its contents are still verified. Default: refuse
  --dry-run              print what would be restored and run, change nothing
  --json                 print the result as JSON on stdout
  -v, --verbose          progress lines on stderr
  -h, --help             this help

Exit status: 0 restored (or partly: see "not restored"), 1 failed, 2 bad usage.
`;
const ROLLBACK_META = {
    name: 'rollback',
    summary: 'Restore a backup a heal made (--latest or a name): files, builders, the builder in use',
    help: ROLLBACK_HELP,
};


/***/ }),

/***/ 85217:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $v: () => (/* binding */ cliLogger),
/* harmony export */   Mg: () => (/* binding */ wantColor),
/* harmony export */   Z5: () => (/* binding */ cliDeps)
/* harmony export */ });
/* harmony import */ var _docker_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83234);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87240);
/* harmony import */ var _core_deadline_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(56343);



/** Core deps for a run, built at the CLI's one root. */
function cliDeps(host, options, log) {
    const deadline = new _core_deadline_js__WEBPACK_IMPORTED_MODULE_2__/* .Deadline */ .B2(options.deadlineMs);
    const runner = (0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .hostRunner */ .Jc)(host.runner ?? new _docker_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .ProcessRunner */ .Si(host.env), deadline, options.dryRun);
    const docker = new _docker_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .Docker */ .Jg(runner, { env: host.env, timeouts: options.timeouts });
    return { docker, env: host.env, log, now: host.now ?? (() => new Date()), version: host.version, deadline };
}
/**
 * The CLI's one log format, on stderr: `==> <phase>` a line per phase, `warning: `/`error: ` always,
 * `debug: ` with --verbose. Other messages print with --verbose, or always where the command shows
 * them as its progress (`heal`: each validation check).
 */
function cliLogger(io, verbose, infoAlways = false) {
    const line = (s) => io.stderr(`${s}\n`);
    return {
        info: (m) => {
            if (verbose || infoAlways)
                line(m);
        },
        warn: (m) => line(`warning: ${m}`),
        error: (m) => line(`error: ${m}`),
        debug: (m) => {
            if (verbose)
                line(`debug: ${m}`);
        },
        phase: (_p, m) => line(`==> ${m}`),
    };
}
/** Colours on a TTY unless NO_COLOR is set; --color/--no-color decide when given. */
function wantColor(host, flag, isTTY) {
    if (flag !== undefined)
        return flag === 'true';
    if (host.env.NO_COLOR !== undefined && host.env.NO_COLOR !== '')
        return false;
    if (host.env.FORCE_COLOR !== undefined && host.env.FORCE_COLOR !== '' && host.env.FORCE_COLOR !== '0')
        return true;
    return isTTY && host.env.TERM !== 'dumb';
}


/***/ }),

/***/ 95377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   H: () => (/* binding */ optionFlags),
/* harmony export */   b: () => (/* binding */ parseFlags)
/* harmony export */ });
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/* harmony import */ var _core_parse_options_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(41923);
/**
 * Flags of the CLI commands: the option flags (same names as the action's inputs, parsed by the
 * one parser) plus each command's own switches. Unknown flags are errors naming the accepted ones.
 */


const LIST_OPTIONS = ['cache-paths', 'platforms', 'daemon-json', 'buildkitd-config'];
/** Option flags a command accepts: every option but the ones it excludes (check has no --mode). */
function optionFlags(exclude = []) {
    return _core_parse_options_js__WEBPACK_IMPORTED_MODULE_1__/* .OPTION_SPECS */ .Fx.filter((s) => !exclude.includes(s.name) && !s.actionOnly).map((s) => ({
        name: s.name,
        boolean: s.boolean === true,
    }));
}
function parseFlags(args, optionSpecs, ownSpecs) {
    const out = { options: {}, own: {}, positionals: [] };
    const all = [...ownSpecs.map((s) => ({ ...s, own: true })), ...optionSpecs.map((s) => ({ ...s, own: false }))];
    const accepted = () => all.map((s) => `--${s.name}${s.alias !== undefined ? `/${s.alias}` : ''}`).join(', ');
    for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        if (a === '--') {
            out.positionals.push(...args.slice(i + 1));
            break;
        }
        if (!a.startsWith('-') || a === '-') {
            out.positionals.push(a);
            continue;
        }
        const eq = a.indexOf('=');
        const flag = eq >= 0 ? a.slice(0, eq) : a;
        let inline = eq >= 0 ? a.slice(eq + 1) : undefined;
        let spec = all.find((s) => `--${s.name}` === flag || s.alias === flag);
        let negated = false;
        if (spec === undefined && flag.startsWith('--no-')) {
            spec = all.find((s) => s.boolean && s.name === flag.slice(5));
            negated = spec !== undefined;
            if (negated && inline !== undefined)
                throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(flag, inline, `${flag} without a value`);
        }
        if (spec === undefined)
            throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz('option', a, `one of ${accepted()}`);
        let value;
        if (negated)
            value = 'false';
        else if (spec.boolean)
            value = inline ?? 'true';
        else {
            if (inline === undefined) {
                const next = args[i + 1];
                if (next === undefined || (next.startsWith('--') && next.length > 2))
                    throw new _core_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(`--${spec.name}`, '', 'a value after the flag');
                inline = next;
                i++;
            }
            value = inline;
        }
        const target = spec.own ? out.own : out.options;
        // A list option given twice adds up (`--platforms linux/amd64 --platforms linux/arm64`).
        const prev = target[spec.name];
        target[spec.name] = prev !== undefined && LIST_OPTIONS.includes(spec.name) ? `${prev}\n${value}` : value;
    }
    return out;
}


/***/ }),

/***/ 63505:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runCli: () => (/* binding */ runCli)
});

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/core/parse-options.ts
var parse_options = __webpack_require__(41923);
// EXTERNAL MODULE: ./src/core/report.ts + 1 modules
var core_report = __webpack_require__(30544);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: ./src/core/options.ts
var core_options = __webpack_require__(83457);
// EXTERNAL MODULE: ./src/phases/diagnose.ts + 21 modules
var diagnose = __webpack_require__(99662);
;// CONCATENATED MODULE: ./src/heal/check.ts





/** An empty report for this run: the heal orchestrator fills in the same shape. */
function newReport(deps, options) {
    const now = deps.now().toISOString();
    return {
        schema: core_report/* REPORT_SCHEMA */.DC,
        version: core_report/* REPORT_VERSION */.Aj,
        tool: { name: 'buildkit-healer', version: deps.version },
        mode: options.mode,
        dryRun: options.dryRun,
        startedAt: now,
        finishedAt: now,
        host: {
            hostname: (0,external_node_os_.hostname)(),
            dockerHost: deps.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock',
            platform: `${process.platform}/${process.arch}`,
        },
        status: 'healthy',
        healthy: true,
        failOn: options.failOn,
        versions: {},
        builders: [],
        findings: [],
        actions: [],
        phases: [],
        notes: [],
    };
}
/** Versions as facts tell them: the daemon's, the plugin's, and BuildKit's of the builder in use. */
function versionsFrom(facts, builders, current) {
    const v = {};
    const dv = facts.dockerVersion?.parsed;
    const docker = dv?.server?.version ?? dv?.client?.version ?? facts.info?.parsed?.serverVersion;
    if (docker !== undefined)
        v.docker = docker;
    const bx = facts.buildxVersion?.parsed;
    if (bx !== undefined)
        v.buildx = bx.semver ?? bx.raw;
    const inUse = builders.find((b) => b.name === current) ?? builders.find((b) => b.current);
    const bk = inUse?.nodes.find((n) => n.buildkitVersion !== undefined)?.buildkitVersion;
    if (bk !== undefined)
        v.buildkit = bk;
    return v;
}
/** Build cache usage from `buildx du`, when it was read. */
function cacheFrom(facts) {
    const du = facts.du?.parsed;
    return du === undefined ? undefined : { totalBytes: du.totalBytes, reclaimableBytes: du.reclaimableBytes };
}
/** The client layer as read: the context in use, from where, its endpoint, the variables set. */
function clientFrom(facts) {
    const c = facts.client;
    if (c === undefined)
        return undefined;
    const out = {
        context: c.inUse.name,
        source: c.inUse.source,
        configJson: c.configJson.path,
        env: Object.keys(c.env).sort(),
    };
    const endpoint = c.inUse.source === 'DOCKER_HOST' ? c.env.DOCKER_HOST : c.contexts.find((x) => x.name === c.inUse.name)?.endpoint;
    if (endpoint !== undefined)
        out.endpoint = endpoint;
    return out;
}
/** Copies one diagnosis into the report (check and heal alike). */
function fillDiagnosis(report, d, crashedNote) {
    report.builders = d.builders;
    report.findings = d.findings;
    if (d.currentBuilder !== undefined)
        report.currentBuilder = d.currentBuilder;
    if (d.baseline !== undefined)
        report.baseline = d.baseline;
    report.versions = versionsFrom(d.facts, d.builders, d.currentBuilder);
    const cache = cacheFrom(d.facts);
    if (cache !== undefined)
        report.cache = cache;
    const client = clientFrom(d.facts);
    if (client !== undefined)
        report.client = client;
    for (const id of d.crashed)
        report.notes.push(crashedNote(id));
}
/**
 * `check --platforms`: the test build's RUN step on every requested platform, on the builder in
 * use; a platform that cannot run code (no or a broken binfmt handler) is `platform.cannot-run`.
 */
async function checkPlatforms(deps, options, report, builder) {
    const { platformCheck } = await __webpack_require__.e(/* import() */ 244).then(__webpack_require__.bind(__webpack_require__, 5244));
    const r = await platformCheck(deps, options.validate, builder);
    if (r.ok) {
        report.notes.push(`platforms on ${builder}: ${r.message}`);
        return;
    }
    const f = {
        id: 'platform.cannot-run',
        severity: 'error',
        subject: builder,
        message: `the test build's RUN step did not run on every requested platform (${options.validate.platforms.join(', ')}): ${r.message}`,
        evidence: r.evidence.map((e) => ({ kind: 'command', ...e })),
        advice: 'Register the QEMU binfmt handlers for the missing platforms (binfmt-command, e.g. update-binfmts --enable qemu-aarch64, or docker run --privileged --rm tonistiigi/binfmt --install arm64), or check that base-image exists for every platform.',
    };
    report.findings.push(f);
}
/**
 * The weekly check's trend: this run's benchmark median is appended to the history in the local
 * store (backup-dir), and compared with the newest one from a week ago or more; slower than
 * `max-slowdown` is `benchmark.slower` (a warning: the builder works, the build got slower).
 */
async function benchmarkTrend(deps, options, report, baseline) {
    const spec = options.diagnose.benchmark;
    if (spec === undefined)
        return;
    const { appendHistory, benchmarkKey, readHistory, trendOf } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 15193));
    const { readFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 51455, 23));
    const key = benchmarkKey(spec, await readFile(spec.dockerfile, 'utf8').catch(() => ''), baseline.builder);
    const dir = options.backup.dir;
    const now = deps.now();
    const history = await readHistory(dir, key);
    const trend = trendOf(history, now, baseline.durationMs);
    report.benchmark = {
        key,
        builder: baseline.builder,
        medianMs: baseline.durationMs,
        runsMs: baseline.runsMs ?? [],
        recent: trend.recent,
        ...(trend.lastWeek !== undefined ? { lastWeek: trend.lastWeek } : {}),
    };
    try {
        await appendHistory(dir, {
            at: now.toISOString(),
            key,
            builder: baseline.builder,
            medianMs: baseline.durationMs,
            runs: baseline.runsMs?.length ?? 0,
        });
    }
    catch (e) {
        report.notes.push(`the benchmark history in ${dir} could not be written: ${(0,errors/* errorMessage */.gJ)(e)}`);
    }
    const lw = trend.lastWeek;
    if (lw !== undefined && lw.slowdownPercent > options.validate.maxSlowdownPercent)
        report.findings.push({
            id: 'benchmark.slower',
            severity: 'warning',
            subject: baseline.builder,
            message: `The benchmark build takes ${baseline.durationMs} ms (median of ${baseline.runsMs?.length ?? 0}) on ${baseline.builder}, ${lw.slowdownPercent}% slower than ${lw.medianMs} ms on ${lw.at.slice(0, 10)}: more than the allowed ${options.validate.maxSlowdownPercent}%.`,
            evidence: [
                {
                    kind: 'note',
                    text: `history ${dir}/benchmark-history.jsonl (key ${key}): ${trend.recent.map((r) => `${r.at.slice(0, 10)} ${r.medianMs} ms`).join(', ')}`,
                },
            ],
            advice: 'Compare with what changed since (base images, the Dockerfile, buildx or BuildKit versions, the cache, the runner disk); a heal in repair mode with validation proves whether the builder is the cause.',
        });
}
/**
 * Check mode: diagnose at the full level and report. Changes nothing. The status is decided by
 * `failOn` from the parsed findings, never from an exit code.
 */
async function runCheck(deps, options) {
    const report = newReport(deps, { ...options, mode: 'check' });
    const started = Date.now();
    let ok = true;
    let error;
    try {
        const d = await (0,diagnose/* diagnose */.h)(deps, (0,core_options/* diagnoseOptionsOf */.sT)(options), 'full');
        fillDiagnosis(report, d, (id) => `check ${id} crashed (see the check.crashed finding)`);
        const { readCacheUsage, policyReport } = await __webpack_require__.e(/* import() */ 343).then(__webpack_require__.bind(__webpack_require__, 36343));
        // The full diagnose read `buildx du` already: no second call when the Engine API cannot be asked.
        const usage = d.facts.du !== undefined
            ? await readCacheUsage(deps, options.cachePolicy, undefined, d.facts.du)
            : await readCacheUsage(deps, options.cachePolicy);
        if (usage !== undefined)
            report.cachePolicy = policyReport(usage, options.cachePolicy, Date.now());
        if (options.validate.platforms.length > 0)
            await checkPlatforms(deps, options, report, d.currentBuilder ?? 'default');
        if (options.diagnose.benchmark !== undefined && d.baseline?.kind === 'benchmark' && d.baseline.ok)
            await benchmarkTrend(deps, options, report, d.baseline);
    }
    catch (e) {
        // A bug in diagnose must not look like a healthy machine.
        ok = false;
        error = (0,errors/* errorMessage */.gJ)(e);
        report.error = `diagnose crashed: ${error}`;
    }
    report.phases.push({
        phase: 'diagnose',
        durationMs: Date.now() - started,
        ok,
        ...(error !== undefined ? { error } : {}),
    });
    report.status = report.error !== undefined ? 'unhealthy' : (0,core_report/* statusFor */.SR)(report.findings, options.failOn);
    report.healthy = report.status === 'healthy';
    report.finishedAt = deps.now().toISOString();
    return report;
}

;// CONCATENATED MODULE: ./src/report/json.ts
function renderJson(report) {
    return `${JSON.stringify(report, null, 2)}\n`;
}

// EXTERNAL MODULE: ./src/report/rollback-record.ts
var rollback_record = __webpack_require__(51388);
// EXTERNAL MODULE: ./src/docker/runner.ts
var docker_runner = __webpack_require__(87240);
;// CONCATENATED MODULE: ./src/report/render-util.ts

/** HTML-escapes text that lands in Markdown: command output must never become markup. */
function escapeHtml(s) {
    return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** A Markdown table cell: escaped, pipes guarded, one line. */
function cell(s) {
    if (s === undefined || s === '')
        return '';
    return escapeHtml(s).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}
/** Inline code in a table cell; backticks inside are replaced so the span cannot break. */
function code(s) {
    return `<code>${cell(s)}</code>`;
}
function formatDuration(ms) {
    if (!Number.isFinite(ms))
        return '?';
    if (ms < 1000)
        return `${Math.round(ms)} ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)} s`;
    const m = Math.floor(ms / 60_000);
    const s = Math.round((ms % 60_000) / 1000);
    return `${m} min ${s} s`;
}
/** Keeps the head and the tail (errors are usually at the end), with a note of what was cut. */
function truncateMiddle(s, max) {
    if (s.length <= max)
        return s;
    const head = Math.floor(max / 4);
    const tail = max - head;
    const cut = s.length - head - tail;
    return `${s.slice(0, head)}\n[... ${cut} characters cut ...]\n${s.slice(s.length - tail)}`;
}
const STATUS_ICON = {
    healthy: '\u2705',
    repaired: '\ud83d\udee0\ufe0f',
    unhealthy: '\u274c',
    failed: '\u274c',
};
/** Plain text of one piece of evidence (full; renderers truncate). */
function evidenceText(e) {
    switch (e.kind) {
        case 'command':
            return commandEvidence(e);
        case 'file':
            return `file ${e.path}${e.error !== undefined ? ` (${e.error})` : ''}\n${e.content}`;
        case 'note':
            return e.text;
    }
}
function commandEvidence(r) {
    const status = r.spawnError !== undefined
        ? `could not start: ${r.spawnError}`
        : r.timedOut
            ? `timed out after ${formatDuration(r.durationMs)}`
            : r.signal !== null
                ? `killed by ${r.signal}`
                : `exit ${r.exitCode ?? '?'}`;
    const parts = [
        r.remembered !== undefined
            ? `$ ${commandLine(r.argv)}   (${status}, not run now: ${r.remembered})`
            : `$ ${commandLine(r.argv)}   (${status}${r.dryRun ? ', dry run' : ''}, ${formatDuration(r.durationMs)})`,
    ];
    if (r.stdout.trim() !== '')
        parts.push(`--- stdout ---\n${r.stdout.replace(/\s+$/, '')}`);
    if (r.stderr.trim() !== '')
        parts.push(`--- stderr ---\n${r.stderr.replace(/\s+$/, '')}`);
    return parts.join('\n');
}

// EXTERNAL MODULE: ./src/core/size.ts
var size = __webpack_require__(53910);
;// CONCATENATED MODULE: ./src/report/text.ts
/**
 * The CLI's readable output: a status line, a builders table, the findings with their repair,
 * actions and phases. Colours only when asked (the CLI asks when stdout is a TTY).
 */




const STATUS_COLOR = { healthy: 32, repaired: 32, unhealthy: 31, failed: 31 };
const SEVERITY_COLOR = { error: 31, warning: 33, info: 36 };
const BUILDER_COLOR = {
    running: 32,
    inactive: 33,
    stopped: 33,
    error: 31,
    unknown: 90,
};
function renderText(report, opts = {}) {
    const paint = opts.color ? (c, s) => `\u001b[${c}m${s}\u001b[0m` : (_c, s) => s;
    const bold = (s) => paint(1, s);
    const out = [...headerLines(report, paint), ''];
    if (report.buildersAfter !== undefined) {
        out.push(...buildersLines('Builders before', report.builders, report, paint));
        out.push(...buildersLines('Builders after', report.buildersAfter, report, paint));
    }
    else
        out.push(...buildersLines('Builders', report.builders, report, paint));
    const verbose = opts.verbose === true;
    const beforeTitle = report.findingsAfter !== undefined ? 'Findings before the heal' : 'Findings';
    out.push(...findingsLines(beforeTitle, report.findings, paint, verbose));
    if (report.findingsAfter !== undefined)
        out.push(...findingsLines('Findings after the heal', report.findingsAfter, paint, verbose));
    out.push(...actionsLines(report, paint), ...validationLines(report, paint), ...extraLines(report));
    if (report.rollback !== undefined)
        out.push('', bold('To roll back:'), report.rollback);
    if (report.rollbackRecord !== undefined)
        out.push('', bold('Rolled back:'), ...(0,rollback_record/* rollbackRecordLines */.v)(report.rollbackRecord).filter((l) => l !== ''));
    for (const n of report.notes)
        out.push(`note: ${n}`);
    const reason = (0,core_report/* failureReason */.Hr)(report);
    if (reason !== undefined)
        out.push('', paint(31, `FAILED: ${reason}`));
    return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
/** The status line and the versions line. */
function headerLines(report, paint) {
    const counts = (0,core_report/* countBySeverity */.Ot)(report.findingsAfter ?? report.findings);
    const v = report.versions;
    return [
        `${paint(1, 'buildkit-healer')} ${report.mode}${report.dryRun ? ' (dry run)' : ''}: ${paint(STATUS_COLOR[report.status], report.status.toUpperCase())}` +
            `  (${counts.error} error, ${counts.warning} warning, ${counts.info} info; fail-on ${report.failOn})`,
        `docker ${v.docker ?? '?'}  buildx ${v.buildx ?? '?'}  buildkit ${v.buildkit ?? '?'}  daemon ${report.host.dockerHost}`,
    ];
}
function buildersLines(title, builders, report, paint) {
    const out = [paint(1, title)];
    if (builders.length === 0)
        out.push('  (none listed)');
    else
        out.push(...table(['', 'NAME', 'DRIVER', 'STATUS', 'PLATFORMS', 'ERROR'], builders.map((b) => builderRow(b, paint, report.currentBuilder)), 2));
    out.push('');
    return out;
}
function findingsLines(title, findings, paint, verbose) {
    const out = [paint(1, title)];
    if (findings.length === 0)
        out.push('  none');
    for (const f of findings) {
        out.push(`  ${paint(SEVERITY_COLOR[f.severity], f.severity.toUpperCase().padEnd(7))} ${f.id}  [${f.subject}]`);
        out.push(`          ${f.message}`);
        if (f.repair !== undefined)
            out.push(`          repair: ${f.repair.description}${f.repair.automatic ? '' : ' (manual)'}`);
        if (f.advice !== undefined)
            out.push(`          advice: ${f.advice}`);
        if (verbose)
            out.push(...evidenceLines(f));
    }
    out.push('');
    return out;
}
/** A finding's evidence under it (--verbose), each piece cut in the middle past 2000 characters. */
function evidenceLines(f) {
    return f.evidence.flatMap((e) => {
        const text = e.kind === 'command'
            ? `$ ${e.argv.join(' ')} (exit ${e.exitCode ?? '?'}${e.timedOut ? ', timed out' : ''})\n${e.stdout}${e.stderr}`
            : e.kind === 'file'
                ? `${e.path}: ${e.error ?? e.content}`
                : e.text;
        return truncateMiddle(text.trimEnd(), 2000)
            .split('\n')
            .map((l) => `            | ${l}`);
    });
}
function actionsLines(report, paint) {
    if (report.actions.length === 0)
        return [];
    const rows = report.actions.map((a) => [
        a.dryRun ? 'would' : a.ok ? paint(32, 'ok') : paint(31, 'FAILED'),
        a.action,
        a.target,
        a.command ?? a.detail ?? '',
    ]);
    return [paint(1, 'Actions'), ...table(['', 'ACTION', 'TARGET', 'DETAIL'], rows, 2), ''];
}
function validationLines(report, paint) {
    if (report.validation === undefined || report.validation.length === 0)
        return [];
    const rows = report.validation.map((c) => [
        c.ok ? paint(32, 'ok') : paint(31, 'FAILED'),
        c.id,
        c.builder ?? '',
        c.message,
    ]);
    return [paint(1, 'Validation'), ...table(['', 'CHECK', 'BUILDER', 'RESULT'], rows, 2), ''];
}
/** One line each: cache policy, docker context, build cache, baseline, benchmark trend, phases, backup. */
function extraLines(report) {
    const extras = [];
    const cp = report.cachePolicy;
    if (cp !== undefined) {
        const age = cp.maxAgeSeconds % 86_400 === 0 ? `${cp.maxAgeSeconds / 86_400}d` : `${cp.maxAgeSeconds}s`;
        const aged = cp.agedRecords !== undefined ? `, ${cp.agedRecords} record(s) unused for over ${age}` : '';
        const freed = cp.freedBytes !== undefined ? `; auto freed ${(0,size/* formatSize */.X)(cp.freedBytes)}` : '';
        extras.push(`cache policy: ${(0,size/* formatSize */.X)(cp.usageBytes)} of ${(0,size/* formatSize */.X)(cp.limitBytes)} (${cp.overLimit ? 'OVER the limit' : 'within'}${aged}; from ${cp.source}${cp.enabled ? '' : '; not enforced'})${freed}`);
    }
    // The client layer, when it is not the plain default (the context in use and where that came from).
    const cl = report.client;
    if (cl !== undefined && (cl.context !== 'default' || cl.source !== 'default'))
        extras.push(`docker context ${cl.context} (from ${cl.source === 'config.json' ? `currentContext in ${cl.configJson}` : cl.source})${cl.endpoint !== undefined ? ` at ${cl.endpoint}` : ''}`);
    if (report.cache !== undefined)
        extras.push(`build cache ${(0,size/* formatSize */.X)(report.cache.totalBytes)} (${(0,size/* formatSize */.X)(report.cache.reclaimableBytes)} reclaimable)`);
    extras.push(...runLines(report));
    return extras;
}
/** The baseline, the benchmark trend, the phases and the backup of the run. */
function runLines(report) {
    const extras = [];
    if (report.baseline !== undefined)
        extras.push(report.baseline.kind === 'benchmark'
            ? `baseline: benchmark build ${report.baseline.ok ? `median ${formatDuration(report.baseline.durationMs)} of ${report.baseline.runsMs?.length ?? 0} runs` : 'failed'} on ${report.baseline.builder}`
            : `baseline build ${report.baseline.ok ? formatDuration(report.baseline.durationMs) : 'failed'} on ${report.baseline.builder}`);
    const bm = report.benchmark;
    if (bm !== undefined)
        extras.push(`benchmark trend: ${bm.recent.map((r) => `${r.at.slice(0, 10)} ${formatDuration(r.medianMs)}`).join(', ')}${bm.lastWeek !== undefined ? `; ${bm.lastWeek.slowdownPercent >= 0 ? '+' : ''}${bm.lastWeek.slowdownPercent}% against ${bm.lastWeek.at.slice(0, 10)}` : '; no run from a week ago yet'}`);
    if (report.phases.length > 0)
        extras.push(`phases ${report.phases.map((p) => `${p.phase} ${p.skipped ? 'skipped' : formatDuration(p.durationMs)}${p.ok ? '' : ' FAILED'}`).join(', ')}`);
    if (report.backup !== undefined)
        extras.push(`backup ${report.backup.name} at ${report.backup.location}${report.backup.verified ? ' (verified)' : ' (NOT verified)'}`);
    for (const st of report.backup?.builderState ?? [])
        extras.push(st.bytes !== undefined
            ? `builder state of ${st.builder} (build cache) backed up: ${(0,size/* formatSize */.X)(st.bytes)}`
            : `builder state of ${st.builder} NOT backed up: ${st.skipped ?? ''}`);
    return extras;
}
function builderRow(b, paint, current) {
    const platforms = [...new Set(b.nodes.flatMap((n) => n.platforms))].join(',');
    const err = [b.error, ...b.nodes.map((n) => n.error)].find((e) => e !== undefined && e !== '') ?? '';
    return [
        b.current || b.name === current ? '*' : '',
        b.name,
        b.driver,
        paint(BUILDER_COLOR[b.status], b.status),
        platforms,
        err.split('\n')[0] ?? '',
    ];
}
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const visible = (s) => s.replace(ANSI, '').length;
/** Left-aligned columns; widths from the visible text (colour codes take no room). */
function table(head, rows, indent = 0) {
    const widths = head.map((h, i) => Math.max(visible(h), ...rows.map((r) => visible(r[i] ?? ''))));
    const line = (cells) => ' '.repeat(indent) +
        cells
            .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - visible(c))))
            .join('  ')
            .trimEnd();
    return [line(head), ...rows.map(line)];
}

// EXTERNAL MODULE: ./src/report/metrics.ts
var metrics = __webpack_require__(36479);
// EXTERNAL MODULE: ./src/cli/context.ts
var context = __webpack_require__(85217);
// EXTERNAL MODULE: ./src/cli/flags.ts
var cli_flags = __webpack_require__(95377);
;// CONCATENATED MODULE: ./src/cli/commands/options-help.ts

/** The option flags' help, from the one option table (so CLI help and action.yml never disagree). */
function optionsHelp(exclude = []) {
    const lines = [];
    for (const s of parse_options/* OPTION_SPECS */.Fx) {
        if (exclude.includes(s.name) || s.actionOnly)
            continue;
        const flag = s.boolean ? `--${s.name}` : `--${s.name} VALUE`;
        const def = s.default !== '' ? ` (default ${s.default})` : '';
        lines.push(`  ${flag}`, ...wrap(`${s.description}${def}`, 74).map((l) => `      ${l}`));
    }
    return `${lines.join('\n')}\n`;
}
function wrap(text, width) {
    const out = [];
    let line = '';
    for (const word of text.split(/\s+/)) {
        if (line !== '' && line.length + 1 + word.length > width) {
            out.push(line);
            line = word;
        }
        else
            line = line === '' ? word : `${line} ${word}`;
    }
    if (line !== '')
        out.push(line);
    return out;
}

// EXTERNAL MODULE: ./src/core/files.ts
var files = __webpack_require__(69928);
;// CONCATENATED MODULE: ./src/cli/commands/check.ts
/** `buildkit-healer check`: diagnose the local Docker, buildx and builders; change nothing. */













/** Options that mean nothing to a check (it changes nothing). */
const NOT_FOR_CHECK = [
    'mode',
    'dry-run',
    'backup',
    'backup-store',
    'backup-keep',
    'cache-paths',
    'backup-builder-state',
    'retention-days',
    'compression-level',
    'max-backup-size',
    'prune-cache',
    'keep-storage',
    'prune-until',
    'buildx-version',
    'buildx-url',
    'buildx-file',
    'buildx-sha256',
    'buildx-checksums-url',
    'gc-keep-storage',
    'gc-keep-duration',
    'daemon-restart-command',
    'binfmt-command',
    'validate',
    'max-slowdown',
    'cache-registry',
    'rollback-on-failure',
];
const OWN = [
    { name: 'json', boolean: true },
    { name: 'verbose', boolean: true, alias: '-v' },
    { name: 'color', boolean: true },
    { name: 'help', boolean: true, alias: '-h' },
];
const checkCommand = {
    name: 'check',
    summary: 'Diagnose Docker, buildx and every builder; report findings; change nothing',
    help: `Usage: buildkit-healer check [options]

Diagnoses the Docker daemon (DOCKER_HOST or the default socket), the buildx plugin, every
builder and the state buildx keeps on disk, runs a tiny baseline build, and reports each
finding with its evidence and the repair that fixes it. Nothing is changed, except that
--bootstrap starts inactive builders (docker buildx inspect --bootstrap; it may pull the
BuildKit image) to find the ones that cannot start.

Exit status: 0 healthy, 1 a finding at or above --fail-on, 2 bad usage.

Output:
  --json             print the JSON report (schema buildkit-healer/report v1) on stdout
  -v, --verbose      show command evidence under each finding and debug lines on stderr
  --color, --no-color  colours (default: when stdout is a terminal and NO_COLOR is unset)
  -h, --help         this help

Options (the action's inputs of the same names):
${optionsHelp(NOT_FOR_CHECK)}`,
    async run(args, host) {
        const flags = (0,cli_flags/* parseFlags */.b)(args, (0,cli_flags/* optionFlags */.H)(NOT_FOR_CHECK), OWN);
        if (flags.own.help !== undefined && (0,parse_options/* parseBool */.q6)(flags.own.help, '--help')) {
            host.stdout(this.help);
            return 0;
        }
        if (flags.positionals.length > 0)
            throw new errors/* InputError */.dz('argument', flags.positionals.join(' '), 'no arguments (check takes options only)');
        const options = await (0,parse_options/* loadOptions */.ZG)(flags.options, { source: 'flag', env: host.env });
        const verbose = flags.own.verbose === 'true';
        const json = flags.own.json === 'true';
        const deps = (0,context/* cliDeps */.Z5)(host, options, (0,context/* cliLogger */.$v)(host, verbose));
        const report = await runCheck(deps, options);
        if (options.reportPath !== undefined) {
            const p = (0,external_node_path_.resolve)(host.cwd, options.reportPath);
            await (0,files/* makeDir */.gE)((0,external_node_path_.dirname)(p));
            await (0,promises_.writeFile)(p, renderJson(report), 'utf8');
        }
        if (options.metricsPath !== undefined)
            await (0,metrics/* writeMetricsFile */.bw)((0,external_node_path_.resolve)(host.cwd, options.metricsPath), (0,metrics/* renderMetrics */.qF)(report));
        if (json)
            host.stdout(renderJson(report));
        else
            host.stdout(renderText(report, { color: (0,context/* wantColor */.Mg)(host, flags.own.color, host.stdoutIsTTY), verbose }));
        return (0,core_report/* exitCodeFor */.Rr)(report);
    },
};

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
function heal_fillDiagnosis(report, d) {
    fillDiagnosis(report, d, (id) => `check ${id} crashed during diagnose`);
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
    const report = newReport(deps, options);
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
    heal_fillDiagnosis(report, d);
    if (nothingToDo(ctx, d))
        return;
    // 2. the lock: only changing phases run under it (already held when an interrupted heal was restored)
    if (!options.dryRun) {
        const heldBefore = ctx.lock !== undefined;
        const lock = await takeLock(ctx, d.findings);
        if (lock.waited && !heldBefore) {
            report.notes.push(`waited ${Math.round(lock.waitedMs / 1000)} s for another healer on this daemon, then diagnosed again`);
            d = await fullDiagnose(ctx, diagOpts);
            heal_fillDiagnosis(report, d);
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
    report.versions = versionsFrom(current.facts, current.builders, current.currentBuilder);
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
    heal_fillDiagnosis(report, d);
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

;// CONCATENATED MODULE: ./src/cli/commands/heal.ts
/**
 * `buildkit-healer heal --mode auto|repair|reinstall [--dry-run] [OPTIONS]`: the heal on a host.
 * Options are the action's inputs as flags, parsed by the one parser; every input is validated
 * before anything runs. Prints the text report (or JSON with --json), writes the JSON report and
 * metrics when asked, and exits 0 (healthy/repaired), 1 (failed) or 2 (bad usage).
 */












const heal_OWN = [
    { name: 'json', boolean: true },
    { name: 'verbose', boolean: true, alias: '-v' },
    { name: 'color', boolean: true },
    { name: 'help', boolean: true, alias: '-h' },
];
function healHelp() {
    // The table's `mode` default is the action's (check); `heal` runs auto when --mode is not given.
    const defaultOf = (s) => (s.name === 'mode' ? 'auto' : s.default);
    const describe = (s) => s.name === 'mode'
        ? 'What to heal: auto (repair only what is broken), repair (fix everything diagnose finds), reinstall (clean reinstallation of buildx and the builders); check is its own command.'
        : s.description;
    const opts = parse_options/* OPTION_SPECS */.Fx.filter((s) => !s.actionOnly).map((s) => `  --${s.name}${s.boolean ? '' : ' VALUE'}\n      ${describe(s)}${defaultOf(s) !== '' ? ` (default ${defaultOf(s)})` : ''}`);
    return `Usage: buildkit-healer heal --mode auto|repair|reinstall [--dry-run] [OPTIONS]

Heals Docker BuildKit on this host: diagnose, back up (verified), clean, reinstall, validate.
Without --mode it runs auto.
  auto       (default) repair only what is broken (a healthy host returns at once)
  repair     fix everything diagnose finds
  reinstall  the full clean reinstallation of buildx and the builders
--dry-run prints the exact commands and file changes and changes nothing.
A failed heal keeps its backup: \`buildkit-healer rollback NAME\` restores it.

Own flags:
  --json        print the JSON report instead of the text
  --verbose/-v  show the evidence under each finding
  --color, --no-color  colours (default: when stdout is a terminal and NO_COLOR is unset)
  --help/-h     this help

Options:
${opts.join('\n')}
`;
}
/** Parses the flags into Options; `--mode` defaults to auto and must be a heal mode. */
async function healOptions(args, env) {
    const flags = (0,cli_flags/* parseFlags */.b)(args, (0,cli_flags/* optionFlags */.H)(), heal_OWN);
    if (flags.positionals.length > 0)
        throw new errors/* InputError */.dz('argument', flags.positionals.join(' '), 'no positional arguments (options are --flags)');
    const raw = { ...flags.options, mode: flags.options.mode ?? 'auto' };
    if (!HEAL_MODES.includes(raw.mode))
        throw new errors/* InputError */.dz('--mode', raw.mode, HEAL_MODES.join(', ') + ' (check is its own command)');
    return { options: await (0,parse_options/* loadOptions */.ZG)(raw, { source: 'flag', env }), own: flags.own };
}
/** `heal ...`: the heal on this host; returns the exit code. */
const healCommand = {
    name: 'heal',
    summary: 'Heal BuildKit: --mode auto (only what is broken), repair (everything found) or reinstall',
    get help() {
        return healHelp();
    },
    run: (args, host) => runHeal(args, host),
};
async function runHeal(args, host) {
    let parsed;
    try {
        if (args.includes('--help') || args.includes('-h')) {
            host.stdout(healHelp());
            return 0;
        }
        parsed = await healOptions(args, host.env);
    }
    catch (e) {
        host.stderr(`buildkit-healer heal: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        return 2;
    }
    const { options, own } = parsed;
    const log = (0,context/* cliLogger */.$v)(host, own.verbose === 'true', true);
    const deps = (0,context/* cliDeps */.Z5)(host, options, log);
    let report;
    try {
        report = await heal(deps, options, host.healPhases);
    }
    catch (e) {
        host.stderr(`buildkit-healer heal: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        return e instanceof errors/* InputError */.dz ? 2 : 1;
    }
    await writeFiles(report, options, host);
    host.stdout(own.json === 'true'
        ? renderJson(report)
        : renderText(report, {
            color: (0,context/* wantColor */.Mg)(host, own.color, host.stdoutIsTTY),
            verbose: own.verbose === 'true',
        }));
    if (options.dryRun) {
        const cmds = report.actions.filter((a) => a.dryRun && a.command !== undefined).map((a) => `  ${a.command ?? ''}`);
        host.stderr(cmds.length > 0 ? `dry-run: would run\n${cmds.join('\n')}\n` : 'dry-run: nothing to change\n');
    }
    const reason = (0,core_report/* failureReason */.Hr)(report);
    if (reason !== undefined)
        host.stderr(`buildkit-healer heal: ${reason}\n`);
    if (report.rollback !== undefined)
        host.stderr(`${report.rollback}\n`);
    return (0,core_report/* exitCodeFor */.Rr)(report);
}
/** The JSON report first, then the optional metrics; a file that cannot be written is a warning naming it. */
async function writeFiles(report, options, io) {
    if (options.reportPath !== undefined) {
        const p = (0,external_node_path_.resolve)(io.cwd, options.reportPath);
        try {
            await (0,files/* makeDir */.gE)((0,external_node_path_.dirname)(p));
            await (0,promises_.writeFile)(p, renderJson(report), 'utf8');
        }
        catch (e) {
            io.stderr(`warning: cannot write the JSON report ${p}: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        }
    }
    if (options.metricsPath !== undefined) {
        const p = (0,external_node_path_.resolve)(io.cwd, options.metricsPath);
        try {
            await (0,metrics/* writeMetricsFile */.bw)(p, (0,metrics/* renderMetrics */.qF)(report));
        }
        catch (e) {
            io.stderr(`warning: cannot write the metrics file ${p}: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        }
    }
}

;// CONCATENATED MODULE: ./src/cli/commands/help.ts
function overview(commands, version) {
    const width = Math.max(...commands.map((c) => c.name.length));
    return `buildkit-healer ${version}: diagnose, back up, clean, reinstall, validate and roll back Docker BuildKit

Usage: buildkit-healer COMMAND [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Global:
  -h, --help     help (also: buildkit-healer COMMAND --help)
  --version      print the version

Docker is reached as the docker CLI would (DOCKER_HOST, DOCKER_CONFIG, DOCKER_CONTEXT).
`;
}
function helpCommand(commands) {
    return {
        name: 'help',
        summary: 'Show help for a command',
        help: 'Usage: buildkit-healer help [COMMAND]\n',
        async run(args, host) {
            const [name, ...rest] = args;
            const all = commands();
            if (name === undefined) {
                host.stdout(overview(all, host.version));
                return 0;
            }
            if (name === '--help' || name === '-h') {
                host.stdout(this.help);
                return 0;
            }
            const cmd = all.find((c) => c.name === name);
            if (cmd === undefined || rest.length > 0) {
                host.stderr(`buildkit-healer help: unknown command ${JSON.stringify(args.join(' '))}: expected one of ${all.map((c) => c.name).join(', ')}\n`);
                return 2;
            }
            host.stdout(cmd.help);
            return 0;
        },
    };
}

;// CONCATENATED MODULE: ./src/cli/commands/report.ts
/**
 * `buildkit-healer report merge FILE|DIR... [--json|--markdown] [--output FILE]`: the fleet report.
 * `buildkit-healer report metrics REPORT.json [--output FILE]`: Prometheus textfile from a report
 * (used by scripts/runner-hook.sh, so the metrics never depend on how a run was started).
 */




const FLEET_SCHEMA = 'buildkit-healer/fleet';
const FLEET_VERSION = 1;
const REPORT_HELP = `Usage:
  buildkit-healer report merge FILE|DIR... [--json | --markdown] [--output FILE]
  buildkit-healer report metrics REPORT.json [--output FILE]

merge    Merges JSON reports (files, or directories searched for *.json) from many runners
         into one fleet table: status, findings by severity, builders, buildx version, and
         every error finding. Text by default; --markdown for a job summary; --json for data.
         Every file must be a buildkit-healer report; any other file is refused by name.
metrics  Renders a report as Prometheus text for a node exporter's textfile collector;
         --output writes it atomically (temp file + rename).

Options:
  --json           merged data as JSON (merge)
  --markdown       Markdown table (merge)
  --output FILE    write to FILE instead of standard output
  -h, --help       this help
`;
const MERGE_OPTIONS = '--json, --markdown, --output FILE, --help';
const METRICS_OPTIONS = '--output FILE, --help';
function parseArgs(args, allowFormat) {
    const out = { paths: [], format: 'text', help: false };
    const accepted = allowFormat ? MERGE_OPTIONS : METRICS_OPTIONS;
    for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a === '--') {
            out.paths.push(...args.slice(i + 1));
            break;
        }
        if (a === '-h' || a === '--help')
            out.help = true;
        else if (allowFormat && (a === '--json' || a === '--markdown')) {
            const f = a === '--json' ? 'json' : 'markdown';
            if (out.format !== 'text' && out.format !== f)
                throw new errors/* InputError */.dz('option', a, 'only one of --json, --markdown');
            out.format = f;
        }
        else if (a === '--output' || a === '-o' || a.startsWith('--output=')) {
            const v = a.startsWith('--output=') ? a.slice('--output='.length) : args[++i];
            if (!v)
                throw new errors/* InputError */.dz('--output', '', 'a file path');
            out.output = v;
        }
        else if (a.startsWith('-') && a !== '-')
            throw new errors/* InputError */.dz('option', a, accepted);
        else
            out.paths.push(a);
    }
    return out;
}
function renderFleetJson(fleet) {
    return JSON.stringify({ schema: FLEET_SCHEMA, version: FLEET_VERSION, ...fleet }, null, 2) + '\n';
}
async function emit(io, text, output) {
    if (output === undefined)
        io.stdout(text);
    else
        await (0,promises_.writeFile)((0,external_node_path_.resolve)(io.cwd, output), text, 'utf8');
}
/** `report merge ...`; returns the exit code (0 done, 1 unreadable report, 2 bad usage). */
async function reportMerge(args, io) {
    return guard(io, async () => {
        const p = parseArgs(args, true);
        if (p.help) {
            io.stdout(REPORT_HELP);
            return 0;
        }
        if (p.paths.length === 0)
            throw new errors/* InputError */.dz('FILE|DIR', '', 'at least one report file or directory');
        // Loaded here, not at CLI start: merge brings ajv, which no other command needs.
        const { loadReports, mergeReports, renderFleetMarkdown, renderFleetText } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(278)]).then(__webpack_require__.bind(__webpack_require__, 43278));
        const reports = await loadReports(p.paths.map((x) => (0,external_node_path_.resolve)(io.cwd, x)));
        const fleet = mergeReports(reports);
        const text = p.format === 'json'
            ? renderFleetJson(fleet)
            : p.format === 'markdown'
                ? renderFleetMarkdown(fleet, { cwd: io.cwd })
                : renderFleetText(fleet, { cwd: io.cwd });
        await emit(io, text, p.output);
        return 0;
    });
}
/** `report metrics REPORT.json [--output FILE]`. */
async function reportMetrics(args, io) {
    return guard(io, async () => {
        const p = parseArgs(args, false);
        if (p.help) {
            io.stdout(REPORT_HELP);
            return 0;
        }
        if (p.paths.length !== 1)
            throw new errors/* InputError */.dz('REPORT.json', p.paths.join(' '), 'exactly one report file');
        const { readReportFile } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(278)]).then(__webpack_require__.bind(__webpack_require__, 43278));
        const report = await readReportFile((0,external_node_path_.resolve)(io.cwd, p.paths[0]));
        const text = (0,metrics/* renderMetrics */.qF)(report);
        if (p.output === undefined)
            io.stdout(text);
        else
            await (0,metrics/* writeMetricsFile */.bw)((0,external_node_path_.resolve)(io.cwd, p.output), text);
        return 0;
    });
}
/** `report SUBCOMMAND ...`: the entry the CLI's command table calls. */
async function reportCommand(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'merge')
        return reportMerge(rest, io);
    if (sub === 'metrics')
        return reportMetrics(rest, io);
    if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') {
        io.stdout(REPORT_HELP);
        return sub === undefined ? 2 : 0;
    }
    io.stderr(`buildkit-healer report: unknown subcommand ${JSON.stringify(sub)}: expected merge or metrics\n`);
    return 2;
}
async function guard(io, body) {
    try {
        return await body();
    }
    catch (e) {
        io.stderr(`buildkit-healer report: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        // Bad usage is 2 (like every command); a missing or foreign report file is 1.
        return e instanceof errors/* InputError */.dz ? 2 : 1;
    }
}

// EXTERNAL MODULE: ./src/cli/commands/rollback-help.ts
var rollback_help = __webpack_require__(47833);
// EXTERNAL MODULE: ./src/cli/commands/backups-help.ts
var backups_help = __webpack_require__(1208);
;// CONCATENATED MODULE: ./src/cli/commands/index.ts






/**
 * A command whose code loads only when it runs (its name, summary and help are listed on every
 * start): `rollback` and `backups` bring the bundle format, the stores and ajv, which a
 * `heal --mode auto` before every build never uses.
 */
function lazy(meta, load) {
    return {
        ...meta,
        run: async (args, host) => {
            // Its help needs none of its code.
            if (args.includes('--help') || args.includes('-h')) {
                host.stdout(meta.help);
                return 0;
            }
            return (await load()).run(args, host);
        },
    };
}
const rollbackCommand = lazy(rollback_help/* ROLLBACK_META */.$, async () => (await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(697), __webpack_require__.e(656), __webpack_require__.e(165), __webpack_require__.e(533)]).then(__webpack_require__.bind(__webpack_require__, 34533))).rollbackCommand);
const backupsCommand = lazy(backups_help/* BACKUPS_META */.i, async () => (await __webpack_require__.e(/* import() */ 742).then(__webpack_require__.bind(__webpack_require__, 89742))).backupsCommand);
const reportCmd = {
    name: 'report',
    summary: 'Merge JSON reports from many runners (report merge), or render metrics (report metrics)',
    help: REPORT_HELP,
    run: (args, host) => reportCommand(args, host),
};
const COMMANDS = [
    checkCommand,
    healCommand,
    rollbackCommand,
    backupsCommand,
    reportCmd,
    helpCommand(() => COMMANDS),
];

;// CONCATENATED MODULE: ./src/cli/main.ts
/**
 * The CLI: `main(argv, host)` dispatches to the command table and returns the exit code. It never
 * exits the process (index.ts does), so tests call it directly with their own host.
 */



async function main(argv, host, commands = COMMANDS) {
    const [first, ...rest] = argv;
    if (first === undefined) {
        host.stderr(overview(commands, host.version));
        return 2;
    }
    if (first === '--version' || first === '-V' || first === 'version') {
        host.stdout(`${host.version}\n`);
        return 0;
    }
    if (first === '--help' || first === '-h') {
        host.stdout(overview(commands, host.version));
        return 0;
    }
    const cmd = commands.find((c) => c.name === first);
    if (cmd === undefined) {
        const what = first.startsWith('-') ? 'option' : 'command';
        host.stderr(`buildkit-healer: unknown ${what} ${JSON.stringify(first)}: expected a command (${commands.map((c) => c.name).join(', ')}) or --help, --version\n`);
        return 2;
    }
    try {
        return await cmd.run(rest, host);
    }
    catch (e) {
        // Bad usage exits 2 before anything ran; anything else is a failure (1) with its message.
        host.stderr(`buildkit-healer ${cmd.name}: ${(0,errors/* errorMessage */.gJ)(e)}\n`);
        if (e instanceof errors/* InputError */.dz) {
            host.stderr(`Try: buildkit-healer ${cmd.name} --help\n`);
            return 2;
        }
        return 1;
    }
}

;// CONCATENATED MODULE: ./package.json
const package_namespaceObject = {"rE":"1.0.0"};
;// CONCATENATED MODULE: ./src/core/version.ts
// The tool version for reports and `--version`, read from package.json at bundle time (ncc inlines
// the JSON), so a release needs one version bump only.

const TOOL_VERSION = package_namespaceObject.rE;

;// CONCATENATED MODULE: ./src/cli/run-cli.ts
// The CLI process: the real host around main(). Loaded by index.ts as a chunk, after the compile cache is on.


/** Runs the CLI with this process's argv and streams; resolves with the exit code. */
function runCli() {
    return main(process.argv.slice(2), {
        stdout: (t) => void process.stdout.write(t),
        stderr: (t) => void process.stderr.write(t),
        cwd: process.cwd(),
        env: process.env,
        stdoutIsTTY: process.stdout.isTTY === true,
        stderrIsTTY: process.stderr.isTTY === true,
        version: TOOL_VERSION,
    });
}


/***/ }),

/***/ 69928:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   gE: () => (/* binding */ makeDir),
/* harmony export */   o1: () => (/* binding */ asideName),
/* harmony export */   zS: () => (/* binding */ ASIDE_NAME)
/* harmony export */ });
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);


/**
 * `mkdir -p` that always returns. Node's `mkdir(path, { recursive: true })` never settles for a
 * path under /proc (seen on Node 24: it keeps retrying ENOENT there), so a `metrics-path` or
 * `report-path` under /proc hung the step. This creates one level at a time, from the top, and
 * stops at the first error: at most one mkdir per path component.
 */
async function makeDir(path, mode) {
    const abs = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.resolve)(path);
    const chain = [];
    for (let p = abs;; p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(p)) {
        chain.unshift(p);
        if ((0,node_path__WEBPACK_IMPORTED_MODULE_1__.dirname)(p) === p)
            break;
    }
    for (const dir of chain) {
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.mkdir)(dir, mode === undefined ? undefined : { mode });
        }
        catch (e) {
            const code = e.code;
            if (code !== 'EEXIST' && code !== 'EISDIR')
                throw e;
            const st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(dir);
            if (!st.isDirectory())
                throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', path: dir });
        }
    }
}
/**
 * The dated name a file is moved to instead of being deleted (`config.json.broken-2026-11-26T20-29-23-321Z`).
 * Docker and buildx never read these names; the client check skips them.
 */
function asideName(path, why, now) {
    return `${path}.${why}-${now.toISOString().replace(/[:.]/g, '-')}`;
}
/** A name made by `asideName` (a file or, for `instances/`, a directory). */
const ASIDE_NAME = /\.(unreadable|broken)-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d-\d{3}Z$/;


/***/ }),

/***/ 36369:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ci: () => (/* binding */ validatePlatform),
/* harmony export */   RM: () => (/* binding */ parseAllowBuilderSettings),
/* harmony export */   tU: () => (/* binding */ parseBoolValue),
/* harmony export */   vL: () => (/* binding */ validateBuilderName)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(74296);
/**
 * Checks of single option values, shared by the option parser and the `builders` YAML parser. Kept
 * apart from builders-yaml.ts (ajv, yaml), so the parser of every start loads neither.
 */

/** buildx's own rule (store.ValidateName): a letter first, then letters, digits and `._-`; it lowercases. */
const BUILDER_NAME = /^[a-zA-Z][a-zA-Z0-9._-]*$/;
/** `os/arch[/variant]` as buildx and containerd's platforms package read it. */
const PLATFORM = /^[a-z0-9_]+\/[a-z0-9_]+(\/[a-z0-9_.]+)?$/;
/** Checks one platform string; returns it lowercased or throws an InputError naming `input`. */
function validatePlatform(value, input) {
    const p = value.trim().toLowerCase();
    if (!PLATFORM.test(p))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'platforms as os/arch[/variant], e.g. linux/amd64, linux/arm64, linux/arm/v7');
    return p;
}
/** Checks a builder name the way buildx does (and lowercases it like buildx). */
function validateBuilderName(value, input) {
    if (!BUILDER_NAME.test(value)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'a builder name that starts with a letter and holds only letters, digits and . _ -');
    }
    return value.toLowerCase();
}
/** Explicit boolean parsing: step inputs and state are strings, and `'false'` must be false. */
function parseBoolValue(value, input) {
    const v = value.trim().toLowerCase();
    if (['true', 'yes', 'y', 'on', '1'].includes(v))
        return true;
    if (['false', 'no', 'n', 'off', '0'].includes(v))
        return false;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, value, 'true or false (also yes/no, on/off, 1/0)');
}
/** One allow-list entry: `key=value` (exactly that), `key` (any value), `env.*` (any env option), or a BuildKit flag. */
const ENTRY_RE = /^(?:--[a-z][a-z0-9-]*(?:=[^\s]+)?|env\.\*|[A-Za-z0-9_.-]+(?:=[^\s]*)?)$/;
function parseAllowBuilderSettings(items, input = 'allow-builder-settings') {
    const out = [];
    for (const item of items ?? []) {
        if (!ENTRY_RE.test(item))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, item, 'driver options as key=value or key (e.g. image=moby/buildkit:v0.13.2, network=host, env.*), or BuildKit flags (e.g. --debug, --allow-insecure-entitlement=security.insecure), comma or newline separated');
        out.push(item);
    }
    return out;
}


/***/ }),

/***/ 41923:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Fx: () => (/* binding */ OPTION_SPECS),
/* harmony export */   ZG: () => (/* binding */ loadOptions),
/* harmony export */   kc: () => (/* binding */ expandHome),
/* harmony export */   q6: () => (/* binding */ parseBool)
/* harmony export */ });
/* unused harmony exports STORES, parseOptions */
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(62088);
/* harmony import */ var semver__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(semver__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _options_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(83457);
/* harmony import */ var _option_values_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(36369);
/* harmony import */ var _size_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(53910);
/* harmony import */ var _deadline_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(56343);
/* harmony import */ var _duration_js__WEBPACK_IMPORTED_MODULE_8__ = __webpack_require__(98571);










const OPTION_SPECS = [
    {
        name: 'mode',
        default: 'check',
        description: 'What to do: check (diagnose and report), auto (repair only what is broken), repair (fix everything diagnose finds), reinstall (clean reinstallation of buildx and the builders).',
    },
    {
        name: 'fail-on',
        default: 'error',
        description: 'Fail when a finding at or above this severity remains: error, warning or never.',
    },
    {
        name: 'dry-run',
        default: 'false',
        boolean: true,
        description: 'Print the exact commands a heal would run and change nothing.',
    },
    {
        name: 'backup',
        default: 'true',
        boolean: true,
        description: 'Back up builders, state and configuration before anything is removed (false turns the safety net off).',
    },
    {
        name: 'backup-store',
        default: 'auto',
        description: 'Where backups go: auto (github in Actions, local elsewhere), local or github.',
    },
    {
        name: 'backup-dir',
        default: '',
        description: 'Directory of the local backup store (default ~/.buildkit-healer/backups).',
    },
    { name: 'backup-keep', default: '10', description: 'Local store: how many newest backups to keep (1 or more).' },
    {
        name: 'cache-paths',
        default: '',
        description: 'Local cache directories to back up as cache data (newline or comma separated).',
    },
    {
        name: 'backup-builder-state',
        default: 'false',
        boolean: true,
        description: "Also stream docker-container builders' state (their build cache, /var/lib/buildkit) out of stopped builders into the backup; a reinstall does it for the builders it removes whatever this says. Bounded by max-backup-size (a state that does not fit is left out and reported); a rollback with restore-cache puts it back.",
    },
    { name: 'retention-days', default: '7', description: 'Retention of the backup artifact in days (1-90).' },
    { name: 'compression-level', default: '6', description: 'Zip compression level of the backup artifact (0-9).' },
    {
        name: 'max-backup-size',
        default: '2GB',
        description: 'Refuse a backup bundle larger than this (size, e.g. 2GB, 512MiB).',
    },
    {
        name: 'keep-storage',
        default: '',
        description: 'When pruning build cache, keep this much (size, e.g. 10GB); empty: no size filter.',
    },
    {
        name: 'prune-until',
        default: '',
        description: 'When pruning build cache, remove only entries older than this (duration: 720h, 30d, 90m); empty: no age filter.',
    },
    {
        name: 'prune-cache',
        default: '',
        description: "On reinstall, the builders whose whole build cache is pruned (newline or comma separated, e.g. default); empty: none. The docker driver's cache (the default builder, context builders) is the daemon's, shared by every client, and cannot be backed up: the plan and the report name it NOT backed up before it is removed. A docker-container builder's cache goes with the builder a reinstall removes, and its state is backed up first.",
    },
    {
        name: 'buildx-version',
        default: '',
        description: 'buildx version to install on reinstall (semver, e.g. 0.13.1 or v0.13.1).',
    },
    {
        name: 'buildx-url',
        default: '',
        description: 'Download URL template of the buildx binary: {version} (no leading v), {os}, {arch}.',
    },
    { name: 'buildx-file', default: '', description: 'A local buildx binary to install instead of downloading one.' },
    { name: 'buildx-sha256', default: '', description: 'Expected SHA-256 of the buildx binary (64 hex digits).' },
    {
        name: 'buildx-checksums-url',
        default: '',
        description: "URL template of the release's checksums file, to check the binary against.",
    },
    {
        name: 'builders',
        default: '',
        description: 'Builders to (re)create, as a YAML list: name, driver (docker|docker-container|remote|kubernetes), driver-opts, platforms, buildkitd-config, buildkitd-config-inline, endpoint, buildkitd-flags, use. Empty: those the backup held.',
    },
    {
        name: 'gc-keep-storage',
        default: '',
        description: 'On reinstall, the build cache size garbage collection keeps (size, e.g. 10GB): builder.gc in daemon.json for the docker driver, the GC policy in buildkitd.toml for container builders. Empty: GC settings left as they are.',
    },
    {
        name: 'gc-keep-duration',
        default: '',
        description: 'On reinstall, how long garbage collection keeps unused build cache (duration, e.g. 720h or 30d). Empty: left as it is.',
    },
    {
        name: 'daemon-restart-command',
        default: '',
        description: 'Command that restarts the Docker daemon (e.g. sudo systemctl restart docker); the daemon is never restarted without it.',
    },
    {
        name: 'binfmt-command',
        default: '',
        description: 'Command that installs QEMU binfmt handlers for missing platforms.',
    },
    {
        name: 'platforms',
        default: '',
        description: 'Platforms that must build, as os/arch[/variant] (newline or comma separated), e.g. linux/amd64,linux/arm64.',
    },
    {
        name: 'base-image',
        default: 'busybox:1.36',
        description: "Base image of the test build's RUN step, which prints the platform, uname -m and a fresh token on every requested platform (validate.platform, check --platforms): one multi-arch image, or ARCH=IMAGE pairs (newline or comma separated, e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1), or none (FROM scratch + COPY: the arch is not proven). It needs a shell, echo and uname; it is pulled when missing (offline runners name an image they have, or none). Any other base-image also serves the cache checks; the default does not (they stay FROM scratch).",
    },
    {
        name: 'validate',
        default: 'true',
        boolean: true,
        description: 'After a heal, prove the builders work with real test builds.',
    },
    {
        name: 'max-slowdown',
        default: '50',
        description: 'Allowed build slowdown against the baseline, in percent (0-1000).',
    },
    {
        name: 'benchmark-context',
        default: '',
        description: "The team's own build context directory, timed as the baseline in diagnose and again in validate instead of the tiny test build: the median of benchmark-runs runs with --no-cache (output discarded), and max-slowdown applies with no allowance. check records each median in the local store (backup-dir) and reports the trend and any slowdown against a week ago (benchmark.slower). Empty: the tiny test build.",
    },
    {
        name: 'benchmark-dockerfile',
        default: '',
        description: 'Dockerfile of the benchmark build (default: Dockerfile in benchmark-context).',
    },
    {
        name: 'benchmark-target',
        default: '',
        description: 'Build stage (--target) of the benchmark build; empty: the last stage.',
    },
    {
        name: 'benchmark-build-args',
        default: '',
        description: 'Build arguments of the benchmark build, one KEY=VALUE per line (a value may hold commas and = signs, as in docker/build-push-action build-args); on a single line, pairs may also be comma separated (a comma starts a new pair only before KEY=).',
    },
    {
        name: 'benchmark-runs',
        default: '3',
        description: 'Runs of the benchmark build per measurement (1-15), after one warm-up run that is not measured; the median counts.',
    },
    {
        name: 'cache-registry',
        default: '',
        description: 'Registry (host:port) for the cache export/import round trip; empty: skipped.',
    },
    {
        name: 'rollback-on-failure',
        default: 'false',
        boolean: true,
        description: 'Roll back in the same run when validation fails after a heal.',
    },
    {
        name: 'allow-builder-settings',
        default: '',
        description: "Builder settings beyond buildx's defaults a rollback may recreate a builder of the backup with (newline or comma separated): driver options as key=value or key (image, network, cgroup-parent, env.* ...) and BuildKit flags or entitlements (e.g. --allow-insecure-entitlement=security.insecure). A bundle is data: other builders asking for them are not created, and the report lists what they asked for. The rollback of a heal in the same run trusts its own backup.",
    },
    {
        name: 'lock-timeout',
        default: '600',
        description: 'Seconds to wait for another healer working on the same daemon (0-86400).',
    },
    {
        name: 'deadline',
        default: '30m',
        description: 'Overall deadline of the run (duration from 10s to 24h, e.g. 30m, 1h, 90s): every docker call is capped at the time left and the lock wait and each phase are raced against it. When it passes, a heal stops where it is, keeps its backup, does not roll back, and the report says where it stopped (stopped).',
    },
    {
        name: 'timeout',
        default: '20',
        description: 'Timeout in seconds of quick docker calls (version, info, ls, inspect; 1-3600); slow calls and test builds get at least as long.',
    },
    { name: 'min-buildx-version', default: '0.10.0', description: 'Older buildx is a finding (semver).' },
    {
        name: 'cache-limit',
        default: '10GB',
        description: "Keep at most this much build cache (size): above it is a finding (cache.over-limit), and auto prunes the daemon's build cache (the default builder's) down to it, least recently used first, never records in use.",
    },
    {
        name: 'cache-max-age',
        default: '30d',
        description: 'Build cache records unused for longer than this go when auto enforces the cache policy (duration: 30d, 720h).',
    },
    {
        name: 'cache-policy',
        default: 'true',
        boolean: true,
        description: "auto enforces cache-limit and cache-max-age on the daemon's build cache before builds (usage from the Engine API's /system/df, or buildx du at most once per cache-check-interval), reported as a cache.policy action with the bytes freed. false: the limits are only reported.",
    },
    {
        name: 'cache-check-interval',
        default: '1h',
        description: 'Without a local daemon socket (no Engine API), how often auto may run buildx du to read the cache usage (duration).',
    },
    {
        name: 'min-free-disk',
        default: '2GB',
        description: 'Free disk below this on the Docker data root is a finding (size).',
    },
    {
        name: 'daemon-json',
        default: '',
        description: 'daemon.json paths to check (newline or comma separated; default /etc/docker/daemon.json and ~/.config/docker/daemon.json).',
    },
    {
        name: 'buildkitd-config',
        default: '',
        description: 'Extra buildkitd.toml files to validate (newline or comma separated).',
    },
    {
        name: 'bootstrap',
        default: 'false',
        boolean: true,
        description: 'Full diagnose: try docker buildx inspect --bootstrap on inactive builders, so one that cannot start is a finding (builder.cannot-bootstrap). This may pull the BuildKit image and start builder containers; check changes nothing else. Not used by the quick diagnose of auto mode.',
    },
    {
        name: 'shared-daemon',
        default: 'true',
        boolean: true,
        description: "true: other clients (runners, users with another HOME) may use this Docker daemon, so a running buildx_buildkit_* container that no builder of this client knows is taken for theirs: reported (orphan.running), never removed, nor its volume. false: this client is the daemon's only user; such a container is removed like a stopped leftover when it is idle (only buildkitd runs in it). A container with a build in progress is never removed.",
    },
    {
        name: 'orphan-min-age',
        default: '24h',
        description: "A stopped buildx_buildkit_* container (and its state volume) that no builder of this client knows is removed only when it stopped at least this long ago (the daemon's State.FinishedAt; for a lone volume its CreatedAt): a younger one may be another client's builder, stopped with docker buildx stop, and is reported (orphan.recent) and left alone. Duration, e.g. 24h, 7d, 90m.",
    },
    {
        name: 'report-path',
        default: '',
        description: 'Where to write the JSON report (action default: $RUNNER_TEMP/buildkit-healer-report.json).',
    },
    {
        name: 'metrics-path',
        default: '',
        description: 'Where to write Prometheus text-format metrics (for a node exporter textfile collector); empty: none.',
    },
];
const OPTION_NAMES = OPTION_SPECS.map((s) => s.name);
const MODES = ['check', 'auto', 'repair', 'reinstall'];
const FAIL_ON = ['error', 'warning', 'never'];
const STORES = ['auto', 'local', 'github'];
/** parseOptions for the hosts: the `builders` parser (ajv, yaml) is loaded only when that input is given. */
async function loadOptions(raw, ctx) {
    const given = raw['builders'] !== undefined && raw['builders'].trim() !== '';
    if (!given || ctx.parseBuilders !== undefined)
        return parseOptions(raw, ctx);
    const { parseBuildersYaml } = await Promise.all(/* import() */[__webpack_require__.e(463), __webpack_require__.e(815), __webpack_require__.e(459)]).then(__webpack_require__.bind(__webpack_require__, 73459));
    return parseOptions(raw, { ...ctx, parseBuilders: parseBuildersYaml });
}
/**
 * The one parser for action inputs and CLI flags. Every bad value is an InputError naming the
 * input, the value and what is accepted, thrown before anything runs. Empty means default.
 */
function parseOptions(raw, ctx) {
    const label = (name) => (ctx.source === 'flag' ? `--${name}` : name);
    checkKnownNames(raw, ctx, label);
    const get = (name) => {
        const v = raw[name];
        return v === undefined || v.trim() === '' ? undefined : v.trim();
    };
    const p = new Fields(get, label);
    const o = (0,_options_js__WEBPACK_IMPORTED_MODULE_4__/* .defaultOptions */ .KQ)(ctx.env);
    // The groups read in the table's order: the first bad input reported is the first in it.
    o.mode = p.oneOf('mode', MODES) ?? o.mode;
    o.failOn = p.oneOf('fail-on', FAIL_ON) ?? o.failOn;
    o.dryRun = p.bool('dry-run') ?? o.dryRun;
    readBackup(p, o, ctx.env);
    readClean(p, o);
    readBuildx(p, o, ctx.env);
    readReinstall(p, o, raw, ctx);
    readValidate(p, o);
    readBenchmark(p, o, ctx.env);
    readCacheRegistry(p, o);
    o.rollbackOnFailure = p.bool('rollback-on-failure') ?? o.rollbackOnFailure;
    readLimits(p, o);
    readDiagnose(p, o, ctx.env);
    const report = p.path('report-path', ctx.env);
    if (report !== undefined)
        o.reportPath = report;
    const metrics = p.path('metrics-path', ctx.env);
    if (metrics !== undefined)
        o.metricsPath = metrics;
    return o;
}
/** A name that is no option is refused first, naming every known one. */
function checkKnownNames(raw, ctx, label) {
    for (const [k, v] of Object.entries(raw)) {
        if (!OPTION_NAMES.includes(k)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(label(k), v ?? '', `one of the known ${ctx.source === 'flag' ? 'options' : 'inputs'}: ${OPTION_NAMES.map(label).join(', ')}`);
        }
    }
}
function readBackup(p, o, env) {
    o.backup.enabled = p.bool('backup') ?? o.backup.enabled;
    o.backup.store = p.oneOf('backup-store', STORES) ?? o.backup.store;
    o.backup.dir = p.path('backup-dir', env) ?? o.backup.dir;
    o.backup.keep = p.int('backup-keep', 1, 10_000) ?? o.backup.keep;
    o.backup.cachePaths = p.list('cache-paths')?.map((x) => expandHome(x, env)) ?? o.backup.cachePaths;
    o.backup.builderState = p.bool('backup-builder-state') ?? o.backup.builderState;
    o.allowBuilderSettings = (0,_option_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseAllowBuilderSettings */ .RM)(p.list('allow-builder-settings'), p.label('allow-builder-settings'));
    o.backup.retentionDays = p.int('retention-days', 1, 90) ?? o.backup.retentionDays;
    o.backup.compressionLevel = p.int('compression-level', 0, 9) ?? o.backup.compressionLevel;
    o.backup.maxBytes = p.size('max-backup-size', 1) ?? o.backup.maxBytes;
}
function readClean(p, o) {
    const keep = p.size('keep-storage', 0);
    if (keep !== undefined)
        o.clean.keepStorageBytes = keep;
    const until = p.duration('prune-until');
    if (until !== undefined)
        o.clean.pruneUntil = until;
    const pruneList = p.list('prune-cache');
    if (pruneList !== undefined) {
        for (const n of pruneList) {
            if (!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(n))
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('prune-cache'), n, 'builder names (letters, digits, _ . -), newline or comma separated, e.g. default');
        }
        o.clean.pruneBuilders = pruneList;
    }
}
/** Which buildx a reinstall installs: a version, a URL or a file, its checksum. */
function readBuildx(p, o, env) {
    const bv = p.semver('buildx-version');
    if (bv !== undefined)
        o.reinstall.buildxVersion = bv;
    const url = p.url('buildx-url');
    if (url !== undefined)
        o.reinstall.buildxUrl = url;
    const file = p.path('buildx-file', env);
    if (file !== undefined)
        o.reinstall.buildxFile = file;
    if (url !== undefined && file !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('buildx-file'), file, `either ${p.label('buildx-file')} or ${p.label('buildx-url')}, not both`);
    }
    const sha = p.get('buildx-sha256');
    if (sha !== undefined) {
        if (!/^[0-9a-fA-F]{64}$/.test(sha))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('buildx-sha256'), sha, 'a SHA-256 as 64 hex digits');
        o.reinstall.buildxSha256 = sha.toLowerCase();
    }
    const sums = p.url('buildx-checksums-url');
    if (sums !== undefined)
        o.reinstall.buildxChecksumsUrl = sums;
}
/** The builders, GC settings, commands and platforms of a reinstall. */
function readReinstall(p, o, raw, ctx) {
    const builders = p.get('builders');
    if (builders !== undefined) {
        // A bug, not bad input: the host did not load the parser (loadOptions does).
        if (ctx.parseBuilders === undefined)
            throw new Error('parseOptions: builders given but no parseBuilders (use loadOptions)');
        o.reinstall.builders = ctx.parseBuilders(raw['builders'] ?? '');
    }
    const gcSize = p.get('gc-keep-storage');
    if (gcSize !== undefined) {
        p.size('gc-keep-storage', 1);
        // Kept as written: it goes into daemon.json / buildkitd.toml, which read the same units.
        o.reinstall.gcKeepStorage = gcSize;
    }
    const gcAge = p.duration('gc-keep-duration');
    if (gcAge !== undefined)
        o.reinstall.gcKeepDuration = gcAge;
    const restart = p.get('daemon-restart-command');
    if (restart !== undefined)
        o.reinstall.daemonRestartCommand = restart;
    const binfmt = p.get('binfmt-command');
    if (binfmt !== undefined)
        o.reinstall.binfmtCommand = binfmt;
    const platforms = p.list('platforms')?.map((x) => (0,_option_values_js__WEBPACK_IMPORTED_MODULE_5__/* .validatePlatform */ .Ci)(x, p.label('platforms')));
    if (platforms !== undefined) {
        o.reinstall.platforms = platforms;
        o.validate.platforms = [...platforms];
    }
}
function readValidate(p, o) {
    const base = p.get('base-image');
    // The declared default (which the runner passes when the input is not set) stays the default.
    if (base !== undefined && base !== _options_js__WEBPACK_IMPORTED_MODULE_4__/* .DEFAULT_BASE_IMAGE */ .sb) {
        o.validate.baseImage = parseBaseImage(base, p.label('base-image'));
        o.validate.baseImageExplicit = true;
    }
    o.validate.enabled = p.bool('validate') ?? o.validate.enabled;
    o.validate.maxSlowdownPercent = p.percent('max-slowdown', 0, 1000) ?? o.validate.maxSlowdownPercent;
}
/** The benchmark build: every part read first, then checked against the context directory. */
function readBenchmark(p, o, env) {
    const bench = p.path('benchmark-context', env);
    const benchRuns = p.int('benchmark-runs', 1, 15) ?? 3;
    const benchFile = p.path('benchmark-dockerfile', env);
    const benchTarget = p.get('benchmark-target');
    const benchArgs = buildArgList(p.get('benchmark-build-args'));
    if (bench === undefined && (benchFile !== undefined || benchTarget !== undefined || benchArgs !== undefined))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('benchmark-context'), '', `a build context directory: ${p.label('benchmark-dockerfile')}, ${p.label('benchmark-target')} and ${p.label('benchmark-build-args')} describe the build in it`);
    if (bench === undefined)
        return;
    const dockerfile = benchFile ?? (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(bench, 'Dockerfile');
    if (!isDir(bench))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('benchmark-context'), bench, 'an existing build context directory');
    if (!isFile(dockerfile))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label(benchFile !== undefined ? 'benchmark-dockerfile' : 'benchmark-context'), dockerfile, 'an existing Dockerfile (default: Dockerfile in benchmark-context)');
    if (benchTarget !== undefined && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(benchTarget))
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('benchmark-target'), benchTarget, 'a build stage name (letters, digits, _ . -)');
    o.diagnose.benchmark = {
        context: bench,
        dockerfile,
        buildArgs: buildArgMap(benchArgs ?? [], p.label('benchmark-build-args')),
        runs: benchRuns,
        ...(benchTarget !== undefined ? { target: benchTarget } : {}),
    };
}
/** KEY=VALUE build arguments as a map; a pair that is not one names the input. */
function buildArgMap(args, name) {
    const buildArgs = {};
    for (const a of args) {
        const m = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(a);
        if (m === null)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, a, 'KEY=VALUE build arguments (KEY: letters, digits, _), one per line (a value may hold commas), or comma separated on one line');
        buildArgs[m[1] ?? ''] = m[2] ?? '';
    }
    return buildArgs;
}
function readCacheRegistry(p, o) {
    const reg = p.get('cache-registry');
    if (reg === undefined)
        return;
    if (!/^[a-zA-Z0-9.-]+(:\d{1,5})?$|^\[[0-9a-fA-F:]+\](:\d{1,5})?$/.test(reg)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(p.label('cache-registry'), reg, 'a registry as host or host:port (e.g. 127.0.0.1:5000), without a scheme or path');
    }
    o.validate.cacheRegistry = reg;
}
/** The lock wait, the overall deadline and the per-command timeout. */
function readLimits(p, o) {
    const lock = p.int('lock-timeout', 0, 86_400);
    if (lock !== undefined)
        o.lockTimeoutMs = lock * 1000;
    const deadline = p.seconds('deadline', _deadline_js__WEBPACK_IMPORTED_MODULE_7__/* .MIN_DEADLINE_S */ .UY, _deadline_js__WEBPACK_IMPORTED_MODULE_7__/* .MAX_DEADLINE_S */ .wf);
    if (deadline !== undefined)
        o.deadlineMs = deadline * 1000;
    const timeout = p.int('timeout', 1, 3600);
    if (timeout !== undefined) {
        const ms = timeout * 1000;
        o.timeouts = { probe: ms, slow: Math.max(o.timeouts.slow, ms), build: Math.max(o.timeouts.build, ms) };
    }
}
/** What diagnose judges against: versions, cache and disk limits, the files it reads, orphans. */
function readDiagnose(p, o, env) {
    const minBx = p.semver('min-buildx-version');
    if (minBx !== undefined)
        o.diagnose.minBuildxVersion = minBx;
    o.diagnose.cacheLimitBytes = p.size('cache-limit', 0) ?? o.diagnose.cacheLimitBytes;
    o.cachePolicy.limitBytes = o.diagnose.cacheLimitBytes;
    o.cachePolicy.enabled = p.bool('cache-policy') ?? o.cachePolicy.enabled;
    const maxAge = p.duration('cache-max-age');
    if (maxAge !== undefined)
        o.cachePolicy.maxAgeSeconds = (0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .parseDurationSeconds */ .lW)(maxAge);
    const interval = p.duration('cache-check-interval');
    if (interval !== undefined)
        o.cachePolicy.checkIntervalSeconds = (0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .parseDurationSeconds */ .lW)(interval);
    o.diagnose.minFreeBytes = p.size('min-free-disk', 0) ?? o.diagnose.minFreeBytes;
    o.diagnose.daemonJsonPaths = p.list('daemon-json')?.map((x) => expandHome(x, env)) ?? o.diagnose.daemonJsonPaths;
    o.diagnose.buildkitdTomlPaths =
        p.list('buildkitd-config')?.map((x) => expandHome(x, env)) ?? o.diagnose.buildkitdTomlPaths;
    o.diagnose.bootstrap = p.bool('bootstrap') ?? o.diagnose.bootstrap;
    o.diagnose.sharedDaemon = p.bool('shared-daemon') ?? o.diagnose.sharedDaemon;
    if (p.duration('orphan-min-age', true) !== undefined)
        o.diagnose.orphanMinAgeMs = Math.round((0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .parseDurationSeconds */ .lW)(p.get('orphan-min-age') ?? '') * 1000);
}
const IMAGE_REF = /^[a-z0-9][a-z0-9._\-/:@]*$/i;
/** `none`, one image for every arch (`*`), or `ARCH=IMAGE` pairs. */
function parseBaseImage(text, name) {
    const items = text
        .split(/[\n,]/)
        .map((x) => x.trim())
        .filter((x) => x !== '');
    const accepted = 'none, one image (e.g. busybox:1.36), or ARCH=IMAGE pairs (e.g. amd64=local/busybox-amd64:1,arm64=local/busybox-arm64:1)';
    if (items.length === 1 && items[0]?.toLowerCase() === 'none')
        return {};
    if (items.length === 1 && !items[0]?.includes('=')) {
        if (!IMAGE_REF.test(items[0] ?? ''))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, text, accepted);
        return { '*': items[0] ?? '' };
    }
    const out = {};
    for (const it of items) {
        const m = /^([a-z0-9]+)=(.+)$/.exec(it);
        if (m === null || !IMAGE_REF.test(m[2] ?? ''))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(name, it, accepted);
        out[m[1] ?? ''] = m[2] ?? '';
    }
    return out;
}
/** Re-exported so hosts parse their own booleans (step state, rollback inputs) the same way. */
const parseBool = _option_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseBoolValue */ .tU;
/** `~/x` \u2192 `$HOME/x`: inputs are not shell-expanded by the runner. */
function expandHome(p, env) {
    if ((p === '~' || p.startsWith('~/')) && env.HOME)
        return env.HOME + p.slice(1);
    return p;
}
/** Hours as buildx's `until` filter reads them (a Go duration): `720h`, `1.5h`. */
function formatHours(seconds) {
    const h = Math.round((seconds / 3600) * 1000) / 1000;
    return `${h}h`;
}
/** Reads one option by its name: the trimmed value (undefined when empty) and its kinds, each checked. */
class Fields {
    get;
    label;
    constructor(get, label) {
        this.get = get;
        this.label = label;
    }
    fail(name, value, accepted) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_3__/* .InputError */ .dz(this.label(name), value, accepted);
    }
    oneOf(name, values) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const lower = v.toLowerCase();
        if (!values.includes(lower))
            this.fail(name, v, `one of ${values.join(', ')}`);
        return lower;
    }
    bool(name) {
        const v = this.get(name);
        return v === undefined ? undefined : (0,_option_values_js__WEBPACK_IMPORTED_MODULE_5__/* .parseBoolValue */ .tU)(v, this.label(name));
    }
    int(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const n = /^\d+$/.test(v) ? Number(v) : NaN;
        if (!Number.isSafeInteger(n) || n < min || n > max)
            this.fail(name, v, `a whole number from ${min} to ${max}`);
        return n;
    }
    percent(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const m = /^(\d+(?:\.\d+)?)\s*%?$/.exec(v);
        const n = m ? Number(m[1]) : NaN;
        if (!Number.isFinite(n) || n < min || n > max)
            this.fail(name, v, `a percentage from ${min} to ${max} (e.g. 50 or 50%)`);
        return n;
    }
    size(name, min) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        let n;
        try {
            n = (0,_size_js__WEBPACK_IMPORTED_MODULE_6__/* .parseSize */ .D)(v);
        }
        catch {
            this.fail(name, v, 'a size: a number with an optional unit (B, kB, MB, GB, TB, KiB, MiB, GiB, TiB), e.g. 10GB');
        }
        if (n < min)
            this.fail(name, v, `a size of at least ${min} bytes`);
        return n;
    }
    /** `zero`: 0 (`0s`, `0h`) is accepted too (orphan-min-age 0: any stopped leftover is old enough). */
    duration(name, zero = false) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        let secs;
        try {
            secs = (0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .parseDurationSeconds */ .lW)(v);
        }
        catch {
            this.fail(name, v, 'a duration such as 720h, 30d, 1h30m or 90m (units ns, us, ms, s, m, h, d, w)');
        }
        if (zero ? secs < 0 : secs <= 0)
            this.fail(name, v, zero ? 'a duration of zero or more' : 'a duration greater than zero');
        return formatHours(secs);
    }
    /** A duration (`30m`, `1h`, `90s`, `1h30m`) in seconds, from min to max. */
    seconds(name, min, max) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const secs = (0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .boundedSeconds */ .t$)(v, min, max);
        if (secs === undefined)
            this.fail(name, v, (0,_duration_js__WEBPACK_IMPORTED_MODULE_8__/* .boundedSecondsAccepted */ .gi)(min, max));
        return secs;
    }
    semver(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        const c = semver__WEBPACK_IMPORTED_MODULE_0___default().clean(v, { loose: false });
        if (c === null)
            this.fail(name, v, 'a version as MAJOR.MINOR.PATCH, e.g. 0.13.1 or v0.13.1');
        return c;
    }
    url(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        // Templates hold {version}/{os}/{arch}; check the URL with sample values put in.
        const sample = v
            .replace(/\{version\}/g, '0.13.1')
            .replace(/\{os\}/g, 'linux')
            .replace(/\{arch\}/g, 'amd64');
        let u;
        try {
            u = new URL(sample);
        }
        catch {
            u = undefined;
        }
        if (u === undefined || !['http:', 'https:', 'file:'].includes(u.protocol) || /[{}]/.test(sample)) {
            this.fail(name, v, 'an http(s):// or file:// URL; placeholders {version}, {os}, {arch} allowed');
        }
        return v;
    }
    path(name, env) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        if (v.includes('\n') || v.includes('\0'))
            this.fail(name, v, 'one file path');
        return expandHome(v, env);
    }
    list(name) {
        const v = this.get(name);
        if (v === undefined)
            return undefined;
        return v
            .split(/[\n,]/)
            .map((s) => s.trim())
            .filter((s) => s !== '');
    }
}
/**
 * Build arguments as docker/build-push-action's build-args take them: one KEY=VALUE per line, the
 * value whole (commas and = signs included). A single line may hold several comma-separated pairs
 * (the older form): a comma splits only where a KEY= follows, so `A=x,y` stays one argument.
 */
function buildArgList(v) {
    if (v === undefined)
        return undefined;
    const lines = v
        .split('\n')
        .map((s) => s.trim())
        .filter((s) => s !== '');
    if (lines.length !== 1)
        return lines;
    return (lines[0] ?? '')
        .split(/,(?=\s*[A-Za-z_][A-Za-z0-9_]*=)/)
        .map((s) => s.trim())
        .filter((s) => s !== '');
}
function isDir(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(p).isDirectory();
    }
    catch {
        return false;
    }
}
function isFile(p) {
    try {
        return (0,node_fs__WEBPACK_IMPORTED_MODULE_1__.statSync)(p).isFile();
    }
    catch {
        return false;
    }
}


/***/ }),

/***/ 30544:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  DC: () => (/* binding */ REPORT_SCHEMA),
  Aj: () => (/* binding */ REPORT_VERSION),
  Ot: () => (/* binding */ countBySeverity),
  Rr: () => (/* binding */ exitCodeFor),
  v9: () => (/* binding */ failingFindings),
  Hr: () => (/* binding */ failureReason),
  SR: () => (/* binding */ statusFor)
});

;// CONCATENATED MODULE: ./src/core/types.ts
/**
 * Shared data types. Results are data: a finding is an expected outcome, never an exception.
 */
const SEVERITY_RANK = { info: 0, warning: 1, error: 2 };

;// CONCATENATED MODULE: ./src/core/report.ts

/** Version of the JSON report schema; bump on any incompatible change (documented in the README). */
const REPORT_SCHEMA = 'buildkit-healer/report';
const REPORT_VERSION = 1;
function countBySeverity(findings) {
    const out = { info: 0, warning: 0, error: 0 };
    for (const f of findings)
        out[f.severity] += 1;
    return out;
}
/** Findings at or above the fail-on level; `never` counts none. */
function failingFindings(findings, failOn) {
    if (failOn === 'never')
        return [];
    const min = SEVERITY_RANK[failOn];
    return findings.filter((f) => SEVERITY_RANK[f.severity] >= min);
}
/** healthy when nothing reaches the fail-on level, unhealthy otherwise (check mode's two outcomes). */
function statusFor(findings, failOn) {
    return failingFindings(findings, failOn).length === 0 ? 'healthy' : 'unhealthy';
}
/** 0 for healthy/repaired, 1 for unhealthy/failed: the action fails the step, the CLI exits 1. */
function exitCodeFor(report) {
    return report.status === 'healthy' || report.status === 'repaired' ? 0 : 1;
}
/** One line saying why a run failed, for setFailed and the CLI's last line. */
function failureReason(report) {
    if (exitCodeFor(report) === 0)
        return undefined;
    if (report.error !== undefined)
        return report.error;
    const left = report.findingsAfter ?? report.findings;
    const failing = failingFindings(left, report.failOn);
    const ids = [...new Set(failing.map((f) => f.id))];
    const what = report.status === 'failed' ? 'heal failed' : 'unhealthy';
    if (ids.length === 0)
        return `${what}`;
    return `${what}: ${failing.length} finding(s) at or above ${report.failOn}: ${ids.join(', ')}`;
}


/***/ }),

/***/ 53910:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   D: () => (/* binding */ parseSize),
/* harmony export */   X: () => (/* binding */ formatSize)
/* harmony export */ });
/** Sizes as docker and buildx print them, and as users give them (`10GB`, `512MiB`). */
// Docker prints sizes with go-units: kB/MB/GB are decimal, KiB/MiB/GiB binary. A bare `k`/`m`/`g`
// is read as decimal, like go-units' FromHumanSize.
const UNITS = {
    '': 1,
    b: 1,
    k: 1e3,
    kb: 1e3,
    m: 1e6,
    mb: 1e6,
    g: 1e9,
    gb: 1e9,
    t: 1e12,
    tb: 1e12,
    p: 1e15,
    pb: 1e15,
    ki: 1024,
    kib: 1024,
    mi: 1024 ** 2,
    mib: 1024 ** 2,
    gi: 1024 ** 3,
    gib: 1024 ** 3,
    ti: 1024 ** 4,
    tib: 1024 ** 4,
    pi: 1024 ** 5,
    pib: 1024 ** 5,
};
const SIZE_RE = /^(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)$/i;
/** Bytes from `10GB`, `512MiB`, `4.096kB`, `1.2 GB`, `0`, `1234`. Throws a clear Error for anything else. */
function parseSize(s) {
    const text = String(s).trim();
    const m = SIZE_RE.exec(text);
    const factor = m ? UNITS[(m[2] ?? '').toLowerCase()] : undefined;
    if (!m || factor === undefined) {
        throw new Error(`not a size: ${JSON.stringify(text)} (expected a number with an optional unit: B, kB, MB, GB, TB, KiB, MiB, GiB, TiB)`);
    }
    const bytes = Math.round(Number(m[1]) * factor);
    if (!Number.isSafeInteger(bytes))
        throw new Error(`size too large: ${JSON.stringify(text)}`);
    return bytes;
}
const STEPS = [
    [1024 ** 4, 'TiB'],
    [1024 ** 3, 'GiB'],
    [1024 ** 2, 'MiB'],
    [1024, 'KiB'],
];
/**
 * Human readable, binary units, 3 significant decimals at most: `1.5GiB`, `512MiB`, `0B`.
 * Binary so a user's `512MiB` limit prints back the way it was written.
 */
function formatSize(bytes) {
    if (!Number.isFinite(bytes) || bytes < 0)
        return `${bytes}B`;
    for (const [factor, unit] of STEPS) {
        if (bytes >= factor)
            return `${trim((bytes / factor).toFixed(3))}${unit}`;
    }
    return `${Math.round(bytes)}B`;
}
function trim(n) {
    return n.includes('.') ? n.replace(/\.?0+$/, '') : n;
}


/***/ }),

/***/ 83234:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   CD: () => (/* binding */ attempt),
/* harmony export */   Jg: () => (/* binding */ Docker)
/* harmony export */ });
/* unused harmony export hedgeDelayMs */
/* harmony import */ var _core_options_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83457);
/* harmony import */ var _runner_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(87240);
/* harmony import */ var _paths_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(81012);
/* harmony import */ var _parse_index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(55298);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);
/* harmony import */ var _env_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(2215);
/* harmony import */ var _plugin_memo_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(66424);
/* harmony import */ var _plugin_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(39409);








/** Parses a result's stdout with `fn`; a parser's error becomes `parseError` (the result is kept). */
function attempt(result, fn) {
    try {
        return { result, parsed: fn(result.stdout) };
    }
    catch (e) {
        return { result, parseError: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(e) };
    }
}
/**
 * The docker CLI and its buildx plugin, over the one runner. Read-only calls parse their
 * output; health is judged by callers from parsed output, never from the exit code alone.
 */
class Docker {
    runner;
    bin;
    env;
    paths;
    timeouts;
    constructor(runner, opts = {}) {
        this.runner = runner;
        this.bin = opts.bin ?? 'docker';
        this.env = opts.env ?? process.env;
        this.paths = (0,_paths_js__WEBPACK_IMPORTED_MODULE_2__/* .dockerPaths */ .p)(this.env);
        this.timeouts = { ..._core_options_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_TIMEOUTS */ .Rh, ...opts.timeouts };
    }
    /** Any docker command. `timeoutMs` is required. */
    run(args, opts) {
        return this.runner.run(this.bin, args, { ...opts, env: { ...(0,_env_js__WEBPACK_IMPORTED_MODULE_7__/* .pickDockerEnv */ .p)(this.env), ...opts.env } });
    }
    /** `docker buildx ARGS`. */
    buildx(args, opts) {
        return this.run(['buildx', ...args], opts);
    }
    /**
     * `docker cp SOURCE -` into a file: the tar stream holds device and root-only files that must
     * never be unpacked on the host. `source` is `container:path`.
     */
    copyOutToFile(source, file, opts) {
        const { maxBytes, ...rest } = opts;
        if (maxBytes === undefined)
            return this.redirected('exec "$0" cp "$1" - > "$2"', [source, file], rest);
        // At most maxBytes + 1 bytes reach the file (the caller sees it is over); docker's own exit
        // status comes back through a side file, as `sh` has no pipefail.
        return this.redirected('{ "$0" cp "$1" -; echo "$?" >&3; } 3>"$2.rc" | head -c "$3" > "$2"; rc=$(cat "$2.rc"); rm -f "$2.rc"; exit "${rc:-1}"', [source, file, String(Math.max(0, Math.floor(maxBytes)) + 1)], rest);
    }
    /** `docker cp - DEST` from a tar file: docker unpacks it inside the container. `dest` is `container:path`. */
    copyInFromFile(file, dest, opts) {
        return this.redirected('exec "$0" cp - "$1" < "$2"', [dest, file], { mutates: true, ...opts });
    }
    /** The quick look's metadata call, its file noted just before (src/docker/plugin-memo.ts). */
    runMetadata(c) {
        (0,_plugin_memo_js__WEBPACK_IMPORTED_MODULE_5__/* .beforeMetadataRun */ .m8)(c.file);
        return this.runner.run(c.file, c.args, c.opts);
    }
    /** A CLI plugin's own `docker-cli-plugin-metadata`, run the way the docker CLI runs it (`plugin` is its path). */
    pluginMetadata(plugin) {
        const c = (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .metadataCall */ .ay)(this.env, this.paths, plugin, this.timeouts.probe);
        return this.runner.run(c.file, c.args, c.opts);
    }
    /** A docker command whose stdin or stdout a shell redirects; same timeout and environment as run(). */
    redirected(script, args, opts) {
        return this.runner.run('sh', ['-c', script, this.bin, ...args], {
            ...opts,
            env: { ...(0,_env_js__WEBPACK_IMPORTED_MODULE_7__/* .pickDockerEnv */ .p)(this.env), ...opts.env },
        });
    }
    async version() {
        const r = await this.run(['version', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDockerVersion */ .kt(s, r.stderr));
    }
    async info() {
        const r = await this.run(['info', '--format', '{{json .}}'], { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDockerInfo */ .AB(s, r.stderr));
    }
    async buildxVersion() {
        const r = await this.buildx(['version'], { timeoutMs: this.timeouts.probe });
        if (!(0,_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .succeeded */ .gq)(r))
            return { result: r, parseError: 'buildx version did not run' };
        return attempt(r, _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseBuildxVersion */ .Ou);
    }
    /**
     * `docker buildx ls`: JSON where the plugin supports it (0.13+), the table otherwise.
     * `jsonSupported` is decided by the caller from the buildx version.
     */
    async ls(jsonSupported) {
        const args = jsonSupported ? ['ls', '--format', 'json'] : ['ls'];
        const r = await this.buildx(args, { timeoutMs: this.timeouts.probe });
        return attempt(r, (s) => (jsonSupported ? _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseLsJson */ .n0(s, r.stderr) : _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseLsTable */ .d5(s, r.stderr)));
    }
    /**
     * `buildx ls --format json` for the quick look, without the docker CLI's own start in front of it:
     * the buildx plugin the CLI would pick (src/docker/plugin.ts mirrors how the CLI finds and starts
     * it) runs directly, with the CLI's argv and environment, while `docker --version` (the CLI runs,
     * loads its config, resolves its context and aliases), the plugin's metadata check (its answer
     * remembered for that very binary where it was before: src/docker/plugin-memo.ts) and a look at
     * the binary `docker` names run beside it. Its answer counts only when all of that holds and it is
     * plainly healthy; any doubt (a fault, an environment or a CLI not mirrored) runs `docker buildx ls`
     * as before, so the verdict is the one the CLI's own run gives. `BKH_DIRECT_LS=0` always runs
     * `docker buildx ls`.
     */
    async quickLs() {
        const p = (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .buildxPick */ .qY)(this.env, this.paths, (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .readConfigJson */ .DZ)(this.paths));
        if ('doubt' in p)
            return { ls: await this.ls(true), fallback: p.doubt };
        const calls = (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .quickLookCalls */ .QN)(this.bin, this.env, this.paths, p.path, this.timeouts.probe);
        // A hung daemon must not cost two probe timeouts in a row: when the direct run has not answered
        // by then, `docker buildx ls` starts beside it (its answer counts only if the direct one does not).
        let hedge;
        const timer = setTimeout(() => (hedge = this.ls(true)), hedgeDelayMs(this.timeouts.probe));
        // The longest first: each spawn takes a while on a busy machine.
        // The metadata answer of this very binary, when remembered (src/docker/plugin-memo.ts).
        const real = this.runner.realProcesses === true;
        const memo = real ? (0,_plugin_memo_js__WEBPACK_IMPORTED_MODULE_5__/* .recallMetadata */ .l_)(this.env, p.path) : undefined;
        const [direct, metadata, v, b] = await Promise.all([
            this.runner.run(calls.ls.file, calls.ls.args, calls.ls.opts),
            memo ?? this.runMetadata(calls.metadata),
            this.runner.run(calls.version.file, calls.version.args, calls.version.opts),
            (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .cliBinaryDoubt */ .IQ)(this.bin, this.env),
        ]);
        clearTimeout(timer);
        const ls = attempt(direct, (s) => _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseLsJson */ .n0(s, direct.stderr));
        const metaDoubt = (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .metadataDoubt */ .so)(metadata);
        if (real)
            (0,_plugin_memo_js__WEBPACK_IMPORTED_MODULE_5__/* .rememberMetadata */ .ZB)(this.env, p.path, metadata, metaDoubt === undefined);
        const doubt = (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .cliVersionDoubt */ .pb)(v) ?? b ?? metaDoubt ?? (0,_plugin_js__WEBPACK_IMPORTED_MODULE_6__/* .lsDoubt */ .G9)(direct, ls.parsed);
        const started = hedge;
        if (doubt === undefined) {
            await started; // no docker child outlives the look
            return { ls, metadata };
        }
        return { ls: await (started ?? this.ls(true)), metadata, fallback: doubt };
    }
    async inspect(name, bootstrap = false) {
        const args = ['inspect'];
        if (bootstrap)
            args.push('--bootstrap');
        if (name !== undefined)
            args.push(name);
        const r = await this.buildx(args, {
            timeoutMs: bootstrap ? this.timeouts.slow : this.timeouts.probe,
            mutates: bootstrap,
        });
        return attempt(r, (s) => _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseInspect */ .E7(s, r.stderr));
    }
    /** `docker top NAME -o pid,args`: the processes of a running container. */
    async top(name) {
        const r = await this.run(['top', name, '-o', 'pid,args'], { timeoutMs: this.timeouts.probe });
        if (!(0,_runner_js__WEBPACK_IMPORTED_MODULE_1__/* .succeeded */ .gq)(r))
            return { result: r, parseError: `docker top ${name} did not run` };
        return attempt(r, _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseTop */ .fm);
    }
    /** The last `tail` lines a container wrote (both streams: buildkitd logs to stderr). */
    async logs(name, tail) {
        return this.run(['logs', '--tail', String(tail), name], { timeoutMs: this.timeouts.probe });
    }
    async du(builder) {
        const args = ['du', '--verbose'];
        if (builder !== undefined)
            args.push('--builder', builder);
        const r = await this.buildx(args, { timeoutMs: this.timeouts.slow });
        return attempt(r, _parse_index_js__WEBPACK_IMPORTED_MODULE_3__/* .parseDu */ .TK);
    }
}
/** When the quick look's `docker buildx ls` starts beside a direct run that has not answered: 3 s, or half the probe timeout. */
function hedgeDelayMs(probeMs) {
    return Math.min(3000, Math.floor(probeMs / 2));
}


/***/ }),

/***/ 55298:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cJ: () => (/* reexport */ buildkitActivity),
  qX: () => (/* reexport */ buildkitdExitCause),
  LV: () => (/* reexport */ configRejected),
  Ou: () => (/* reexport */ parseBuildxVersion),
  AB: () => (/* reexport */ parseDockerInfo),
  kt: () => (/* reexport */ parseDockerVersion),
  TK: () => (/* reexport */ parseDu),
  E7: () => (/* reexport */ parseInspect),
  n0: () => (/* reexport */ parseLsJson),
  d5: () => (/* reexport */ parseLsTable),
  fm: () => (/* reexport */ parseTop),
  kX: () => (/* reexport */ programName),
  Vn: () => (/* reexport */ stateBroken)
});

// UNUSED EXPORTS: currentContextOf, parseRawJsonProgress

;// CONCATENATED MODULE: ./src/docker/parse/docker-json.ts
function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function num(v) {
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}
/** Removes undefined keys so results compare cleanly and print small. */
function compact(o) {
    for (const k of Object.keys(o))
        if (o[k] === undefined)
            delete o[k];
    return o;
}
/** The first line that is a JSON object: docker prints the object on one line, warnings may follow. */
function firstJsonObject(stdout, what) {
    const text = stdout.trim();
    if (text === '')
        throw new Error(`${what}: empty output, expected a JSON object`);
    const candidates = [
        text,
        ...text
            .split('\n')
            .map((l) => l.trim())
            .filter((l) => l.startsWith('{')),
    ];
    for (const c of candidates) {
        try {
            const v = JSON.parse(c);
            if (isObj(v))
                return v;
        }
        catch {
            // not this one; try the next candidate
        }
    }
    throw new Error(`${what}: output is not a JSON object: ${JSON.stringify(text.slice(0, 120))}`);
}
/** Non-empty stderr lines, trimmed: the CLI's own account of what failed. */
function stderrLines(stderr) {
    return (stderr ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '');
}
function versionPart(o) {
    return compact({
        version: str(o.Version),
        apiVersion: str(o.ApiVersion),
        os: str(o.Os),
        arch: str(o.Arch),
        goVersion: str(o.GoVersion),
    });
}
function parseDockerVersion(stdout, stderr) {
    const o = firstJsonObject(stdout, 'docker version');
    if (!('Client' in o) && !('Server' in o)) {
        throw new Error('docker version: JSON has neither Client nor Server');
    }
    const result = {};
    if (isObj(o.Client))
        result.client = versionPart(o.Client);
    if (isObj(o.Server)) {
        const components = Array.isArray(o.Server.Components)
            ? o.Server.Components.filter(isObj).map((c) => ({ name: str(c.Name) ?? '', version: str(c.Version) ?? '' }))
            : [];
        result.server = { ...versionPart(o.Server), components };
    }
    else {
        // Server is null when the daemon did not answer; the reason is only on stderr.
        const lines = stderrLines(stderr);
        result.serverError = lines.length > 0 ? lines.join('\n') : 'docker version: no Server section';
    }
    return result;
}
function plugins(v) {
    if (!Array.isArray(v))
        return [];
    return v
        .filter(isObj)
        .map((p) => compact({ name: str(p.Name) ?? '', version: str(p.Version), path: str(p.Path), err: str(p.Err) }));
}
function strings(v) {
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x !== '') : [];
}
function parseDockerInfo(stdout, stderr) {
    const o = firstJsonObject(stdout, 'docker info');
    if (!('ID' in o) && !('ServerVersion' in o) && !('ClientInfo' in o) && !('ServerErrors' in o)) {
        throw new Error('docker info: JSON has none of ID, ServerVersion, ClientInfo, ServerErrors');
    }
    const driverStatus = Array.isArray(o.DriverStatus) ? o.DriverStatus : [];
    const containerdSnapshotter = driverStatus.some((pair) => Array.isArray(pair) && pair[0] === 'driver-type' && pair[1] === 'io.containerd.snapshotter.v1');
    const serverErrors = strings(o.ServerErrors);
    // Newer clients leave ServerErrors out and print the failure on stderr, with an empty ID.
    if (serverErrors.length === 0 && str(o.ID) === undefined && str(o.ServerVersion) === undefined) {
        serverErrors.push(...stderrLines(stderr));
        if (serverErrors.length === 0)
            serverErrors.push('docker info: the daemon returned no server information');
    }
    const client = isObj(o.ClientInfo) ? o.ClientInfo : {};
    return compact({
        id: str(o.ID),
        name: str(o.Name),
        serverVersion: str(o.ServerVersion),
        storageDriver: str(o.Driver),
        dockerRootDir: str(o.DockerRootDir),
        operatingSystem: str(o.OperatingSystem),
        osType: str(o.OSType),
        architecture: str(o.Architecture),
        ncpu: num(o.NCPU) || undefined,
        memTotal: num(o.MemTotal) || undefined,
        containersRunning: str(o.ID) !== undefined ? num(o.ContainersRunning) : undefined,
        containerdSnapshotter: str(o.ID) !== undefined ? containerdSnapshotter : undefined,
        warnings: strings(o.Warnings),
        serverErrors,
        clientPlugins: plugins(client.Plugins),
    });
}

// EXTERNAL MODULE: ./node_modules/semver/index.js
var semver = __webpack_require__(62088);
var semver_default = /*#__PURE__*/__webpack_require__.n(semver);
;// CONCATENATED MODULE: ./src/docker/parse/buildx-version.ts
/** Parser for `docker buildx version`. */

/**
 * Upstream prints `github.com/docker/buildx v0.13.1 788433953af10f2a698f5c07611dcf6f5f`; Debian prints
 * `github.com/docker/buildx 0.13.1+ds1 0.13.1+ds1-3` (the package version in place of the commit).
 */
function parseBuildxVersion(stdout) {
    const line = stdout
        .split('\n')
        .map((l) => l.trim())
        .find((l) => l !== '' && !/^(WARNING|DEPRECATED)\b/i.test(l));
    if (line === undefined)
        throw new Error('buildx version: empty output');
    const fields = line.split(/\s+/);
    const [name, raw, revision] = fields;
    if (name === undefined || raw === undefined || !/\d/.test(raw) || !/buildx/i.test(name)) {
        throw new Error(`buildx version: not a buildx version line: ${JSON.stringify(line.slice(0, 120))}`);
    }
    const coerced = semver_default().coerce(raw);
    const result = { name, raw, semver: coerced ? coerced.version : null };
    if (revision !== undefined)
        result.revision = revision;
    return result;
}

;// CONCATENATED MODULE: ./src/docker/parse/ls.ts
const STATUSES = ['running', 'inactive', 'stopped', 'error', 'unknown'];
function ls_isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function ls_str(v) {
    return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}
/** buildx also says `starting`/`stopping`; anything outside the known set is `unknown`. */
function toStatus(s) {
    const v = (s ?? '').trim().toLowerCase();
    return STATUSES.includes(v) ? v : 'unknown';
}
/** A builder is in error when it or any node is; else running when any node runs. */
function deriveStatus(builderError, nodes) {
    if (builderError !== undefined || nodes.some((n) => n.status === 'error' || n.error !== undefined))
        return 'error';
    if (nodes.some((n) => n.status === 'running'))
        return 'running';
    return nodes[0]?.status ?? 'unknown';
}
const CANNOT_LOAD = /^Cannot load builder (\S+?):\s*(.*)$/;
const FAILED_STATUS = /^Failed to get status for (\S+) \((.*?)\):\s*(.*)$/;
/**
 * buildx writes per-builder failures after the table (`Cannot load builder X: ...`,
 * `Failed to get status for X (NODE): ...`) and fatal ones as `ERROR: ...`. Every such line is kept.
 */
function readStderr(stderr) {
    const facts = { errors: [], builderErrors: new Map(), nodeErrors: new Map() };
    for (const raw of (stderr ?? '').split('\n')) {
        const line = raw.trim();
        if (line === '' || /^WARNING\b/i.test(line))
            continue;
        if (!facts.errors.includes(line))
            facts.errors.push(line);
        const load = CANNOT_LOAD.exec(line);
        if (load?.[1] !== undefined)
            facts.builderErrors.set(load[1], load[2] ?? '');
        const failed = FAILED_STATUS.exec(line);
        if (failed?.[1] !== undefined)
            facts.nodeErrors.set(`${failed[1]}/${failed[2] ?? ''}`, failed[3] ?? '');
    }
    return facts;
}
function applyStderr(builders, facts) {
    for (const b of builders) {
        const be = facts.builderErrors.get(b.name);
        if (be !== undefined && b.error === undefined)
            b.error = be;
        for (const n of b.nodes) {
            const ne = facts.nodeErrors.get(`${b.name}/${n.name}`);
            if (ne !== undefined) {
                n.error ??= ne;
                n.status = 'error';
            }
        }
        b.status = deriveStatus(b.error, b.nodes);
    }
}
function ls_strings(v) {
    return Array.isArray(v) ? v.filter((x) => typeof x === 'string' && x !== '') : [];
}
function jsonNode(o) {
    const error = ls_str(o.Err);
    const node = {
        name: ls_str(o.Name) ?? '',
        endpoint: ls_str(o.Endpoint) ?? '',
        status: error !== undefined ? 'error' : toStatus(ls_str(o.Status)),
        platforms: ls_strings(o.Platforms),
    };
    if (error !== undefined)
        node.error = error;
    const version = ls_str(o.Version);
    if (version !== undefined)
        node.buildkitVersion = version;
    const flags = ls_strings(o.Flags);
    if (flags.length > 0)
        node.flags = flags;
    return node;
}
function jsonBuilder(o) {
    // A builder that failed to load still has a placeholder node with empty name and endpoint.
    const nodes = (Array.isArray(o.Nodes) ? o.Nodes.filter(ls_isObj) : [])
        .map(jsonNode)
        .filter((n) => n.name !== '' || n.endpoint !== '' || n.error !== undefined);
    const error = ls_str(o.Err);
    const b = {
        name: ls_str(o.Name) ?? '',
        driver: ls_str(o.Driver) ?? '',
        current: o.Current === true,
        status: deriveStatus(error, nodes),
        nodes,
    };
    if (error !== undefined)
        b.error = error;
    if (typeof o.Dynamic === 'boolean')
        b.dynamic = o.Dynamic;
    return b;
}
/** Splits concatenated JSON values: buildx prints one object a line, but tolerate any whitespace. */
function jsonValues(text) {
    const out = [];
    for (const line of text.split('\n')) {
        const t = line.trim();
        if (t === '')
            continue;
        out.push(JSON.parse(t));
    }
    return out;
}
/** `docker buildx ls --format json`: one builder object a line; 0.13 prints some builders twice. */
function parseLsJson(stdout, stderr) {
    let values;
    try {
        values = jsonValues(stdout);
    }
    catch (e) {
        throw new Error(`buildx ls --format json: output is not JSON lines: ${e.message}`, { cause: e });
    }
    const builders = [];
    for (const v of values) {
        if (!ls_isObj(v) || typeof v.Name !== 'string') {
            throw new Error(`buildx ls --format json: a line is not a builder object: ${JSON.stringify(v).slice(0, 120)}`);
        }
        const b = jsonBuilder(v);
        const seen = builders.findIndex((x) => x.name === b.name);
        if (seen === -1)
            builders.push(b);
        else if (b.current)
            builders[seen].current = true;
    }
    const facts = readStderr(stderr);
    applyStderr(builders, facts);
    return { builders, errors: facts.errors, format: 'json' };
}
/** Column spans from the header: tabwriter pads every cell of a column to the same width. */
function headerColumns(header) {
    const starts = [];
    const re = /\S+/g;
    for (let m = re.exec(header); m !== null; m = re.exec(header))
        starts.push(m.index);
    return starts.map((start, i) => ({ start, end: starts[i + 1] ?? Number.MAX_SAFE_INTEGER }));
}
/**
 * A row's cells at the header's column starts. buildx 0.13+ prints a node's endpoint one column to
 * the right of the header, so a start that lands inside a word moves back to that word's start.
 */
function cells(line, cols) {
    const at = (i) => {
        let p = Math.min(i, line.length);
        while (p > 0 && p < line.length && /\S/.test(line[p - 1] ?? '') && /\S/.test(line[p] ?? ''))
            p--;
        return p;
    };
    return cols.map((c) => line.slice(at(c.start), at(c.end)).trim());
}
/** Node rows are indented (`  node0` in 0.10-0.12, ` \_ node0` in 0.13+); builder rows are not. */
function isNodeRow(line) {
    return /^\s/.test(line);
}
function stripTree(cell) {
    return cell.replace(/^\\_\s*/, '').trim();
}
/** `docker buildx ls` table: 0.10-0.12 (`name *`, indented nodes) and 0.13+ (`name*`, `\_` tree). */
function parseLsTable(stdout, stderr) {
    const lines = stdout.split('\n').filter((l) => l.trim() !== '');
    const headerIdx = lines.findIndex((l) => /^NAME\/NODE\s+DRIVER\/ENDPOINT\s+STATUS/.test(l));
    const facts = readStderr(stderr);
    if (headerIdx === -1) {
        // No table at all: acceptable only when buildx failed before printing one (`ERROR: ...`).
        if (lines.length === 0 && facts.errors.length > 0)
            return { builders: [], errors: facts.errors, format: 'table' };
        throw new Error(`buildx ls: no NAME/NODE header in output: ${JSON.stringify(stdout.slice(0, 120))}`);
    }
    const cols = headerColumns(lines[headerIdx]);
    const builders = [];
    for (const line of lines.slice(headerIdx + 1)) {
        const [c0 = '', c1 = '', c2 = '', c3 = '', c4 = ''] = cells(line, cols);
        if (!isNodeRow(line)) {
            const current = /\*$/.test(c0);
            const name = c0.replace(/\s*\*$/, '');
            const b = { name, driver: c1, current, status: 'unknown', nodes: [] };
            // A builder that failed to load has `error` in its own STATUS cell and no node rows.
            if (c2 === 'error')
                b.error = 'error (buildx printed no reason on stderr)';
            builders.push(b);
            continue;
        }
        const owner = builders.at(-1);
        if (owner === undefined)
            continue;
        const node = {
            name: stripTree(c0),
            endpoint: stripTree(c1),
            status: toStatus(c2),
            platforms: c4
                .split(',')
                // `*` marks platforms set by the user; 0.14+ folds variants as `linux/amd64 (+4)`.
                .map((p) => p
                .trim()
                .replace(/\s*\(\+\d+\)$/, '')
                .replace(/\*$/, ''))
                .filter((p) => p !== ''),
        };
        if (c3 !== '')
            node.buildkitVersion = c3;
        const marked = c4
            .split(',')
            .map((p) => p.trim().replace(/\s*\(\+\d+\)$/, ''))
            .filter((p) => p.endsWith('*'))
            .map((p) => p.replace(/\*$/, ''));
        if (marked.length > 0)
            node.userPlatforms = marked;
        owner.nodes.push(node);
    }
    for (const b of builders) {
        const loadError = facts.builderErrors.get(b.name);
        if (loadError !== undefined)
            b.error = loadError;
        b.status = deriveStatus(b.error, b.nodes);
    }
    applyStderr(builders, facts);
    return { builders, errors: facts.errors, format: 'table' };
}

;// CONCATENATED MODULE: ./src/docker/parse/inspect.ts

/** `Key:   value` at the start of a line (keys have letters, spaces and `#`: `GC Policy rule#0`). */
const KEY_LINE = /^([A-Za-z][A-Za-z0-9 #._-]*?):(?:\s+(.*))?$/;
function keyLine(line) {
    const m = KEY_LINE.exec(line);
    return m?.[1] === undefined ? undefined : { key: m[1].trim(), value: (m[2] ?? '').trim() };
}
/** `image="moby/buildkit" env.X="a b"` (Go %q values) into a record; a bare `k=v` is kept too. */
function parseDriverOptions(s) {
    const out = {};
    const re = /([^\s=]+)=(?:"((?:[^"\\]|\\.)*)"|(\S*))/g;
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
        const key = m[1] ?? '';
        let value = m[3] ?? m[2] ?? '';
        if (m[2] !== undefined) {
            try {
                value = JSON.parse(`"${m[2]}"`);
            }
            catch {
                value = m[2];
            }
        }
        out[key] = value;
    }
    return out;
}
/** Indented ` key: value` lines of a section; the key runs to the last `:` followed by spaces. */
function sectionPair(line, splitAtLast) {
    const t = line.trim();
    const re = /:(\s+|$)/g;
    let idx = -1;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
        idx = m.index;
        if (!splitAtLast)
            break;
    }
    if (idx <= 0)
        return undefined;
    return { key: t.slice(0, idx).trim(), value: t.slice(idx + 1).trim() };
}
function newNode(name) {
    return {
        name,
        endpoint: '',
        status: 'unknown',
        platforms: [],
        driverOptions: {},
        labels: {},
        gcPolicy: [],
        features: {},
        devices: [],
    };
}
function splitList(v, sep) {
    return v
        .split(sep)
        .map((x) => x.trim())
        .filter((x) => x !== '');
}
function gcField(rule, key, value) {
    switch (key.toLowerCase()) {
        case 'all':
            rule.all = value === 'true';
            break;
        case 'filters':
            rule.filters = splitList(value, /,/);
            break;
        case 'keep duration':
            rule.keepDuration = value;
            break;
        case 'keep bytes':
            rule.keepBytes = value;
            break;
        case 'reserved space':
            rule.reservedSpace = value;
            break;
        case 'max used space':
            rule.maxUsedSpace = value;
            break;
        case 'min free space':
            rule.minFreeSpace = value;
            break;
        default:
            // A field a newer buildx adds: ignored.
            break;
    }
}
/** The last `ERROR: ...` line of stderr (buildx's fatal error), without the prefix. */
function stderrError(stderr) {
    const lines = (stderr ?? '').split('\n').filter((l) => l.startsWith('ERROR:'));
    const last = lines.at(-1);
    return last === undefined ? undefined : last.slice('ERROR:'.length).trim();
}
/**
 * Builder fields come first, then `Nodes:` and one block per node, each starting with `Name:`.
 * Sections (`Labels:`, `GC Policy rule#N:`, `Features:`, `Devices:`) hold indented lines.
 * When buildx failed before printing anything (`ERROR: ...` on stderr), the result carries that
 * error with an empty name, so a caller still gets the reason.
 */
function parseInspect(stdout, stderr) {
    const lines = stdout.replace(/\r\n/g, '\n').split('\n');
    const c = new InspectCursor();
    for (const raw of lines) {
        if (raw.trim() === '')
            c.section = undefined;
        else if (/^\s/.test(raw))
            c.sectionLine(raw);
        else {
            const kv = keyLine(raw);
            if (kv !== undefined)
                c.keyLine(kv.key, kv.value);
        }
    }
    c.finishNode();
    if (!c.sawName) {
        const err = stderrError(stderr);
        if (err !== undefined)
            return { name: '', driver: '', error: err, nodes: [] };
        throw new Error(`buildx inspect: no Name: line in output: ${JSON.stringify(stdout.slice(0, 120))}`);
    }
    return c.result;
}
/** Where parseInspect is in the output: builder or nodes, the node and section in hand. */
class InspectCursor {
    result = { name: '', driver: '', nodes: [] };
    sawName = false;
    section;
    inNodes = false;
    node;
    rule;
    nodeStatusSeen = false;
    deviceIndent;
    finishNode() {
        const node = this.node;
        if (node === undefined)
            return;
        if (node.error !== undefined)
            node.status = 'error';
        else if (!this.nodeStatusSeen)
            node.status = 'unknown';
        this.result.nodes.push(node);
        this.node = undefined;
    }
    /** An indented line: a field of the section in hand. */
    sectionLine(raw) {
        const node = this.node;
        if (node === undefined)
            return;
        if (this.section === 'labels') {
            const p = sectionPair(raw, false);
            if (p)
                node.labels[p.key] = p.value;
        }
        else if (this.section === 'gc' && this.rule) {
            const p = sectionPair(raw, false);
            if (p)
                gcField(this.rule, p.key, p.value);
        }
        else if (this.section === 'features') {
            const p = sectionPair(raw, true);
            if (p)
                node.features[p.key] = p.value === 'true';
        }
        else if (this.section === 'devices') {
            // buildx prints each device's fields one tab deep and its annotations two deep
            // (`\t\tKEY:\tVALUE`): only a `Name` at the device level starts a device, an annotation
            // keyed `Name` does not.
            const indent = raw.length - raw.trimStart().length;
            this.deviceIndent ??= indent;
            const p = sectionPair(raw, false);
            if (p && p.key === 'Name' && indent <= this.deviceIndent)
                node.devices.push(p.value);
        }
    }
    /** A `Key: value` line at the left margin: a builder field, `Nodes:`, or a node's field. */
    keyLine(key, value) {
        this.section = undefined;
        if (key === 'Nodes') {
            this.inNodes = true;
            return;
        }
        if (!this.inNodes) {
            if (key === 'Name') {
                this.result.name = value;
                this.sawName = true;
            }
            else if (key === 'Driver')
                this.result.driver = value;
            else if (key === 'Last Activity')
                this.result.lastActivity = value;
            else if (key === 'Error')
                this.result.error = value;
            return;
        }
        if (key === 'Name') {
            this.finishNode();
            this.node = newNode(value);
            this.nodeStatusSeen = false;
            return;
        }
        if (this.node !== undefined)
            this.nodeField(this.node, key, value);
    }
    nodeField(node, key, value) {
        switch (key) {
            case 'Endpoint':
                node.endpoint = value;
                break;
            case 'Status':
                node.status = toStatus(value);
                this.nodeStatusSeen = true;
                break;
            case 'Error':
                node.error = value;
                break;
            case 'Buildkit':
            case 'BuildKit version':
                if (value !== '')
                    node.buildkitVersion = value;
                break;
            case 'Flags':
            case 'BuildKit daemon flags':
                node.flags = splitList(value, /\s+/);
                break;
            case 'Platforms':
                // `*` marks platforms set with `buildx create --platform`: kept apart, so a builder is
                // re-created with what the user set, not every platform the node supports.
                node.platforms = splitList(value, /,/).map((p) => p.replace(/\*$/, ''));
                if (value.includes('*'))
                    node.userPlatforms = splitList(value, /,/)
                        .filter((p) => p.endsWith('*'))
                        .map((p) => p.replace(/\*$/, ''));
                break;
            case 'Driver Options':
                node.driverOptions = parseDriverOptions(value);
                break;
            default:
                this.startSection(node, key);
        }
    }
    /** `Labels:`, `Features:`, `Devices:`, `GC Policy rule#N:` open a section; another key an ignored one. */
    startSection(node, key) {
        if (key === 'Labels')
            this.section = 'labels';
        else if (key === 'Features')
            this.section = 'features';
        else if (key === 'Devices') {
            this.section = 'devices';
            this.deviceIndent = undefined;
        }
        else if (/^GC Policy rule#\d+$/.test(key)) {
            this.rule = { filters: [] };
            node.gcPolicy.push(this.rule);
            this.section = 'gc';
        }
        else {
            this.section = 'other';
        }
    }
}

// EXTERNAL MODULE: ./src/core/size.ts
var size = __webpack_require__(53910);
;// CONCATENATED MODULE: ./src/docker/parse/du.ts
/** Parser for `docker buildx du` (table) and `docker buildx du --verbose` (records). */

const TOTAL_KEYS = {
    Shared: 'shared',
    Private: 'private',
    Reclaimable: 'reclaimable',
    Total: 'total',
};
/** `Key:<tabs or spaces>value`; keys are words with spaces (`Created at`, `Usage count`). */
const KV = /^([A-Z][A-Za-z ]*?):\s*(.*)$/;
/** Sizes in du output carry a trailing `*` (shared) in the table; go-units prints them decimal. */
function du_size(v) {
    return (0,size/* parseSize */.D)(v.replace(/\*$/, ''));
}
function readTotal(totals, key, value) {
    const k = TOTAL_KEYS[key];
    if (k === undefined)
        return false;
    totals[k] = du_size(value);
    return true;
}
function finish(records, totals, format) {
    const sum = (f) => records.filter(f).reduce((a, r) => a + r.size, 0);
    const result = {
        records,
        // The printed totals are what buildx computed; sums of rounded record sizes are the fallback.
        totalBytes: totals.total ?? sum(() => true),
        reclaimableBytes: totals.reclaimable ?? sum((r) => r.reclaimable),
        sharedBytes: totals.shared ?? sum((r) => r.shared),
        format,
    };
    if (totals.private !== undefined)
        result.privateBytes = totals.private;
    return result;
}
function parseVerbose(lines) {
    const records = [];
    const totals = {};
    let block = [];
    let lastKey = '';
    const flush = () => {
        if (block.length === 0)
            return;
        const id = block.find(([k]) => k === 'ID')?.[1];
        if (id === undefined) {
            for (const [k, v] of block)
                readTotal(totals, k, v);
        }
        else {
            records.push(record(id, block));
        }
        block = [];
    };
    for (const line of lines) {
        if (line.trim() === '') {
            flush();
            continue;
        }
        // buildx >= 0.20 lists parents under `Parents:` as ` - ID` lines.
        const item = /^\s+-\s+(\S+)/.exec(line);
        if (item?.[1] !== undefined && lastKey === 'Parents') {
            block.push(['Parents', item[1]]);
            continue;
        }
        const kv = KV.exec(line);
        if (kv?.[1] === undefined)
            continue;
        // A totals line right after the last record, with no blank line between, starts the totals.
        if (kv[1] === 'Total' || kv[1] === 'Private')
            flush();
        lastKey = kv[1];
        if (kv[2] !== '' || kv[1] !== 'Parents')
            block.push([kv[1], kv[2] ?? '']);
    }
    flush();
    if (records.length === 0 && totals.total === undefined) {
        throw new Error('buildx du --verbose: no ID: records and no Total: line');
    }
    return finish(records, totals, 'verbose');
}
function record(id, block) {
    const get = (k) => block.find(([key]) => key === k)?.[1];
    const parents = block
        .filter(([k]) => k === 'Parent' || k === 'Parents')
        .flatMap(([, v]) => v.split(','))
        .map((p) => p.trim())
        .filter((p) => p !== '');
    const reclaimable = get('Reclaimable') === 'true';
    const r = {
        id,
        parents,
        size: get('Size') !== undefined ? du_size(get('Size') ?? '0') : 0,
        reclaimable,
        shared: get('Shared') === 'true',
        inUse: !reclaimable,
    };
    const mutable = get('Mutable');
    if (mutable !== undefined)
        r.mutable = mutable === 'true';
    const createdAt = get('Created at');
    if (createdAt !== undefined)
        r.createdAt = createdAt;
    const lastUsed = get('Last used');
    if (lastUsed !== undefined)
        r.lastUsed = lastUsed;
    const usage = get('Usage count');
    if (usage !== undefined && /^\d+$/.test(usage))
        r.usageCount = Number(usage);
    const type = get('Type');
    if (type !== undefined)
        r.type = type;
    const description = get('Description');
    if (description !== undefined)
        r.description = description;
    return r;
}
/** The table: `ID[*]  RECLAIMABLE  SIZE[*]  LAST ACCESSED`, then the totals. */
function parseTable(lines) {
    const records = [];
    const totals = {};
    let header = false;
    for (const line of lines) {
        if (line.trim() === '')
            continue;
        if (/^ID\s+RECLAIMABLE\s+SIZE/.test(line)) {
            header = true;
            continue;
        }
        const kv = KV.exec(line);
        if (kv?.[1] !== undefined && readTotal(totals, kv[1], kv[2] ?? ''))
            continue;
        if (!header)
            continue;
        const [rawId, reclaimable, rawSize, ...rest] = line.trim().split(/\s+/);
        if (rawId === undefined || rawSize === undefined || (reclaimable !== 'true' && reclaimable !== 'false'))
            continue;
        const r = {
            id: rawId.replace(/\*$/, ''),
            parents: [],
            size: du_size(rawSize),
            reclaimable: reclaimable === 'true',
            shared: rawSize.endsWith('*'),
            inUse: reclaimable !== 'true',
            mutable: rawId.endsWith('*'),
        };
        if (rest.length > 0)
            r.lastUsed = rest.join(' ');
        records.push(r);
    }
    if (!header && totals.total === undefined) {
        throw new Error('buildx du: no ID/RECLAIMABLE/SIZE header and no Total: line');
    }
    return finish(records, totals, 'table');
}
/** Either layout of `buildx du`; sizes become bytes. Throws when the text is neither. */
function parseDu(stdout) {
    const lines = stdout.replace(/\r\n/g, '\n').split('\n');
    const verbose = lines.some((l) => /^ID:\s/.test(l));
    return verbose ? parseVerbose(lines) : parseTable(lines);
}

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
;// CONCATENATED MODULE: ./src/docker/parse/top.ts
/**
 * Parser for the processes of a container: `docker top NAME -o pid,args` (the CLI's table) or
 * `GET /containers/NAME/top?ps_args=-o pid,args` (the Engine API's `{Titles, Processes}`), and
 * what they say about a BuildKit container: only buildkitd (and an init) is an idle builder; any
 * other process is a build step (`buildkit-runc` and what it runs) or a connected client
 * (`buildctl dial-stdio`, which buildx execs into the container for every build).
 */

const COMMAND_TITLES = ['COMMAND', 'CMD', 'ARGS'];
function parseTop(stdout) {
    const text = stdout.trim();
    if (text === '')
        throw new Error('top: empty output');
    if (text.startsWith('{'))
        return parseApi(text);
    return top_parseTable(text);
}
function parseApi(text) {
    let doc;
    try {
        doc = JSON.parse(text);
    }
    catch (e) {
        throw new Error(`top: not JSON: ${(0,errors/* errorMessage */.gJ)(e)}`, { cause: e });
    }
    const { Titles: titles, Processes: rows } = (doc ?? {});
    if (!Array.isArray(titles) || !(Array.isArray(rows) || rows === null))
        throw new Error('top: no Titles/Processes in the answer');
    const pidAt = titles.indexOf('PID');
    const cmdAt = titles.findIndex((t) => COMMAND_TITLES.includes(String(t)));
    if (pidAt < 0 || cmdAt < 0)
        throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(titles).slice(0, 120)}`);
    return (rows ?? []).map((row) => {
        if (!Array.isArray(row))
            throw new Error('top: a process row is not a list');
        return { pid: String(row[pidAt] ?? ''), args: String(row[cmdAt] ?? '') };
    });
}
/** The CLI pads columns with spaces: the command starts where its title starts in the header. */
function top_parseTable(text) {
    const [header = '', ...lines] = text.split('\n');
    const titles = header.trim().split(/\s+/);
    const pidAt = titles.indexOf('PID');
    const cmdTitle = titles.find((t) => COMMAND_TITLES.includes(t));
    if (pidAt < 0 || cmdTitle === undefined)
        throw new Error(`top: no PID and COMMAND columns in ${JSON.stringify(header.slice(0, 120))}`);
    const cmdCol = header.indexOf(cmdTitle);
    return lines
        .filter((l) => l.trim() !== '')
        .map((l) => {
        const fields = l.trim().split(/\s+/);
        return { pid: fields[pidAt] ?? '', args: l.length > cmdCol ? l.slice(cmdCol).trim() : '' };
    });
}
/** Processes that an idle BuildKit container runs: the daemon and what starts it. */
const IDLE = new Set(['buildkitd', 'docker-init', 'tini', 'dumb-init', 'rootlesskit']);
const SHELLS = new Set(['sh', 'ash', 'bash', 'dash']);
/**
 * The program of a command line: its first word's base name; for a shell the script it runs, and
 * for `/proc/self/exe` (a program that started itself again: rootlesskit's child) the next word.
 */
function programName(args) {
    const words = args.trim().split(/\s+/);
    const base = (w) => (w ?? '').replace(/^.*\//, '');
    const first = base(words[0]);
    const next = words[1];
    const wrapper = SHELLS.has(first) || words[0] === '/proc/self/exe';
    if (wrapper && next !== undefined && !next.startsWith('-'))
        return base(next);
    return first;
}
/** `idle` when only buildkitd (and its init) runs; `busy` when anything else does. */
function buildkitActivity(processes) {
    return processes.every((p) => IDLE.has(programName(p.args))) ? 'idle' : 'busy';
}

;// CONCATENATED MODULE: ./src/docker/parse/buildkitd-log.ts
/**
 * Why a buildkitd exited at start, from the tail of its container's log (`docker logs --tail N`).
 * buildkitd logs with logrus (`time="..." level=warning msg="..."`) while it starts; when it gives
 * up it prints the error and its wrapped causes, one per line, then a Go stack trace (function
 * names, and their `file:line` indented by a tab). The cause is the last run's error lines.
 */
/** A stack frame: a Go function name alone on its line (`main.main`, `github.com/x/y.(*T).Run`). */
const FRAME = /^[\w./-]+(\.\(\*?\w+\))?\.[\w.-]+$/;
/** Go's standard logger (`2026/11/26 20:41:57 ...`): what a library prints while buildkitd starts. */
const GOLOG = /^\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2} /;
const LOGRUS = /^time="[^"]*"\s+level=(\w+)\s+msg="((?:[^"\\]|\\.)*)"/;
/** At most this many error lines make the cause. */
const MAX_LINES = 3;
/** And at most this many characters. */
const MAX_CHARS = 400;
function buildkitdExitCause(log) {
    const lines = log.split(/\r?\n/);
    // From the end: the last start's error lines. A start still logging (its logrus lines last, no
    // error yet) is passed over, back to the error of the start before it.
    const out = [];
    for (let i = lines.length - 1; i >= 0; i--) {
        const line = lines[i] ?? '';
        const t = line.trim();
        if (t === '' || /^\s/.test(line) || FRAME.test(t)) {
            if (out.length > 0 && t === '')
                break;
            continue;
        }
        const m = LOGRUS.exec(t);
        if (m || GOLOG.test(t)) {
            if (out.length > 0)
                break;
            // An error or fatal line is the cause itself; quieter lines are the start's progress.
            if (m && /^(error|fatal|panic)$/i.test(m[1] ?? '')) {
                out.push((m[2] ?? '').replace(/\\"/g, '"'));
                break;
            }
            continue;
        }
        out.unshift(t);
        if (out.length >= MAX_LINES)
            break;
    }
    if (out.length === 0)
        return undefined;
    const cause = out.join('; ');
    return cause.length > MAX_CHARS ? `${cause.slice(0, MAX_CHARS - 1)}\u2026` : cause;
}
/** The cause names BuildKit's own state (its databases under /var/lib/buildkit), not its configuration. */
function stateBroken(cause) {
    return /\/var\/lib\/buildkit\b|\bdatabase\b|\.db\b|bolt/i.test(cause);
}
/**
 * The cause names buildkitd's configuration: the buildkitd.toml it could not parse or use, or the
 * workers it turned off (`no worker found`). Only then can a loop be put on the builder's own
 * buildkitd.toml; a flag it rejects, a missing snapshotter or an unread log is another cause, which
 * re-creating the builder may cure.
 */
function configRejected(cause) {
    return /\bconfig\b|\btoml\b|no worker found/i.test(cause);
}

;// CONCATENATED MODULE: ./src/docker/parse/index.ts
/**
 * Parsers for docker and buildx output. Each is pure: (stdout, stderr?) => typed result.
 * They read every buildx version from 0.10 on and ignore what they do not know.
 * Implemented one format per file below.
 */











/***/ }),

/***/ 99662:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  h: () => (/* binding */ diagnose)
});

// UNUSED EXPORTS: runChecks

// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
// EXTERNAL MODULE: ./src/checks/util.ts
var util = __webpack_require__(77145);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
;// CONCATENATED MODULE: ./src/checks/state.ts
/** `state.invalid-instance`, `state.invalid-current`, `state.current-missing`: buildx's files on disk. */


const removeFile = (path, why) => ({
    action: 'state.remove-file',
    description: `Remove ${path} (${why})`,
    target: path,
    automatic: true,
});
/** The builder name a `current` file points at; '' for the context's own builder; undefined if unreadable. */
function currentName(content) {
    if (content === undefined)
        return undefined;
    try {
        const v = JSON.parse(content);
        return typeof v?.Name === 'string' ? v.Name : undefined;
    }
    catch {
        return undefined;
    }
}
/** Names buildx can resolve: listed builders, instance files, docker contexts and `default`. */
function knownBuilderNames(facts) {
    const s = new Set(['default']);
    for (const b of facts.builders)
        s.add(b.name.toLowerCase());
    for (const f of facts.instanceFiles)
        s.add((0,external_node_path_.basename)(f.path).toLowerCase());
    for (const c of facts.contexts ?? [])
        s.add(c.toLowerCase());
    return s;
}
const stateCheck = {
    id: 'state',
    title: 'buildx state files are valid',
    run({ facts }) {
        const out = [];
        const lsEv = facts.ls ? [(0,util/* cmd */.HW)(facts.ls.result)] : [];
        for (const f of facts.instanceFiles) {
            const err = f.parseError ?? f.readError;
            if (err === undefined)
                continue;
            out.push((0,util/* finding */.gk)('state.invalid-instance', 'error', f.path, `Instance file ${f.path} is not valid JSON (${err}): every \`docker buildx ls\` fails on it.`, [(0,util/* file */.NJ)(f), ...lsEv], {
                repair: removeFile(f.path, 'corrupted builder definition'),
            }));
        }
        const cur = facts.currentFile;
        if (cur && (cur.parseError ?? cur.readError) !== undefined) {
            out.push((0,util/* finding */.gk)('state.invalid-current', 'error', cur.path, `The current-builder file ${cur.path} cannot be read (${cur.parseError ?? cur.readError ?? ''}).`, [(0,util/* file */.NJ)(cur), ...lsEv], {
                repair: removeFile(cur.path, 'corrupted current-builder pointer; buildx falls back to the default builder'),
            }));
        }
        else if (cur?.content !== undefined) {
            const name = currentName(cur.content);
            if (name !== undefined && name !== '' && !knownBuilderNames(facts).has(name.toLowerCase())) {
                // buildx falls back to the context's builder silently: builds work, on another builder than meant.
                out.push((0,util/* finding */.gk)('state.current-missing', 'warning', cur.path, `The current-builder file names ${name}, which does not exist; buildx silently uses the context's builder instead.`, [(0,util/* file */.NJ)(cur), ...lsEv], {
                    repair: removeFile(cur.path, `names the missing builder ${name}`),
                }));
            }
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/client.ts
/**
 * The Docker client layer: `client.config-invalid`, `client.context-missing`, `client.context-dead`,
 * `client.context-invalid`, `client.env-invalid`, `client.permission-denied`, and
 * `builder.unknown-driver`. Pure rules over `facts.client` (src/tasks/client.ts) and the probes.
 * A variable that points at something missing or dead is named as the cause, with advice to change
 * it: the healer never changes the process environment, and never advises recreating a builder
 * for it.
 */




/** Go's strconv.ParseBool, which the docker CLI applies to DOCKER_BUILDKIT (untrimmed). */
const GO_BOOLS = new Set(['1', 't', 'T', 'TRUE', 'true', 'True', '0', 'f', 'F', 'FALSE', 'false', 'False']);
const UNKNOWN_DRIVER = /failed to find driver "([^"]*)"/;
function probeEvidence(facts) {
    return [facts.ls?.result, facts.dockerVersion?.result, facts.info?.result].filter((r) => r !== undefined).map(util/* cmd */.HW);
}
function contextNamed(c, name) {
    return c.contexts.find((x) => x.name === name);
}
/** How the docker CLI failed to reach the endpoint of the context in use, when it did. */
function deadReason(facts) {
    const r = (0,util/* unreachableReason */.eq)(facts);
    if (r !== undefined)
        return r;
    const text = [facts.ls?.result.stderr, facts.dockerVersion?.result.stderr, facts.info?.result.stderr].join('\n');
    return text
        .split('\n')
        .map((l) => l.trim())
        .find((l) => /Cannot connect to the Docker daemon|connection refused|dial unix .*: connect:/i.test(l));
}
/**
 * The client-layer cause that makes every docker command fail, when there is one (the context in
 * use is missing or dead): the daemon and baseline checks defer to it.
 */
function clientCause(facts) {
    const c = facts.client;
    if (c === undefined)
        return undefined;
    // The docker CLI refuses to run any command with a DOCKER_BUILDKIT it cannot parse.
    if (c.env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(c.env.DOCKER_BUILDKIT))
        return { id: 'client.env-invalid', subject: 'DOCKER_BUILDKIT' };
    if (c.inUse.name === 'default')
        return undefined;
    const id = c.inUse.source === 'DOCKER_CONTEXT' ? 'client.env-invalid' : undefined;
    const meta = contextNamed(c, c.inUse.name);
    if (meta === undefined)
        return { id: id ?? 'client.context-missing', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
    if (deadReason(facts) !== undefined)
        return { id: id ?? 'client.context-dead', subject: id !== undefined ? 'DOCKER_CONTEXT' : c.inUse.name };
    return undefined;
}
/** BUILDX_BUILDER naming a builder that does not exist: `buildx build` fails on the variable. */
function envBuilderCause(facts) {
    const v = facts.client?.env.BUILDX_BUILDER;
    if (v === undefined || facts.ls?.parsed === undefined || knownBuilderNames(facts).has(v.toLowerCase()))
        return undefined;
    return { id: 'client.env-invalid', subject: 'BUILDX_BUILDER' };
}
/** `sudo chown -R "$USER" DIR` for the smallest directory holding every file this user cannot change. */
function chownFix(dirs) {
    return `sudo chown -R "$USER" ${dirs.map((d) => (/^[\w./-]+$/.test(d) ? d : `'${d.replace(/'/g, `'\\''`)}'`)).join(' ')}`;
}
function configFindings(c) {
    const j = c.configJson;
    if (j.parseError === undefined && (j.readError === undefined || /EACCES|EPERM/.test(j.readError)))
        return [];
    const why = j.parseError ?? j.readError ?? '';
    return [
        (0,util/* finding */.gk)('client.config-invalid', 'warning', j.path, `${j.path} cannot be ${j.parseError !== undefined ? 'parsed' : 'read'} (${why}): docker warns and runs without it, so the current context, registry logins (\`auths\`, \`credsStore\`), proxies and plugin directories it holds are ignored; pushes and pulls that need a login fail.`, [(0,util/* note */.N4)(`${j.path}: ${why}${j.size !== undefined ? ` (${j.size} bytes)` : ''}`)], {
            ...(j.parseError !== undefined
                ? {
                    repair: {
                        action: 'client.config-aside',
                        target: j.path,
                        automatic: true,
                        notInAuto: true,
                        description: `Move ${j.path} aside to a dated name (never deleted; repair and reinstall, after the backup)`,
                    },
                }
                : {}),
            advice: `Fix ${j.path} (it must be one JSON object), or move it aside (\`mv ${j.path} ${j.path}.broken\`) and log in again; a heal in repair or reinstall mode moves it aside after the backup.`,
        }),
    ];
}
/** The default endpoint answered `docker --context default version` with a server version. */
function defaultAnswers(c) {
    const r = c.defaultEndpoint;
    return r !== undefined && (0,runner/* succeeded */.gq)(r) && r.stdout.trim() !== '';
}
function defaultNote(c) {
    if (c.defaultEndpoint === undefined)
        return '';
    return defaultAnswers(c)
        ? ` The default endpoint answers (server ${c.defaultEndpoint.stdout.trim()}).`
        : ' The default endpoint does not answer either.';
}
function defaultEv(c) {
    return c.defaultEndpoint !== undefined ? [(0,util/* cmd */.HW)(c.defaultEndpoint)] : [];
}
/** Switch to `default`: automatic (in auto too, after the backup) only when the default endpoint answers. */
function useDefault(c, name) {
    return {
        action: 'context.use-default',
        target: name,
        automatic: defaultAnswers(c),
        description: `\`docker context use default\` instead of context ${name} (the context itself is kept)`,
    };
}
function contextFindings(facts, c) {
    const out = [];
    const ev = probeEvidence(facts);
    const inUse = c.inUse;
    for (const m of c.contexts.filter((x) => x.error !== undefined)) {
        out.push((0,util/* finding */.gk)('client.context-invalid', 'warning', m.path, `Docker context metadata ${m.path} cannot be read (${m.error ?? ''}): that context cannot be used or listed.`, [(0,util/* note */.N4)(`${m.path}: ${m.error ?? ''}`)], {
            advice: `Fix or move aside ${(0,external_node_path_.dirname)(m.path)} (\`docker context ls\` shows which contexts still load).`,
        }));
    }
    if (inUse.name === 'default' || inUse.source !== 'config.json')
        return out;
    const where = `\`currentContext\` in ${c.configJson.path}`;
    const meta = contextNamed(c, inUse.name);
    if (meta === undefined) {
        out.push((0,util/* finding */.gk)('client.context-missing', 'error', inUse.name, `The docker context in use, ${inUse.name} (from ${where}), does not exist: every docker and buildx command fails.${defaultNote(c)}`, [...ev, ...defaultEv(c)], {
            repair: useDefault(c, inUse.name),
            advice: `\`docker context use default\` (or create context ${inUse.name} again, e.g. \`docker context create ${inUse.name} --docker host=unix:///var/run/docker.sock\`).`,
        }));
        return out;
    }
    const dead = deadReason(facts);
    if (dead !== undefined) {
        out.push((0,util/* finding */.gk)('client.context-dead', 'error', inUse.name, `The docker context in use, ${inUse.name} (from ${where}), points at ${meta.endpoint ?? 'an endpoint'} that does not answer: ${dead}.${defaultNote(c)}`, [...ev, ...defaultEv(c)], {
            repair: useDefault(c, inUse.name),
            advice: `Start what ${meta.endpoint ?? 'its endpoint'} belongs to (Docker Desktop, a remote daemon), or switch away from it: \`docker context use default\`.`,
        }));
    }
    return out;
}
function envFindings(facts, c) {
    const out = [];
    const ev = probeEvidence(facts);
    const env = c.env;
    const advice = (v, what) => `Change or unset ${v} where it is set (the runner's .env, the job's env:, the shell profile): ${what}. The healer does not change the environment it was started with.`;
    if (env.DOCKER_CONTEXT !== undefined && env.DOCKER_HOST === undefined && env.DOCKER_CONTEXT !== 'default') {
        const meta = contextNamed(c, env.DOCKER_CONTEXT);
        const dead = meta !== undefined ? deadReason(facts) : undefined;
        if (meta === undefined || dead !== undefined) {
            const what = meta === undefined
                ? 'a context that does not exist'
                : `a context whose endpoint ${meta.endpoint ?? ''} does not answer (${dead ?? ''})`;
            out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'DOCKER_CONTEXT', `DOCKER_CONTEXT=${env.DOCKER_CONTEXT} names ${what}: every docker and buildx command fails.`, ev, {
                advice: advice('DOCKER_CONTEXT', `name an existing context (\`docker context ls\`) or unset it`),
            }));
        }
    }
    if (env.BUILDX_BUILDER !== undefined && envBuilderCause(facts) !== undefined) {
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'BUILDX_BUILDER', `BUILDX_BUILDER=${env.BUILDX_BUILDER} names a builder that does not exist: every \`docker buildx build\` fails with \`no builder "${env.BUILDX_BUILDER}" found\`. The builders are fine; the variable is the cause.`, ev, {
            advice: advice('BUILDX_BUILDER', `name an existing builder (\`docker buildx ls\`) or unset it`),
        }));
    }
    if (env.DOCKER_BUILDKIT !== undefined && !GO_BOOLS.has(env.DOCKER_BUILDKIT)) {
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', 'DOCKER_BUILDKIT', `DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)} is not a boolean: \`docker build\` refuses to start.`, [
            (0,util/* note */.N4)(`DOCKER_BUILDKIT=${JSON.stringify(env.DOCKER_BUILDKIT)}; accepted: 1, 0, true, false, t, f (Go's strconv.ParseBool)`),
        ], {
            advice: advice('DOCKER_BUILDKIT', 'set it to 1 (or unset it: BuildKit is the default)'),
        }));
    }
    for (const v of ['DOCKER_CONFIG', 'BUILDX_CONFIG']) {
        const p = c.envDirs[v];
        if (p === undefined)
            continue;
        out.push((0,util/* finding */.gk)('client.env-invalid', 'error', v, `${v}=${p.path} cannot be used: ${p.problem}.`, [(0,util/* note */.N4)(`${v}=${p.path}: ${p.problem}`)], {
            advice: advice(v, 'point it at a directory this user owns'),
        }));
    }
    return out;
}
function permissionFindings(c, configDir) {
    if (c.unreadable.length === 0)
        return [];
    const list = c.unreadable.map((u) => `${u.path} (${u.directory ? 'directory' : 'file'}, owner uid ${u.uid}, mode ${u.mode.toString(8).padStart(4, '0')}${u.readable ? ', read-only for this user' : ', unreadable'})`);
    const dirs = [configDir];
    for (const u of c.unreadable)
        if (u.path !== configDir && !u.path.startsWith(`${configDir}/`) && !dirs.some((d) => u.path.startsWith(`${d}/`)))
            dirs.push((0,external_node_path_.dirname)(u.path));
    return [
        (0,util/* finding */.gk)('client.permission-denied', 'error', configDir, `${c.unreadable.length} file(s) under ${configDir} cannot be read or changed by this user (left by an earlier \`sudo docker ...\`): docker and buildx fail on them.`, [(0,util/* note */.N4)(list.join('\n'))], {
            advice: `\`${chownFix(dirs)}\` (then run the heal again).`,
        }),
    ];
}
function unknownDriverFindings(facts) {
    const out = [];
    for (const b of facts.builders) {
        const err = [b.error, ...b.nodes.map((n) => n.error)].find((e) => e !== undefined && UNKNOWN_DRIVER.test(e));
        if (err === undefined)
            continue;
        const driver = UNKNOWN_DRIVER.exec(err)?.[1] ?? b.driver;
        const inUse = facts.currentBuilder === b.name;
        out.push((0,util/* finding */.gk)('builder.unknown-driver', inUse ? 'error' : 'warning', b.name, `Builder ${b.name} uses the driver "${driver}", which the installed buildx does not know (${err})${inUse ? '; it is the builder in use, so every build fails' : ''}. \`docker buildx rm\` cannot remove it, and it cannot be re-created with that driver.`, facts.ls ? [(0,util/* cmd */.HW)(facts.ls.result)] : [], {
            repair: {
                action: 'builder.forget',
                target: b.name,
                automatic: true,
                description: `Remove builder ${b.name} (\`buildx rm\`, else its instance file moved aside); it is never re-created with the driver "${driver}"`,
            },
            advice: `\`docker buildx use default\`, then remove its instance file (\`rm ${facts.instanceFiles.find((f) => f.path.toLowerCase().endsWith(`/${b.name.toLowerCase()}`))?.path ?? `~/.docker/buildx/instances/${b.name}`}\`), or install the buildx that has the "${driver}" driver.`,
        }));
    }
    return out;
}
/** Builders whose error is an unknown driver: the builder check leaves them to this one. */
function unknownDriver(error) {
    return error !== undefined && UNKNOWN_DRIVER.test(error);
}
const clientCheck = {
    id: 'client',
    title: 'Docker client configuration, contexts and environment',
    run({ facts }) {
        const c = facts.client;
        const out = [];
        if (c !== undefined) {
            out.push(...permissionFindings(c, (0,external_node_path_.dirname)(c.configJson.path)));
            out.push(...configFindings(c));
            out.push(...contextFindings(facts, c));
            out.push(...envFindings(facts, c));
        }
        out.push(...unknownDriverFindings(facts));
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/daemon.ts



const daemonCheck = {
    id: 'daemon',
    title: 'Docker daemon reachable and responsive',
    run({ facts }) {
        const out = [];
        const reason = (0,util/* unreachableReason */.eq)(facts);
        // The context in use is missing or dead, or a variable breaks the CLI: client.* names that cause.
        if (reason !== undefined && clientCause(facts) === undefined) {
            const ev = [facts.info?.result, facts.dockerVersion?.result].filter((r) => r !== undefined).map(util/* cmd */.HW);
            out.push((0,util/* finding */.gk)('daemon.unreachable', 'error', 'daemon', `The Docker daemon cannot be reached: ${reason}`, ev, {
                advice: `Start the Docker daemon or point DOCKER_HOST/the docker context at a running one${facts.dockerHost ? ` (DOCKER_HOST=${facts.dockerHost})` : ''}.`,
            }));
        }
        // A hung daemon is a finding, not a hung job: every probe ran with a timeout.
        for (const r of (0,util/* allResults */.oW)(facts).filter((x) => x.timedOut)) {
            out.push((0,util/* finding */.gk)('daemon.timeout', 'error', (0,runner/* commandLine */.ay)(r.argv), `\`${(0,runner/* commandLine */.ay)(r.argv)}\` did not answer within its timeout (${r.durationMs} ms): the daemon or a builder is hung.`, [(0,util/* cmd */.HW)(r)], {
                advice: 'Check the daemon (`systemctl status docker`, its log) and restart it if it is hung.',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/buildkit.ts

/** `features.buildkit` of a parsed daemon.json, when set to a boolean. */
function daemonBuildkitFeature(content) {
    if (content === undefined)
        return undefined;
    try {
        const v = JSON.parse(content);
        const b = v?.features?.buildkit;
        return typeof b === 'boolean' ? b : undefined;
    }
    catch {
        return undefined;
    }
}
function envOff(v) {
    return v !== undefined && /^(0|false|no|off)$/i.test(v.trim());
}
const buildkitCheck = {
    id: 'buildkit',
    title: 'BuildKit enabled',
    run({ facts }) {
        const out = [];
        const dj = facts.daemonJson;
        if (dj && dj.parseError === undefined && daemonBuildkitFeature(dj.content) === false) {
            out.push((0,util/* finding */.gk)('buildkit.disabled', 'error', dj.path, `BuildKit is turned off in ${dj.path} ("features": {"buildkit": false}).`, [(0,util/* file */.NJ)(dj)], {
                repair: {
                    action: 'daemon.enable-buildkit',
                    description: `Set features.buildkit to true in ${dj.path} and restart the daemon`,
                    target: dj.path,
                    automatic: true,
                },
            }));
        }
        if (envOff(facts.dockerBuildkitEnv)) {
            out.push((0,util/* finding */.gk)('buildkit.disabled', 'error', 'DOCKER_BUILDKIT', `DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''} makes \`docker build\` use the legacy builder.`, [(0,util/* note */.N4)(`DOCKER_BUILDKIT=${facts.dockerBuildkitEnv ?? ''}`)], {
                advice: 'Remove DOCKER_BUILDKIT=0 from the job or runner environment (or set it to 1).',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/buildx.ts


const reinstall = (why) => ({
    action: 'buildx.reinstall',
    description: `Install the pinned buildx plugin (${why})`,
    target: 'docker-buildx',
    automatic: true,
});
const buildxCheck = {
    id: 'buildx',
    title: 'buildx plugin present, runnable and recent',
    run({ facts, options }) {
        const bv = facts.buildxVersion;
        if (bv === undefined || bv.result.timedOut)
            return []; // timeouts are daemon.timeout's
        // A client layer that makes every docker command fail is the cause, not the plugin.
        if (bv.parsed === undefined && clientCause(facts) !== undefined)
            return [];
        const plugin = facts.info?.parsed?.clientPlugins.find((p) => p.name === 'buildx');
        const ev = [(0,util/* cmd */.HW)(bv.result), ...(facts.info ? [(0,util/* cmd */.HW)(facts.info.result)] : [])];
        const ran = bv.parsed !== undefined;
        if (!ran) {
            const text = `${bv.result.stderr}\n${plugin?.err ?? ''}`;
            if (plugin?.err !== undefined ||
                /exec format error|fork\/exec|permission denied|failed to fetch metadata/i.test(text)) {
                return [
                    (0,util/* finding */.gk)('buildx.not-runnable', 'error', plugin?.path ?? 'docker-buildx', `The buildx plugin is installed but cannot run: ${plugin?.err ?? bv.result.stderr.trim()}`, ev, { repair: reinstall('the binary is broken or truncated') }),
                ];
            }
            return [
                (0,util/* finding */.gk)('buildx.missing', 'error', 'docker-buildx', `The buildx plugin is not installed: ${bv.result.stderr.trim().split('\n')[0] ?? 'docker buildx did not run'}`, ev, { repair: reinstall('it is missing') }),
            ];
        }
        const v = bv.parsed?.semver;
        if (v !== null && v !== undefined && (0,util/* compareVersions */.Zy)(v, options.minBuildxVersion) < 0) {
            return [
                (0,util/* finding */.gk)('buildx.too-old', 'error', 'docker-buildx', `buildx ${v} is older than the minimum ${options.minBuildxVersion}.`, [(0,util/* cmd */.HW)(bv.result), (0,util/* note */.N4)(`minBuildxVersion=${options.minBuildxVersion}`)], { repair: reinstall(`older than ${options.minBuildxVersion}`) }),
            ];
        }
        return [];
    },
};

// EXTERNAL MODULE: ./src/docker/parse/index.ts + 7 modules
var parse = __webpack_require__(55298);
;// CONCATENATED MODULE: ./src/checks/builder.ts
/**
 * `builder.error`, `builder.cannot-bootstrap`, `builder.restart-loop`, `builder.declared-missing`:
 * every builder loads, inactive ones can start, no BuildKit container restarts in a loop, and every
 * builder the `builders` input declares is there.
 */




/** Builders with an instance file under buildx/instances (created with `buildx create`). */
function hasInstanceFile(facts, name) {
    return facts.instanceFiles.some((f) => (0,external_node_path_.basename)(f.path) === name.toLowerCase());
}
function builderError(b) {
    if (b.error !== undefined)
        return b.error;
    const n = b.nodes.find((x) => x.error !== undefined || x.status === 'error');
    if (n)
        return n.error ?? `node ${n.name} is in error`;
    return b.status === 'error' ? 'status error' : undefined;
}
function errorFinding(facts, b, err) {
    const ev = [];
    if (facts.ls)
        ev.push((0,util/* cmd */.HW)(facts.ls.result));
    const ins = facts.inspects[b.name];
    if (ins)
        ev.push((0,util/* cmd */.HW)(ins.result));
    const msg = `Builder ${b.name} is in error: ${err}`;
    if (hasInstanceFile(facts, b.name)) {
        return (0,util/* finding */.gk)('builder.error', 'error', b.name, msg, ev, {
            repair: {
                action: 'builder.recreate',
                description: `Remove builder ${b.name} and create it again from its definition`,
                target: b.name,
                automatic: true,
            },
        });
    }
    // A context builder (docker driver on a docker context, e.g. Docker Desktop's desktop-linux):
    // its endpoint is the context's; the builder goes away with the context. In use, every build
    // fails (an error); not in use, no build goes there (a warning): the context is the user's, kept
    // by auto (the pre-build step) and removed by repair and reinstall.
    const inUse = facts.currentBuilder === b.name || b.name === 'default';
    return (0,util/* finding */.gk)('builder.error', inUse ? 'error' : 'warning', b.name, inUse ? msg : `${msg} (not in use: no build goes there)`, ev, {
        repair: {
            action: 'builder.remove',
            description: `Remove the docker context ${b.name} whose endpoint is dead (repair and reinstall; auto keeps it)`,
            target: b.name,
            automatic: !inUse,
            notInAuto: true,
        },
        advice: `Fix the endpoint of docker context ${b.name} or remove it (\`docker context rm ${b.name}\`, or \`heal --mode repair\`).`,
    });
}
/**
 * A bootstrap killed at its timeout (a pull from a registry that accepts and never answers, a
 * huge image on a slow link): say so, with the last progress step buildx printed (`pulling image X`).
 * Killed, buildx marks the step `2.7s done` and adds `#1 ERROR: ... got 1 SIGTERM/SIGINTs, forcing
 * shutdown`: that is our kill, not how the step it was stuck in ended.
 */
function timedOutWhy(r) {
    // Lines that only say how a step ended (`#1 CANCELED`, `#1 2.7s done`) name no step.
    const status = /^#\d+ (ERROR:|(\d+(\.\d+)?s\s+)?(done|DONE|CANCELED|CACHED)\s*$)/;
    const step = r.stderr
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => /^#\d+ /.test(l) && !status.test(l))
        .at(-1)
        ?.replace(/^#\d+ /, '')
        .replace(/\s+(\d+(\.\d+)?s\s+)?(done|CANCELED)$/, '');
    return `timed out after ${Math.round(r.durationMs / 1000)} s and was stopped${step !== undefined ? ` (last step: ${step})` : ''}`;
}
/**
 * A builder whose BuildKit container restarts in a loop: buildkitd exits at start (a configuration
 * it rejects, a state database it cannot open) and the restart policy buildx gives the container
 * starts it again. Not a build in progress: nothing runs there. The cause is the container's log.
 */
function restartLoopFinding(facts, name, loops) {
    const ev = [];
    if (facts.containers)
        ev.push((0,util/* cmd */.HW)(facts.containers));
    for (const l of loops)
        ev.push((0,util/* cmd */.HW)(l.logs));
    const containers = loops.map((l) => `${l.container}${l.status !== undefined ? ` (${l.status})` : ''}`).join(', ');
    const causes = [...new Set(loops.map((l) => l.cause).filter((c) => c !== undefined))];
    const why = causes.length > 0
        ? `its buildkitd exits at start: ${causes.join(' | ')}`
        : 'its buildkitd exits at start (its log says nothing the healer could read as a cause)';
    const msg = `Builder ${name} is broken: its BuildKit container ${containers} restarts in a loop; ${why}.`;
    const broken = loops.some((l) => l.stateBroken);
    const rejected = broken ? undefined : rejectedDefinition(facts, name, loops);
    if (rejected !== undefined) {
        // Its own definition is what BuildKit rejects: created again from it, it would loop again.
        ev.push({ kind: 'file', path: rejected.instance, content: rejected.config });
        const node = rejected.node !== `${name}0` ? ` --node ${rejected.node}` : '';
        return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, `${msg} BuildKit rejects the buildkitd.toml builder ${name} was created with (buildx create --buildkitd-config, kept in its definition ${rejected.instance}): created again from that definition it would loop again, so the healer does not re-create it.`, ev, {
            advice: `Fix that buildkitd.toml (BuildKit says: ${causes.join(' | ') || 'see the container log'}) and create the builder again with the fixed file, keeping its build cache: \`docker buildx rm --keep-state ${name}\`, then \`docker buildx create --name ${name} --driver docker-container${node} --buildkitd-config <fixed buildkitd.toml>\` with the driver options and platforms it had.`,
        });
    }
    if (!hasInstanceFile(facts, name)) {
        return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, msg, ev, {
            advice: `Fix what the log names, or remove the builder (\`docker buildx rm ${name}\`).`,
        });
    }
    return (0,util/* finding */.gk)('builder.restart-loop', 'error', name, msg, ev, {
        repair: broken
            ? {
                action: 'builder.recreate',
                description: `Remove builder ${name} with its state volume (BuildKit cannot open its state) and create it again from its definition`,
                target: name,
                automatic: true,
            }
            : {
                action: 'builder.recreate',
                description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again from its definition`,
                target: name,
                automatic: true,
                keepState: true,
            },
        advice: broken
            ? undefined
            : `A builder created again from the same definition loops again when the definition is what buildkitd rejects: fix its buildkitd.toml or flags.`,
    });
}
/**
 * The loop's own config is the one the builder's definition carries (buildx writes the instance
 * file's buildkitd.toml into the container): the definition is what BuildKit rejects. Undefined
 * when it cannot be told (no config read, no definition, or they differ: a config written into
 * the container, which a re-created builder does not get).
 */
function rejectedDefinition(facts, name, loops) {
    const file = facts.instanceFiles.find((f) => (0,external_node_path_.basename)(f.path) === name.toLowerCase());
    if (file?.content === undefined)
        return undefined;
    let nodes;
    try {
        nodes = JSON.parse(file.content).Nodes ?? [];
    }
    catch {
        return undefined;
    }
    for (const l of loops) {
        // Its buildkitd says its configuration is what fails: else a config that merely equals the
        // definition's (a valid --buildkitd-config) is not the cause, and re-creating may cure it.
        if (l.config === undefined || l.cause === undefined || !(0,parse/* configRejected */.LV)(l.cause))
            continue;
        const node = nodes.find((n) => `buildx_buildkit_${String(n.Name)}` === l.container);
        const b64 = node?.Files?.['buildkitd.toml'];
        if (typeof b64 !== 'string')
            continue;
        const defined = Buffer.from(b64, 'base64').toString('utf8');
        if (defined.trim() === l.config.trim())
            return { instance: file.path, node: String(node?.Name), config: defined };
    }
    return undefined;
}
/**
 * A builder the `builders` input declares that `buildx ls` does not list (never created, removed,
 * or forgotten because its driver is unknown to this buildx): a build that names it fails. Its
 * repair creates it as declared, in auto too (the user asked for it).
 */
function declaredMissing(facts, declared) {
    const ls = facts.ls;
    if (ls?.parsed === undefined)
        return [];
    const have = new Set(facts.builders.map((b) => b.name.toLowerCase()));
    return declared
        .filter((n) => n !== 'default' && !have.has(n.toLowerCase()))
        .map((n) => (0,util/* finding */.gk)('builder.declared-missing', 'error', n, `Builder ${n} is declared in the builders input but does not exist: a build that names it fails.`, [(0,util/* cmd */.HW)(ls.result)], {
        repair: {
            action: 'builder.create',
            target: n,
            automatic: true,
            description: `Create builder ${n} as the builders input declares it`,
        },
        advice: `Create builder ${n} as declared (\`docker buildx create --name ${n} ...\` with its declared driver and options), or remove it from the builders input.`,
    }));
}
const builderCheck = {
    id: 'builder',
    title: 'Builders load and bootstrap',
    run({ facts, options }) {
        // With the daemon down every builder errors: daemon.unreachable says it once.
        if ((0,util/* daemonDown */.bv)(facts))
            return [];
        const out = [...declaredMissing(facts, options.declaredBuilders ?? [])];
        const loops = new Map();
        for (const l of Object.values(facts.restartLoops ?? {}))
            loops.set(l.builder, [...(loops.get(l.builder) ?? []), l]);
        for (const [name, ls] of loops)
            out.push(restartLoopFinding(facts, name, ls));
        for (const b of facts.builders) {
            // Its error is the loop's (`... is restarting, wait until the container is running`).
            if (loops.has(b.name))
                continue;
            const err = builderError(b);
            // An unknown driver is builder.unknown-driver's (it cannot be removed or re-created).
            if (err !== undefined && !unknownDriver(err))
                out.push(errorFinding(facts, b, err));
        }
        for (const [name, p] of Object.entries(facts.bootstraps ?? {})) {
            const nodes = p.parsed?.nodes ?? [];
            const running = nodes.length > 0 && nodes.every((n) => n.status === 'running');
            const exitOk = p.result.exitCode === 0 && !p.result.timedOut;
            if (exitOk && running && p.parsed?.error === undefined)
                continue;
            const why = p.result.timedOut
                ? timedOutWhy(p.result)
                : (p.parsed?.error ??
                    nodes.find((n) => n.error)?.error ??
                    p.result.stderr
                        .split('\n')
                        .reverse()
                        .find((l) => /^ERROR:/.test(l.trim()))
                        ?.trim() ??
                    p.result.spawnError ??
                    p.parseError ??
                    `exit ${String(p.result.exitCode)}`);
            out.push((0,util/* finding */.gk)('builder.cannot-bootstrap', 'error', name, `Builder ${name} cannot bootstrap: ${why}`, [(0,util/* cmd */.HW)(p.result)], {
                // Its state volume (the build cache) is kept: the cause is its image or its start,
                // and a state it cannot open shows as builder.restart-loop, which removes it.
                repair: {
                    action: 'builder.recreate',
                    description: `Remove builder ${name}, keeping its state volume (its build cache), and create it again (its image must be pullable or present)`,
                    target: name,
                    automatic: true,
                    keepState: true,
                },
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/orphan.ts

/** `orphan-min-age` when none is given: a day. */
const DEFAULT_ORPHAN_MIN_AGE_MS = 24 * 3600 * 1000;
const orphanCheck = {
    id: 'orphan',
    title: 'No leftover builder containers or volumes',
    run({ facts, options }) {
        const out = [];
        for (const o of facts.orphans) {
            const isC = o.kind === 'container';
            const r = isC ? facts.containers : facts.volumes;
            if (o.inUse?.recent === true) {
                if (isC || !facts.orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name))
                    out.push(recentLeftover(o, facts.orphans, options.orphanMinAgeMs, r));
                continue;
            }
            if (o.inUse !== undefined) {
                if (isC)
                    out.push(runningLeftover(o, facts.orphans, r !== undefined ? [(0,util/* cmd */.HW)(r)] : []));
                continue;
            }
            // A running one here is idle on a daemon this client has alone (shared-daemon false).
            const idle = isC && o.state === 'running' && facts.activity?.[o.name]?.state === 'idle'
                ? ', idle, and this daemon is not shared'
                : '';
            const age = o.since !== undefined
                ? ` It ${isC ? 'stopped' : 'was created'} at ${o.since}, longer than orphan-min-age ago.`
                : '';
            out.push((0,util/* finding */.gk)(isC ? 'orphan.container' : 'orphan.volume', 'warning', o.name, `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state}${idle})` : ''} belongs to builder ${o.builder}, which no longer exists.${age}`, [...(r ? [(0,util/* cmd */.HW)(r)] : []), ...(o.sinceEvidence !== undefined ? [(0,util/* cmd */.HW)(o.sinceEvidence)] : [])], {
                repair: {
                    action: 'orphan.remove',
                    description: `Remove ${isC ? 'container' : 'volume'} ${o.name}`,
                    target: o.name,
                    automatic: true,
                },
            }));
        }
        return out;
    },
};
function runningLeftover(o, all, evidence) {
    const a = o.inUse?.activity;
    const volume = all.find((v) => v.kind === 'volume' && v.inUse?.by === o.name)?.name;
    const doing = a === undefined
        ? `${o.state ?? 'state unknown'}`
        : a.state === 'busy'
            ? `running, build in progress: ${a.processes.join('; ')}`
            : a.state === 'idle'
                ? `running, idle: ${a.processes.join('; ')}`
                : 'running, processes could not be read';
    if (a !== undefined)
        evidence.push((0,util/* cmd */.HW)(a.evidence));
    const rm = `docker rm -f ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}`;
    return (0,util/* finding */.gk)('orphan.running', 'info', o.name, `Container ${o.name} (${doing}) belongs to builder ${o.builder}, which this client does not know: most likely another client's builder on this daemon (another HOME or DOCKER_CONFIG). Left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`, evidence, { advice: `When no client on this daemon uses builder ${o.builder}, remove it by hand: \`${rm}\`.` });
}
function recentLeftover(o, all, minAgeMs, listing) {
    const isC = o.kind === 'container';
    const volume = isC
        ? all.find((v) => v.kind === 'volume' && v.inUse?.recent === true && v.name === `${o.name}_state`)?.name
        : undefined;
    const hours = Math.round(((minAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS) / 3600_000) * 100) / 100;
    const when = o.since !== undefined
        ? `${isC ? 'stopped' : 'was created'} at ${o.since}, less than orphan-min-age (${hours}h) ago`
        : 'its age could not be read from the daemon';
    const evidence = [
        ...(listing !== undefined ? [(0,util/* cmd */.HW)(listing)] : []),
        ...(o.sinceEvidence !== undefined ? [(0,util/* cmd */.HW)(o.sinceEvidence)] : []),
    ];
    return (0,util/* finding */.gk)('orphan.recent', 'info', o.name, `${isC ? 'Container' : 'Volume'} ${o.name}${o.state ? ` (${o.state})` : ''} belongs to builder ${o.builder}, which this client does not know; it ${when}. It may be another client's builder on this daemon (stopped with docker buildx stop), so it is left alone${volume !== undefined ? `, with its volume ${volume}` : ''}.`, evidence, {
        advice: `It is removed as a leftover once it is older than orphan-min-age; when no client on this daemon uses builder ${o.builder}, remove it by hand: \`${isC ? `docker rm ${o.name}${volume !== undefined ? ` && docker volume rm ${volume}` : ''}` : `docker volume rm ${o.name}`}\`.`,
    });
}

// EXTERNAL MODULE: ./src/checks/busy.ts
var busy = __webpack_require__(63336);
;// CONCATENATED MODULE: ./src/checks/config.ts

const configCheck = {
    id: 'config',
    title: 'buildkitd.toml and daemon.json are valid',
    run({ facts }) {
        const out = [];
        for (const t of facts.buildkitdTomls) {
            const err = t.parseError ?? t.readError;
            if (err === undefined)
                continue;
            out.push((0,util/* finding */.gk)('config.invalid-buildkitd-toml', 'error', t.path, `${t.path} is not valid TOML: ${err}`, [(0,util/* file */.NJ)(t)], {
                advice: 'Fix the TOML syntax; a builder created with this file fails to start.',
            }));
        }
        const dj = facts.daemonJson;
        if (dj && dj.parseError !== undefined) {
            out.push((0,util/* finding */.gk)('config.invalid-daemon-json', 'error', dj.path, `${dj.path} is not valid JSON: ${dj.parseError}`, [(0,util/* file */.NJ)(dj)], {
                advice: 'Fix daemon.json; dockerd refuses to start with an invalid one.',
            }));
        }
        return out;
    },
};

;// CONCATENATED MODULE: ./src/checks/disk.ts

function formatBytes(n) {
    const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
    let v = n;
    let i = 0;
    while (Math.abs(v) >= 1000 && i < units.length - 1) {
        v /= 1000;
        i++;
    }
    return `${i === 0 ? String(v) : v.toFixed(2)} ${units[i] ?? 'B'}`;
}
const diskCheck = {
    id: 'disk',
    title: 'Enough free disk for builds',
    run({ facts, options }) {
        const d = facts.disk;
        if (!d || d.freeBytes >= options.minFreeBytes)
            return [];
        const ev = typeof d.evidence === 'string' ? (0,util/* note */.N4)(d.evidence) : (0,util/* cmd */.HW)(d.evidence);
        return [
            (0,util/* finding */.gk)('disk.low', 'warning', d.path, `Only ${formatBytes(d.freeBytes)} free of ${formatBytes(d.totalBytes)} on ${d.path} (minimum ${formatBytes(options.minFreeBytes)}).`, [ev], {
                repair: {
                    action: 'cache.prune',
                    description: 'Prune the build cache to free space',
                    target: 'build-cache',
                    automatic: true,
                },
                advice: 'If pruning the build cache is not enough, remove unused images and volumes or grow the disk.',
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/cache.ts


const cacheCheck = {
    id: 'cache',
    title: 'Build cache within its limit',
    run({ facts, options }) {
        const du = facts.du?.parsed;
        if (!du || !facts.du)
            return [];
        if (du.totalBytes <= options.cacheLimitBytes)
            return [];
        return [
            (0,util/* finding */.gk)('cache.over-limit', 'warning', 'build-cache', `Build cache uses ${formatBytes(du.totalBytes)}, over the limit of ${formatBytes(options.cacheLimitBytes)} (${formatBytes(du.reclaimableBytes)} reclaimable).`, [(0,util/* cmd */.HW)(facts.du.result)], {
                repair: {
                    action: 'cache.prune',
                    description: 'Prune the build cache down to the limit',
                    target: 'build-cache',
                    automatic: true,
                },
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/baseline.ts


const baselineCheck = {
    id: 'baseline',
    title: 'A tiny real build works on the builder in use',
    run({ facts }) {
        const b = facts.baseline;
        if (!b || b.ok)
            return [];
        const ev = facts.baselineEvidence ? [(0,util/* cmd */.HW)(facts.baselineEvidence)] : [(0,util/* note */.N4)(b.error ?? 'no evidence')];
        // The client layer (a missing or dead context, a variable naming a missing builder) explains
        // the failure: the builder itself is not known to be broken, so no advice to recreate it.
        const cause = clientCause(facts) ?? envBuilderCause(facts);
        return [
            (0,util/* finding */.gk)('baseline.failed', 'error', b.builder, `The ${b.kind === 'benchmark' ? 'benchmark build (benchmark-context)' : 'baseline build'} on ${b.builder} failed: ${b.error ?? 'unknown error'}`, ev, {
                advice: cause !== undefined
                    ? `Fix ${cause.subject} first (finding ${cause.id}); the builder is not known to be broken.`
                    : b.kind === 'benchmark'
                        ? `Run the benchmark build by hand (the command is in the evidence): when it fails there too, the build itself (its Dockerfile, context or base images) is the cause, not builder ${b.builder}; a check without benchmark-context runs the tiny test build.`
                        : `Recreate or replace builder ${b.builder} (a heal in repair or reinstall mode does so).`,
            }),
        ];
    },
};

;// CONCATENATED MODULE: ./src/checks/index.ts












const CHECKS = [
    clientCheck,
    daemonCheck,
    buildkitCheck,
    buildxCheck,
    stateCheck,
    builderCheck,
    busy/* busyCheck */.I,
    orphanCheck,
    configCheck,
    cacheCheck,
    diskCheck,
    baselineCheck,
];
/** Every finding id the checks can raise (ids are forever; `check.crashed` comes from the runner). */
const FINDING_IDS = (/* unused pure expression or super */ null && ([
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
]));

// EXTERNAL MODULE: ./src/checks/probe.ts
var probe = __webpack_require__(56671);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: ./src/tasks/activity.ts
var tasks_activity = __webpack_require__(20225);
// EXTERNAL MODULE: ./src/tasks/client.ts
var tasks_client = __webpack_require__(77603);
// EXTERNAL MODULE: ./src/docker/engine.ts
var docker_engine = __webpack_require__(66556);
;// CONCATENATED MODULE: ./src/phases/diagnose/disk.ts
/** Free space of the daemon's data root. */

/** Free space of the data root, when the daemon is on this machine (a unix socket or the default). */
async function diskFree(rootDir, dockerHost) {
    if (rootDir === undefined || rootDir === '')
        return undefined;
    if (dockerHost !== undefined && !dockerHost.startsWith('unix://'))
        return undefined;
    try {
        const s = await (0,promises_.statfs)(rootDir);
        const freeBytes = s.bavail * s.bsize;
        const totalBytes = s.blocks * s.bsize;
        return {
            path: rootDir,
            freeBytes,
            totalBytes,
            evidence: `statfs(${rootDir}): bsize=${s.bsize} blocks=${s.blocks} bavail=${s.bavail}`,
        };
    }
    catch {
        // The daemon's root is not visible here (daemon in a VM or another namespace).
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: ./src/tasks/testbuild.ts + 1 modules
var testbuild = __webpack_require__(83219);
;// CONCATENATED MODULE: ./src/phases/diagnose/full.ts
/** The full level's facts: every builder inspected, `du --verbose`, bootstraps, the timed baseline. */





/** Full level: inspect every builder, `du --verbose`, optional bootstrap, the timed baseline. */
async function gatherFull(deps, opts, facts) {
    const { docker } = deps;
    const names = facts.builders.map((b) => b.name);
    const [inspects, du] = await Promise.all([
        Promise.all(names.map(async (n) => [n, await docker.inspect(n)])),
        docker.du(),
    ]);
    for (const [n, p] of inspects) {
        facts.inspects[n] = p;
        mergeInspect(facts.builders, n, p);
    }
    facts.du = du;
    if (opts.bootstrap) {
        facts.bootstraps = {};
        // One at a time: a bootstrap may pull an image and start a container.
        for (const b of facts.builders.filter((x) => x.status === 'inactive')) {
            const p = await docker.inspect(b.name, true);
            // A dry-run runner only recorded it (it starts containers): nothing ran, nothing to judge.
            if (p.result.dryRun === true)
                continue;
            facts.bootstraps[b.name] = p;
        }
    }
    if (opts.baseline && facts.currentBuilder !== undefined) {
        const cur = facts.builders.find((b) => b.name === facts.currentBuilder);
        if (cur === undefined || cur.status !== 'error') {
            if (opts.benchmark !== undefined)
                await timeBenchmark(docker, facts, facts.currentBuilder, opts.benchmark);
            else
                await timeBaseline(docker, facts, facts.currentBuilder);
        }
    }
}
/** The team's own build as the baseline: the median of its runs (src/tasks/benchmark.ts). */
async function timeBenchmark(docker, facts, builder, spec) {
    const { runBenchmark } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 15193));
    const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
    facts.baseline = {
        builder,
        durationMs: r.ok ? r.medianMs : 0,
        ok: r.ok,
        kind: 'benchmark',
        runsMs: r.runsMs,
        ...(r.warmupMs !== undefined ? { warmupMs: r.warmupMs } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
    };
    if (r.evidence !== undefined)
        facts.baselineEvidence = r.evidence;
}
async function timeBaseline(docker, facts, builder) {
    const token = `bkh-baseline-${(0,core_crypto/* randomBytes */.po)(8).toString('hex')}`;
    const spec = { ...(0,testbuild/* baselineSpec */.H1)(token), builder };
    let r;
    try {
        r = await (0,testbuild/* runTestBuild */._B)(docker, spec, docker.timeouts.build);
    }
    catch (e) {
        // A plugin too broken to print progress (truncated, wrong version) is a failed baseline,
        // found beside the buildx findings, never a crashed diagnose.
        facts.baseline = {
            builder,
            durationMs: 0,
            ok: false,
            error: `the test build could not be read: ${(0,errors/* errorMessage */.gJ)(e)}`,
        };
        return;
    }
    const baseline = { builder, durationMs: r.durationMs, ok: r.ok };
    if (r.ok) {
        // The output must hold the fresh token: a build that "succeeds" without it did not build.
        const got = await (0,promises_.readFile)((0,external_node_path_.join)(r.outputDir, 'token.txt'), 'utf8').catch(() => '');
        if (got.trim() !== token) {
            baseline.ok = false;
            baseline.error = `the build output does not hold the token written into the context (${r.outputDir}/token.txt)`;
        }
    }
    else if (r.error !== undefined)
        baseline.error = r.error;
    await (0,testbuild/* removeOutput */.kF)(spec, r);
    facts.baseline = baseline;
    facts.baselineEvidence = r.result;
}
/** Inspect knows more than ls (a builder-level `Error:` line, node errors): fold it in. */
function mergeInspect(builders, name, p) {
    const b = builders.find((x) => x.name === name);
    const ins = p.parsed;
    if (!b || !ins)
        return;
    if (ins.error !== undefined && b.error === undefined)
        b.error = ins.error;
    for (const n of ins.nodes) {
        const bn = b.nodes.find((x) => x.name === n.name);
        if (bn === undefined)
            continue;
        if (n.error !== undefined && bn.error === undefined)
            bn.error = n.error;
        if (n.status === 'error')
            bn.status = 'error';
        if (bn.buildkitVersion === undefined && n.buildkitVersion !== undefined)
            bn.buildkitVersion = n.buildkitVersion;
    }
    if (b.error !== undefined || b.nodes.some((n) => n.status === 'error' || n.error !== undefined))
        b.status = 'error';
}

;// CONCATENATED MODULE: ./src/phases/diagnose/leftovers.ts

/** A BuildKit node's container (`buildx_buildkit_<node>`) or its state volume (`..._state`). */
const ORPHAN = /^buildx_buildkit_(.+?)(_state)?$/;
const LEFTOVER_FILTER = 'name=buildx_buildkit_';
function cliLeftovers(docker) {
    const o = { timeoutMs: docker.timeouts.probe };
    return Promise.all([
        docker.run(['ps', '-a', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
        docker.run(['volume', 'ls', '--filter', LEFTOVER_FILTER, '--format', '{{json .}}'], o),
    ]);
}
/** The same two listings as `docker ps -a --filter` and `docker volume ls --filter`, from the API. */
function apiLeftovers(engine, timeoutMs) {
    return Promise.all([
        engine.get(docker_engine/* LEFTOVER_CONTAINERS_PATH */.xN, { timeoutMs }),
        engine.get(docker_engine/* LEFTOVER_VOLUMES_PATH */.SW, { timeoutMs }),
    ]);
}
/** The docker CLI's `--format '{{json .}}'`: one JSON object a line. */
function jsonLines(stdout) {
    const out = [];
    for (const line of stdout.split('\n')) {
        const t = line.trim();
        if (t === '')
            continue;
        try {
            const v = JSON.parse(t);
            if (typeof v === 'object' && v !== null)
                out.push(v);
        }
        catch {
            /* not a JSON line: ignore, the whole output stays as evidence */
        }
    }
    return out;
}
/**
 * Entries of a listing, from either door: the Engine API's one JSON document (`[...]` for
 * containers, `{"Volumes": [...]}` for volumes) or the CLI's JSON lines. Container names as the
 * CLI prints them (`a,b`); the API's `Names` carry a leading slash.
 */
function listingEntries(r) {
    if (r.exitCode !== 0 || r.timedOut)
        return [];
    let items;
    let doc;
    try {
        doc = JSON.parse(r.stdout);
    }
    catch {
        doc = undefined;
    }
    if (Array.isArray(doc))
        items = doc.filter((x) => typeof x === 'object' && x !== null);
    else if (typeof doc === 'object' && doc !== null && 'Volumes' in doc) {
        const v = doc.Volumes;
        items = Array.isArray(v) ? v.filter((x) => typeof x === 'object' && x !== null) : [];
    }
    else
        items = jsonLines(r.stdout);
    return items.map((c) => {
        const raw = Array.isArray(c.Names) ? c.Names.map(String) : String(c.Names ?? c.Name ?? '').split(',');
        const e = {
            names: raw.map((n) => n.trim().replace(/^\//, '')).filter((n) => n !== ''),
        };
        if (typeof c.Status === 'string' && c.Status !== '')
            e.status = c.Status;
        const state = typeof c.State === 'string' && c.State !== '' ? c.State : stateOfStatus(c.Status);
        if (state !== undefined)
            e.state = state;
        return e;
    });
}
/** Older CLIs print no `State`, only `Status` (`Up 2 hours (Paused)`, `Exited (0) 3 days ago`...). */
function stateOfStatus(status) {
    if (typeof status !== 'string')
        return undefined;
    if (/^Up\b.*\(Paused\)/i.test(status))
        return 'paused';
    if (/^Up\b/i.test(status))
        return 'running';
    const m = /^(Exited|Created|Dead|Restarting|Removal In Progress)\b/i.exec(status);
    if (m?.[1] === undefined)
        return undefined;
    return m[1].toLowerCase() === 'removal in progress' ? 'removing' : m[1].toLowerCase();
}
/** Names of the listed `buildx_buildkit_*` containers in a state (running by default). */
function runningContainers(containers, state = 'running') {
    const out = [];
    for (const c of listingEntries(containers)) {
        if (c.state !== state)
            continue;
        for (const n of c.names)
            if (ORPHAN.test(n))
                out.push(n);
    }
    return out;
}
function pausedContainers(containers) {
    return runningContainers(containers, 'paused');
}

// EXTERNAL MODULE: ./node_modules/smol-toml/dist/index.js + 8 modules
var dist = __webpack_require__(3292);
;// CONCATENATED MODULE: ./src/phases/diagnose/state-files.ts
/** The state files read with fs: buildx instances, `current`, contexts, daemon.json, buildkitd.toml. */




async function readStateFile(path, json) {
    let content;
    try {
        content = await (0,promises_.readFile)(path, 'utf8');
    }
    catch (e) {
        if (e.code === 'ENOENT')
            return undefined;
        return { path, readError: (0,errors/* errorMessage */.gJ)(e) };
    }
    const f = { path, content };
    if (json) {
        try {
            JSON.parse(content);
        }
        catch (e) {
            f.parseError = content.length === 0 ? 'empty file' : (0,errors/* errorMessage */.gJ)(e);
        }
    }
    return f;
}
async function readStateDir(dir) {
    let names;
    try {
        names = (await (0,promises_.readdir)(dir)).sort();
    }
    catch {
        return [];
    }
    const files = await Promise.all(names.map((n) => readStateFile((0,external_node_path_.join)(dir, n), true)));
    return files.filter((f) => f !== undefined);
}
async function readFirstDaemonJson(paths) {
    for (const p of paths) {
        const f = await readStateFile(p, true);
        if (f === undefined)
            continue;
        if (f.parseError === undefined && f.content !== undefined) {
            const v = JSON.parse(f.content);
            if (typeof v !== 'object' || v === null || Array.isArray(v))
                f.parseError = 'daemon.json must hold a JSON object';
        }
        return f;
    }
    return undefined;
}
async function readTomlFile(path) {
    const f = (await readStateFile(path, false)) ?? { path, readError: 'file not found' };
    if (f.content !== undefined)
        checkToml(f);
    return f;
}
function checkToml(f) {
    try {
        (0,dist/* parse */.qg)(f.content ?? '');
    }
    catch (e) {
        f.parseError = (0,errors/* errorMessage */.gJ)(e).split('\n')[0] ?? 'invalid TOML';
    }
}
/** An instance file already known to parse; anything but an object reads as empty. */
function instanceJson(content) {
    const v = JSON.parse(content);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {};
}
/** buildkitd.toml files builders carry: instance `Nodes[].Files` holds them base64-encoded. */
function instanceTomls(instances) {
    const out = [];
    for (const f of instances) {
        if (f.parseError !== undefined || f.content === undefined)
            continue;
        const ng = instanceJson(f.content);
        for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : []) {
            for (const [name, b64] of Object.entries(n.Files ?? {})) {
                if (!name.endsWith('.toml') || typeof b64 !== 'string')
                    continue;
                const t = {
                    path: `${f.path}#${n.Name ?? ''}/${name}`,
                    content: Buffer.from(b64, 'base64').toString('utf8'),
                };
                checkToml(t);
                out.push(t);
            }
        }
    }
    return out;
}
async function readContextNames(metaDir) {
    let dirs;
    try {
        dirs = await (0,promises_.readdir)(metaDir);
    }
    catch {
        return [];
    }
    const names = await Promise.all(dirs.map(async (d) => {
        try {
            const m = JSON.parse(await (0,promises_.readFile)((0,external_node_path_.join)(metaDir, d, 'meta.json'), 'utf8'));
            return typeof m.Name === 'string' ? m.Name : undefined;
        }
        catch {
            return undefined;
        }
    }));
    return names.filter((n) => n !== undefined).sort();
}

;// CONCATENATED MODULE: ./src/phases/diagnose/orphans.ts



/** Node names that own containers: from instance files and from `ls`. */
function knownNodeNames(facts) {
    const s = new Set();
    for (const f of facts.instanceFiles) {
        if (f.parseError !== undefined || f.content === undefined)
            continue;
        const ng = instanceJson(f.content);
        for (const n of Array.isArray(ng.Nodes) ? ng.Nodes : [])
            if (typeof n?.Name === 'string')
                s.add(n.Name);
    }
    for (const b of facts.builders)
        for (const n of b.nodes)
            if (n.name !== '')
                s.add(n.name);
    return s;
}
/** Builder names whose instance file is unreadable: their containers are not orphans, just unknown. */
function unreadableInstanceNames(files) {
    return files.filter((f) => f.parseError !== undefined || f.readError !== undefined).map((f) => (0,external_node_path_.basename)(f.path));
}
/** States of a leftover container that no build can be using: only these are ever removed. */
const STOPPED_STATES = new Set(['exited', 'created', 'dead', 'restarting']);
/**
 * Leftovers that must stay: a container that is not stopped (it runs a builder, most likely
 * another client's on this daemon, or is paused), and the state volume of such a container. On a
 * daemon that is not shared (`sharedDaemon` false) an idle running one is a leftover like a stopped
 * one; a busy one (a build in progress) always stays.
 */
function markInUse(orphans, activity, sharedDaemon = true, containersListed = true) {
    // Without the container listing no volume can be told free of a running container: all stay.
    if (!containersListed) {
        for (const o of orphans)
            if (o.kind === 'volume')
                o.inUse = {};
        return;
    }
    const held = new Map();
    for (const o of orphans) {
        if (o.kind !== 'container' || (o.state !== undefined && STOPPED_STATES.has(o.state)))
            continue;
        const a = activity[o.name];
        if (!sharedDaemon && o.state === 'running' && a?.state === 'idle')
            continue;
        o.inUse = a !== undefined ? { activity: a } : {};
        held.set(`${o.name}_state`, o.name);
    }
    for (const o of orphans) {
        const by = o.kind === 'volume' ? held.get(o.name) : undefined;
        if (by !== undefined)
            o.inUse = { by };
    }
}
const NEVER = /^0001-01-01/;
/**
 * Reads when each removable leftover stopped (containers: State.FinishedAt, or Created for one that
 * never ran or restarts in a loop) or was made (a volume with no container: CreatedAt), with one
 * `docker inspect` per kind. What cannot be read stays without `since`: too young to remove.
 */
async function leftoverAges(docker, orphans) {
    const free = orphans.filter((o) => o.inUse === undefined && !(o.kind === 'container' && o.state === 'running'));
    const containers = free.filter((o) => o.kind === 'container');
    const volumes = free.filter((o) => o.kind === 'volume' && !orphans.some((c) => c.kind === 'container' && `${c.name}_state` === o.name));
    const o = { timeoutMs: docker.timeouts.probe };
    const read = async (list, args) => {
        if (list.length === 0)
            return;
        const r = await docker.run([...args, ...list.map((x) => x.name)], o);
        const seen = new Map();
        for (const line of r.stdout.split('\n')) {
            const [name, finished, created, status] = line.trim().replace(/^\//, '').split('|');
            if (name === undefined || name === '')
                continue;
            const at = finished !== undefined && finished !== '' && !NEVER.test(finished) && status !== 'restarting'
                ? finished
                : created;
            if (at !== undefined && at !== '' && !NEVER.test(at))
                seen.set(name, at);
        }
        for (const x of list) {
            x.sinceEvidence = r;
            const at = seen.get(x.name);
            if (at !== undefined)
                x.since = at;
        }
    };
    await Promise.all([
        read(containers, [
            'container',
            'inspect',
            '--format',
            '{{.Name}}|{{.State.FinishedAt}}|{{.Created}}|{{.State.Status}}',
        ]),
        read(volumes, ['volume', 'inspect', '--format', '{{.Name}}||{{.CreatedAt}}|']),
    ]);
    // A container's state volume is as old as the container.
    for (const v of orphans) {
        if (v.kind !== 'volume' || v.inUse !== undefined)
            continue;
        const c = orphans.find((x) => x.kind === 'container' && `${x.name}_state` === v.name);
        if (c === undefined)
            continue;
        if (c.since !== undefined)
            v.since = c.since;
        if (c.sinceEvidence !== undefined)
            v.sinceEvidence = c.sinceEvidence;
    }
}
/**
 * Stopped leftovers that stopped less than `minAgeMs` ago (or whose age could not be read) stay:
 * on a shared daemon that is most often another client's builder, stopped with `buildx stop`.
 * A container's volume stays with it.
 */
function markRecent(orphans, minAgeMs, now) {
    // A running one still free here is idle on a daemon this client has alone (shared-daemon false):
    // the age is about stopped builders, so it and its volume stay removable.
    const running = (o) => o.kind === 'container' && o.state === 'running';
    for (const o of orphans) {
        if (o.inUse !== undefined || running(o))
            continue;
        if (o.kind === 'volume' && orphans.some((c) => running(c) && c.inUse === undefined && `${c.name}_state` === o.name))
            continue;
        const t = o.since !== undefined ? Date.parse(o.since) : NaN;
        if (Number.isFinite(t) && now - t >= minAgeMs)
            continue;
        o.inUse = { recent: true };
    }
}
/**
 * `buildx_buildkit_<node>` containers and `buildx_buildkit_<node>_state` volumes whose node no
 * builder has. The node of builder B is `B0`, `B1`...; the builder name is the node minus its index.
 */
function findOrphans(containers, volumes, nodes, unreadable) {
    const out = [];
    const consider = (kind, name, state) => {
        const m = ORPHAN.exec(name);
        if (!m?.[1])
            return;
        if (kind === 'container' && m[2] !== undefined)
            return;
        const node = m[1];
        if (nodes.has(node))
            return;
        const builder = node.replace(/\d+$/, '');
        if (unreadable.some((u) => builder.toLowerCase() === u.toLowerCase()))
            return;
        const o = { kind, name, builder };
        if (state !== undefined)
            o.state = state;
        out.push(o);
    };
    for (const c of listingEntries(containers))
        for (const n of c.names)
            consider('container', n, c.state);
    for (const v of listingEntries(volumes))
        for (const n of v.names)
            consider('volume', n);
    return out;
}

// EXTERNAL MODULE: ./src/docker/plugin.ts
var docker_plugin = __webpack_require__(39409);
;// CONCATENATED MODULE: ./src/phases/diagnose/plugin.ts
/** The buildx plugin the CLI would run, and its version from the binary itself. */






/**
 * The version of the plugin the CLI would run, from the plugin binary itself
 * (`docker-buildx docker-cli-plugin-metadata`: one small process where `docker buildx version`
 * starts two; the quick look's answer, which may be the one remembered for that very binary). Looked up in the CLI's own order: config.json `cliPluginsExtraDirs`, then
 * `<config dir>/cli-plugins`, then the system directories. Only for the report; the checks trust
 * it no further than `ls --format json` already proves.
 */
async function pluginMetadata(docker, configJson, quick) {
    if (docker.env.DOCKER_CLI_PLUGIN_EXTRA_DIRS !== undefined)
        return undefined; // newer CLIs search these too
    // The direct `ls` checked the metadata of the plugin the CLI picks already: the same answer.
    let result = (await quick).metadata;
    if (result === undefined) {
        const plugin = await firstPlugin((0,docker_plugin/* pluginDirs */.GB)(docker.paths.cliPluginsDir, configJson), 'docker-buildx');
        if (plugin === undefined)
            return undefined;
        result = await docker.pluginMetadata(plugin);
    }
    if (!(0,runner/* succeeded */.gq)(result))
        return { result, parseError: 'docker-cli-plugin-metadata did not run' };
    try {
        const m = JSON.parse(result.stdout);
        if (typeof m.Version !== 'string' || m.Version === '')
            throw new Error('no Version in the plugin metadata');
        return { result, parsed: (0,parse/* parseBuildxVersion */.Ou)(`docker-buildx ${m.Version}`) };
    }
    catch (e) {
        return { result, parseError: (0,errors/* errorMessage */.gJ)(e) };
    }
}
async function firstPlugin(dirs, name) {
    const found = await Promise.all(dirs.map(async (d) => {
        const p = (0,external_node_path_.join)(d, name);
        try {
            return (await (0,promises_.stat)(p)).isFile() ? p : undefined;
        }
        catch {
            return undefined;
        }
    }));
    return found.find((p) => p !== undefined);
}

;// CONCATENATED MODULE: ./src/tasks/container-file.ts

/** The first regular file of a tar stream (ustar header: size in octal at 124..136), or undefined. */
function firstTarFile(tar) {
    if (tar.length < 512)
        return undefined;
    const type = String.fromCharCode(tar[156] ?? 0);
    if (type !== '0' && type !== '\0')
        return undefined;
    const size = parseInt(tar.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8);
    if (!Number.isFinite(size) || size < 0 || 512 + size > tar.length)
        return undefined;
    return tar.subarray(512, 512 + size).toString('utf8');
}
/** The file's text, or undefined when it cannot be read (no such file, container gone, not a file). */
async function readContainerFile(docker, container, path) {
    const r = await docker.run(['cp', `${container}:${path}`, '-'], { timeoutMs: docker.timeouts.probe });
    if (!(0,runner/* succeeded */.gq)(r))
        return undefined;
    // The runner decodes stdout as UTF-8: encoded again, a text file and its ASCII header are the same bytes.
    return firstTarFile(Buffer.from(r.stdout, 'utf8'));
}

;// CONCATENATED MODULE: ./src/phases/diagnose/restart-loops.ts




/** The daemon's answer about a container between two starts (`Container ID is restarting, wait ...`). */
const RESTARTING = /\bis restarting\b/i;
/** Lines of a looping container's log read for the cause: its last start's error and stack fit. */
const LOOP_LOG_LINES = 60;
/** Where buildx puts a docker-container builder's buildkitd.toml. */
const BUILDKITD_TOML = '/etc/buildkit/buildkitd.toml';
/**
 * The BuildKit containers of this client's builders that restart in a loop (listed `restarting`,
 * or whose process list the daemon refused because it is restarting), each with the tail of its
 * own log, where buildkitd says why it exits.
 */
async function restartLoops(docker, builders, containers, activity) {
    const listed = new Map();
    for (const c of listingEntries(containers))
        for (const n of c.names)
            listed.set(n, c);
    const out = {};
    for (const b of builders) {
        for (const node of b.nodes) {
            const name = `buildx_buildkit_${node.name}`;
            const l = listed.get(name);
            // Listed or refused as restarting, or buildx itself was refused so (the listing may catch
            // the short run of one start).
            const said = [node.error, b.error].some((e) => e !== undefined && RESTARTING.test(e));
            if (l?.state !== 'restarting' && activity[name]?.state !== 'restarting' && !said)
                continue;
            const logs = await docker.logs(name, LOOP_LOG_LINES);
            const loop = { builder: b.name, container: name, stateBroken: false, logs };
            if (l?.status !== undefined)
                loop.status = l.status;
            const cause = (0,runner/* succeeded */.gq)(logs) ? (0,parse/* buildkitdExitCause */.qX)(`${logs.stdout}\n${logs.stderr}`) : undefined;
            if (cause !== undefined) {
                loop.cause = cause;
                loop.stateBroken = (0,parse/* stateBroken */.Vn)(cause);
            }
            // What it starts with, to tell a config written into the container from its definition's.
            const config = loop.stateBroken ? undefined : await readContainerFile(docker, name, BUILDKITD_TOML);
            if (config !== undefined)
                loop.config = config;
            out[name] = loop;
        }
    }
    return out;
}

;// CONCATENATED MODULE: ./src/phases/diagnose/gather.ts
/**
 * Gathering the facts the checks read: the cheap first stage (`buildx ls`, the state files, the
 * leftovers' listings, the plugin's version, the client), the CLI probes when that first look is
 * not plainly healthy, then what follows from them (the builder in use, orphans, activity, restart
 * loops, the disk) and, at the full level, src/phases/diagnose/full.ts.
 */


















/** buildx gained `ls --format json` in 0.13. */
const LS_JSON_SINCE = '0.13.0';
/**
 * Facts for the checks. Quick level (the `auto` step before every build): one `buildx ls --format
 * json` (daemon reachable, plugin present and >= 0.13, every builder's status), the state files
 * read with fs, and the leftovers listed through the Engine API where the daemon's socket is local
 * (the CLI otherwise). The CLI probes (`docker version`, `docker info`, `buildx version`) run only
 * when that first look shows anything amiss, so every fault is still diagnosed from their output;
 * the full level always runs them.
 */
async function gatherFacts(deps, opts, level) {
    const { docker } = deps;
    // The full level needs the probes anyway: start them with the rest, not after it.
    const early = level === 'full' ? cliProbes(docker) : undefined;
    // Awaited below; if gathering the rest throws first, its failure must not go unhandled.
    early?.catch(() => undefined);
    const base = await gatherBase(docker, opts, level);
    let probes;
    if (early !== undefined)
        probes = await early;
    else if (needsProbes(base, opts))
        probes = await cliProbes(docker);
    // The Engine API could not be asked (or did not answer): the CLI's own listing, as evidence.
    const apiFailed = (r) => r.argv[0] === 'GET' && !(0,runner/* succeeded */.gq)(r) && !r.timedOut;
    if (apiFailed(base.containers) || apiFailed(base.volumes)) {
        [base.containers, base.volumes] = await cliLeftovers(docker);
    }
    let ls = base.ls;
    const bxv = probes?.buildxVersion.parsed?.semver;
    const oldBuildx = bxv !== null && bxv !== undefined && (0,util/* compareVersions */.Zy)(bxv, LS_JSON_SINCE) < 0;
    if (oldBuildx || /unknown flag: --format/.test(base.ls.result.stderr))
        ls = await docker.ls(false);
    const facts = {
        ls,
        inspects: {},
        builders: (ls.parsed?.builders ?? []).map((b) => ({ ...b, nodes: b.nodes.map((n) => ({ ...n })) })),
        instanceFiles: base.instanceFiles,
        currentFile: base.currentFile,
        buildkitdTomls: [...base.userTomls, ...instanceTomls(base.instanceFiles)],
        containers: base.containers,
        volumes: base.volumes,
        orphans: [],
        contexts: base.contexts,
        client: base.client,
    };
    if (probes !== undefined) {
        facts.dockerVersion = probes.dockerVersion;
        facts.info = probes.info;
        facts.buildxVersion = probes.buildxVersion;
    }
    else {
        if (base.apiInfo?.parsed !== undefined)
            facts.info = base.apiInfo;
        // Only a version that was read: an unread one would look like a missing plugin to the checks.
        if (base.pluginVersion?.parsed?.semver)
            facts.buildxVersion = base.pluginVersion;
    }
    if (base.daemonJson)
        facts.daemonJson = base.daemonJson;
    const env = docker.env;
    if (env.DOCKER_BUILDKIT !== undefined)
        facts.dockerBuildkitEnv = env.DOCKER_BUILDKIT;
    if (env.DOCKER_HOST !== undefined && env.DOCKER_HOST !== '')
        facts.dockerHost = env.DOCKER_HOST;
    facts.currentBuilder = resolveCurrent(facts, env);
    // buildx 0.13's `ls --format json` has no current marker: the resolved one is the truth.
    if (facts.currentBuilder !== undefined)
        for (const b of facts.builders)
            b.current = b.name === facts.currentBuilder;
    facts.orphans = findOrphans(base.containers, base.volumes, knownNodeNames(facts), unreadableInstanceNames(base.instanceFiles));
    // Process lists matter to a clean, which works from a full diagnose; the quick look needs them
    // only where idle leftovers are removable (a daemon this client has alone).
    const shared = opts.sharedDaemon !== false;
    const activity = level === 'full' || !shared
        ? await (0,tasks_activity/* containerActivity */.JI)(docker, base.engine, runningContainers(base.containers), level !== 'full')
        : {};
    for (const name of pausedContainers(base.containers))
        activity[name] = { state: 'unknown', processes: ['(paused)'], evidence: base.containers };
    if (Object.keys(activity).length > 0)
        facts.activity = activity;
    const loops = await restartLoops(docker, facts.builders, base.containers, activity);
    if (Object.keys(loops).length > 0)
        facts.restartLoops = loops;
    markInUse(facts.orphans, activity, shared, (0,runner/* succeeded */.gq)(base.containers));
    await leftoverAges(docker, facts.orphans);
    markRecent(facts.orphans, opts.orphanMinAgeMs ?? DEFAULT_ORPHAN_MIN_AGE_MS, Date.now());
    // The context in use is missing or dead: does the default endpoint a repair would switch to answer?
    const cause = clientCause(facts);
    if (facts.client !== undefined &&
        facts.client.inUse.source === 'config.json' &&
        cause !== undefined &&
        cause.id !== 'client.env-invalid') {
        facts.client.defaultEndpoint = await docker.run(['--context', 'default', 'version', '--format', '{{.Server.Version}}'], { timeoutMs: docker.timeouts.probe });
    }
    const disk = await diskFree(facts.info?.parsed?.dockerRootDir, facts.dockerHost);
    if (disk)
        facts.disk = disk;
    if (level === 'full' && !(0,util/* daemonDown */.bv)(facts))
        await gatherFull(deps, opts, facts);
    return facts;
}
/** The first stage, all at once: `buildx ls`, files, leftovers (Engine API or CLI), the plugin's version. */
async function gatherBase(docker, opts, level) {
    const paths = docker.paths;
    // The API socket and the plugin directories are this machine's: looked at only when the runner
    // runs this machine's processes too (a scripted runner's tests stay scripted).
    const real = (0,docker_engine/* runsRealProcesses */.I9)(docker.runner);
    // `buildx ls` is the longest probe: it starts first, and every other one runs while it does.
    const lsRun = level === 'quick' && real ? docker.quickLs() : docker.ls(true).then((ls) => ({ ls }));
    // Its failure is Promise.all's below, not an unhandled rejection while the config is read.
    lsRun.catch(() => undefined);
    const configJson = await (0,promises_.readFile)(paths.configJson, 'utf8').catch(() => undefined);
    const socket = real ? (0,docker_engine/* localEngineSocket */.Tc)(docker.env, configJson) : undefined;
    const engine = socket !== undefined ? new docker_engine/* EngineApi */.PB(socket) : undefined;
    const [ls, instanceFiles, currentFile, contexts, daemonJson, userTomls, leftovers, apiInfo, pluginVersion, client] = await Promise.all([
        lsRun.then((q) => q.ls),
        readStateDir(paths.instancesDir),
        readStateFile(paths.currentFile, true),
        readContextNames(paths.contextsMetaDir),
        readFirstDaemonJson(opts.daemonJsonPaths),
        Promise.all(opts.buildkitdTomlPaths.map((p) => readTomlFile(p))),
        engine !== undefined ? apiLeftovers(engine, docker.timeouts.probe) : cliLeftovers(docker),
        engine !== undefined ? apiInfoOf(engine, docker.timeouts.probe) : undefined,
        level === 'quick' && real ? pluginMetadata(docker, configJson, lsRun) : undefined,
        (0,tasks_client/* gatherClient */.h_)(paths, docker.env),
    ]);
    const base = {
        ls,
        instanceFiles,
        currentFile,
        contexts,
        daemonJson,
        userTomls,
        containers: leftovers[0],
        volumes: leftovers[1],
        client,
    };
    if (apiInfo !== undefined)
        base.apiInfo = apiInfo;
    if (pluginVersion !== undefined)
        base.pluginVersion = pluginVersion;
    if (engine !== undefined)
        base.engine = engine;
    return base;
}
function cliProbes(docker) {
    return Promise.all([docker.version(), docker.info(), docker.buildxVersion()]).then(([dockerVersion, info, buildxVersion]) => ({ dockerVersion, info, buildxVersion }));
}
/** `GET /info`: the data root (for the disk check) and the daemon's version, for a few ms. */
async function apiInfoOf(engine, timeoutMs) {
    const result = await engine.get(docker_engine/* INFO_PATH */.pW, { timeoutMs });
    if (!(0,runner/* succeeded */.gq)(result))
        return { result, parseError: 'GET /info did not answer' };
    try {
        return { result, parsed: (0,parse/* parseDockerInfo */.AB)(result.stdout) };
    }
    catch (e) {
        return { result, parseError: (0,errors/* errorMessage */.gJ)(e) };
    }
}
/**
 * True when the first look is not plainly healthy, so the CLI probes must tell what is wrong:
 * `ls` failed, timed out, printed to stderr or fell back to the table; a builder or node is in
 * error; the leftovers could not be listed; or the minimum buildx version is one a working
 * `ls --format json` (buildx >= 0.13) does not already prove.
 */
function needsProbes(base, opts) {
    const ls = base.ls;
    if (!(0,runner/* succeeded */.gq)(ls.result) || ls.parsed === undefined || ls.result.stderr.trim() !== '')
        return true;
    if (ls.parsed.format !== 'json')
        return true;
    if (ls.parsed.builders.some((b) => b.status === 'error' ||
        b.error !== undefined ||
        b.nodes.some((n) => n.status === 'error' || n.error !== undefined)))
        return true;
    if (!(0,runner/* succeeded */.gq)(base.containers) || !(0,runner/* succeeded */.gq)(base.volumes))
        return true;
    return (0,util/* compareVersions */.Zy)(opts.minBuildxVersion, LS_JSON_SINCE) > 0;
}
/** The builder in use: BUILDX_BUILDER, the `current` file, the ls marker, else the docker context's. */
function resolveCurrent(facts, env) {
    if (env.BUILDX_BUILDER)
        return env.BUILDX_BUILDER;
    const c = facts.currentFile;
    if (c?.content !== undefined && c.parseError === undefined) {
        try {
            const v = JSON.parse(c.content);
            // buildx quietly falls back to the context's builder when `current` names a missing one.
            if (typeof v.Name === 'string' && v.Name !== '' && knownBuilderNames(facts).has(v.Name.toLowerCase()))
                return v.Name;
        }
        catch {
            /* reported by state.invalid-current */
        }
    }
    const marked = facts.builders.find((b) => b.current);
    if (marked)
        return marked.name;
    return env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== '' ? env.DOCKER_CONTEXT : 'default';
}

;// CONCATENATED MODULE: ./src/phases/diagnose.ts




async function diagnose(deps, opts, level) {
    const started = Date.now();
    deps.log.phase?.('diagnose', `diagnose (${level})`);
    const facts = await gatherFacts(deps, opts, level);
    const { findings, crashed } = runChecks(CHECKS, facts, opts);
    // Probes that failed with no finding to explain them are a finding themselves: never a verdict
    // of healthy for want of evidence.
    findings.push(...(0,probe/* probeFindings */.VF)(facts, findings));
    for (const f of findings)
        deps.log.debug(`finding ${f.id} (${f.severity}) ${f.subject}: ${f.message}`);
    const out = { facts, findings, builders: facts.builders, crashed, durationMs: Date.now() - started };
    if (facts.currentBuilder !== undefined)
        out.currentBuilder = facts.currentBuilder;
    if (facts.baseline !== undefined)
        out.baseline = facts.baseline;
    return out;
}
/** Runs each check, timed and wrapped: a crash is reported as data next to the other findings. */
function runChecks(checks, facts, options) {
    const findings = [];
    const crashed = [];
    for (const check of checks) {
        try {
            findings.push(...check.run({ facts, options }));
        }
        catch (e) {
            crashed.push(check.id);
            findings.push({
                id: 'check.crashed',
                severity: 'warning',
                subject: check.id,
                message: `Check ${check.id} (${check.title}) crashed: ${(0,errors/* errorMessage */.gJ)(e)}`,
                evidence: [{ kind: 'note', text: e instanceof Error && e.stack ? e.stack : (0,errors/* errorMessage */.gJ)(e) }],
            });
        }
    }
    return { findings, crashed };
}


/***/ }),

/***/ 36479:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Oe: () => (/* binding */ currentFindings),
/* harmony export */   UK: () => (/* binding */ currentBuilders),
/* harmony export */   bw: () => (/* binding */ writeMetricsFile),
/* harmony export */   fZ: () => (/* binding */ builderHealthy),
/* harmony export */   qF: () => (/* binding */ renderMetrics)
/* harmony export */ });
/* harmony import */ var _core_crypto_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(16082);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_report_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(30544);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(69928);
/**
 * Prometheus text exposition format (version 0.0.4) for a node exporter's textfile collector.
 *
 * Pure renderer: `(report) => string`. Every series is a gauge: a textfile is a snapshot of the
 * last run, not a counter the exporter could keep incrementing. No sample timestamps: the
 * textfile collector rejects files that carry them.
 */





const METRIC_PREFIX = 'buildkit_healer';
/** Every status a run can end with: one `last_run_status` series each, 1 for the current one. */
const ALL_STATUSES = ['healthy', 'unhealthy', 'repaired', 'failed'];
const ALL_SEVERITIES = ['info', 'warning', 'error'];
/** Label values: backslash, double quote and line feed are the only escapes the format knows. */
function escapeLabelValue(v) {
    return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}
/** HELP text: backslash and line feed are escaped (quotes are not, unlike label values). */
function escapeHelp(v) {
    return v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}
/** Go's strconv.ParseFloat spellings, which the exporter parses: `+Inf`, `-Inf`, `NaN`. */
function formatValue(v) {
    if (Number.isNaN(v))
        return 'NaN';
    if (v === Infinity)
        return '+Inf';
    if (v === -Infinity)
        return '-Inf';
    return String(v);
}
function formatLabels(labels) {
    const keys = Object.keys(labels);
    if (keys.length === 0)
        return '';
    return `{${keys.map((k) => `${k}="${escapeLabelValue(labels[k] ?? '')}"`).join(',')}}`;
}
function renderFamily(f) {
    const lines = [`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} gauge`];
    for (const s of f.samples)
        lines.push(`${f.name}${formatLabels(s.labels)} ${formatValue(s.value)}`);
    return lines.join('\n');
}
/** A builder is healthy when neither it nor any of its nodes is in error or unknown. */
function builderHealthy(b) {
    if (b.status === 'error' || b.status === 'unknown' || b.error)
        return false;
    return b.nodes.every((n) => n.status !== 'error' && n.status !== 'unknown' && !n.error);
}
/** The state the run left behind: after a heal, the re-diagnosed builders and findings. */
function currentBuilders(r) {
    return r.buildersAfter ?? r.builders;
}
function currentFindings(r) {
    return r.findingsAfter ?? r.findings;
}
/** Two series with the same labels make the collector drop the whole file: keep the first. */
function dedupe(samples) {
    const seen = new Set();
    return samples.filter((s) => {
        const key = JSON.stringify(Object.entries(s.labels));
        if (seen.has(key))
            return false;
        seen.add(key);
        return true;
    });
}
/** One entry per phase name, in first-run order: durations summed, ok only when every run was. */
function phaseTotals(r) {
    const byName = new Map();
    for (const p of r.phases) {
        const t = byName.get(p.phase);
        if (t) {
            t.durationMs += p.durationMs;
            t.ok &&= p.ok;
        }
        else
            byName.set(p.phase, { phase: p.phase, durationMs: p.durationMs, ok: p.ok });
    }
    return [...byName.values()];
}
/** The builder in use: its own flag, else the report's `currentBuilder` when no builder has the flag. */
function isCurrent(r, builders, b) {
    if (builders.some((x) => x.current))
        return b.current;
    return r.currentBuilder !== undefined && b.name === r.currentBuilder;
}
function seconds(iso) {
    const ms = Date.parse(iso);
    return Number.isFinite(ms) ? ms / 1000 : undefined;
}
const metric = (s) => `${METRIC_PREFIX}_${s}`;
function families(r) {
    return [...runFamilies(r), ...builderFamilies(r), ...findingFamilies(r), ...cacheFamilies(r), ...phaseFamilies(r)];
}
/** Health, status, when the run finished and how long it took. */
function runFamilies(r) {
    const mode = r.mode;
    const out = [];
    out.push({
        name: metric('healthy'),
        help: 'Whether the last run left BuildKit healthy (1) or not (0).',
        samples: [{ labels: { mode }, value: r.healthy ? 1 : 0 }],
    });
    out.push({
        name: metric('last_run_status'),
        help: 'Status of the last run: 1 for the status it ended with, 0 for the others.',
        samples: ALL_STATUSES.map((s) => ({ labels: { mode, status: s }, value: s === r.status ? 1 : 0 })),
    });
    const finished = seconds(r.finishedAt);
    if (finished !== undefined) {
        out.push({
            name: metric('last_run_timestamp_seconds'),
            help: 'When the last run finished, in seconds since the Unix epoch.',
            samples: [{ labels: { mode }, value: finished }],
        });
    }
    const started = seconds(r.startedAt);
    if (finished !== undefined && started !== undefined) {
        out.push({
            name: metric('last_run_duration_seconds'),
            help: 'How long the last run took, in seconds.',
            samples: [{ labels: { mode }, value: Math.max(0, finished - started) }],
        });
    }
    return out;
}
function builderFamilies(r) {
    return [
        {
            name: metric('builders'),
            help: 'How many builders buildx listed after the last run (0 when it could list none).',
            samples: [{ labels: {}, value: new Set(currentBuilders(r).map((b) => b.name)).size }],
        },
        {
            name: metric('builder_healthy'),
            help: 'Whether each builder is healthy (1) or in error (0) after the last run.',
            samples: dedupe(currentBuilders(r).map((b) => ({
                labels: { builder: b.name, driver: b.driver },
                value: builderHealthy(b) ? 1 : 0,
            }))),
        },
        {
            name: metric('builder_current'),
            help: 'The builder in use (1) after the last run.',
            samples: dedupe(currentBuilders(r).map((b) => ({
                labels: { builder: b.name, driver: b.driver },
                value: isCurrent(r, currentBuilders(r), b) ? 1 : 0,
            }))),
        },
    ];
}
function findingFamilies(r) {
    const findings = currentFindings(r);
    const counts = (0,_core_report_js__WEBPACK_IMPORTED_MODULE_3__/* .countBySeverity */ .Ot)(findings);
    const out = [];
    out.push({
        name: metric('findings'),
        help: 'Findings left after the last run, by severity.',
        samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: counts[s] })),
    });
    out.push({
        name: metric('finding'),
        help: 'Each finding left after the last run (1), by stable finding id, severity and subject.',
        samples: dedupe(findings.map((f) => ({ labels: { id: f.id, severity: f.severity, subject: f.subject }, value: 1 }))),
    });
    if (r.findingsAfter) {
        const before = (0,_core_report_js__WEBPACK_IMPORTED_MODULE_3__/* .countBySeverity */ .Ot)(r.findings);
        out.push({
            name: metric('findings_detected'),
            help: 'Findings the last run detected before it repaired anything, by severity.',
            samples: ALL_SEVERITIES.map((s) => ({ labels: { severity: s }, value: before[s] })),
        });
    }
    return out;
}
function cacheFamilies(r) {
    if (!r.cache)
        return [];
    return [
        {
            name: metric('cache_bytes'),
            help: 'Build cache size reported by docker buildx du, in bytes.',
            samples: [{ labels: {}, value: r.cache.totalBytes }],
        },
        {
            name: metric('cache_reclaimable_bytes'),
            help: 'Build cache that docker buildx prune could reclaim, in bytes.',
            samples: [{ labels: {}, value: r.cache.reclaimableBytes }],
        },
    ];
}
/** The phases' durations and results, then the versions seen. */
function phaseFamilies(r) {
    const phases = phaseTotals(r);
    const info = { version: r.tool.version, host: r.host.hostname };
    if (r.versions.docker)
        info.docker = r.versions.docker;
    if (r.versions.buildx)
        info.buildx = r.versions.buildx;
    if (r.versions.buildkit)
        info.buildkit = r.versions.buildkit;
    return [
        {
            name: metric('phase_duration_seconds'),
            help: 'Time the last run spent in each phase, in seconds (a phase run twice, like diagnose before and after a repair, is summed).',
            samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.durationMs / 1000 })),
        },
        {
            name: metric('phase_ok'),
            help: 'Whether each phase of the last run succeeded (1) or failed (0); skipped phases count as 1.',
            samples: phases.map((p) => ({ labels: { phase: p.phase }, value: p.ok ? 1 : 0 })),
        },
        {
            name: metric('info'),
            help: 'Versions seen by the last run (always 1): buildkit-healer, docker, buildx, BuildKit.',
            samples: [{ labels: info, value: 1 }],
        },
    ];
}
/** The whole textfile: one HELP/TYPE block per family; families without samples are left out. */
function renderMetrics(report) {
    return (families(report)
        .filter((f) => f.samples.length > 0)
        .map(renderFamily)
        .join('\n') + '\n');
}
/**
 * Writes the file atomically: a temp file in the same directory (same filesystem), fsynced, then
 * renamed over the target, so the collector never reads half a file. The temp name does not end
 * in `.prom`, so the collector ignores it while it exists.
 */
async function writeMetricsFile(path, text) {
    const dir = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(path);
    await (0,_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .makeDir */ .gE)(dir);
    const tmp = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(dir, `.${(0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(path)}.${process.pid}.${(0,_core_crypto_js__WEBPACK_IMPORTED_MODULE_0__/* .randomBytes */ .po)(6).toString('hex')}.tmp`);
    try {
        const fh = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.open)(tmp, 'w', 0o644);
        try {
            await fh.writeFile(text, 'utf8');
            await fh.sync();
        }
        finally {
            await fh.close();
        }
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rename)(tmp, path);
    }
    catch (e) {
        await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.rm)(tmp, { force: true });
        throw e;
    }
}


/***/ }),

/***/ 51388:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   v: () => (/* binding */ rollbackRecordLines)
/* harmony export */ });
/** Why and when, and the diagnose after the restore, as text lines (the CLI's rollback text, the action's summary, the heal's text). */
function rollbackRecordLines(rec) {
    if (rec === undefined)
        return [];
    const out = ['', `Why: ${rec.trigger}: ${rec.reason}`, ...rec.failedChecks.map((c) => `  failed: ${c}`)];
    out.push(`When: rollback ${rec.startedAt} to ${rec.finishedAt}${rec.healStartedAt !== undefined ? `; heal started ${rec.healStartedAt}` : ''}${rec.failedAt !== undefined ? `, failed ${rec.failedAt}` : ''}`);
    const src = rec.source;
    if (src !== undefined)
        out.push(`Source: ${src.store} store, checked by ${src.checked === 'unverified' ? 'nothing (trust-unsigned)' : src.checked}${src.repository !== undefined ? `, repository ${src.repository}` : ''}${src.runId !== undefined ? `, run ${src.runId}` : ''}: ${src.ok ? 'accepted' : 'REFUSED'}; ${src.detail}`);
    const d = rec.diagnoseAfter;
    if (d !== undefined) {
        const problems = d.findings.filter((f) => f.severity !== 'info');
        out.push(`Diagnose after: ${d.error ?? (d.healthy ? 'healthy' : 'UNHEALTHY')}${problems.length > 0 ? `; ${problems.map((f) => `${f.severity} ${f.id} (${f.subject})`).join(', ')}` : ''}`);
    }
    return out;
}


/***/ }),

/***/ 20225:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   JI: () => (/* binding */ containerActivity),
/* harmony export */   nx: () => (/* binding */ activityOf),
/* harmony export */   pQ: () => (/* binding */ notRunning)
/* harmony export */ });
/* unused harmony export restarting */
/* harmony import */ var _docker_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(83234);
/* harmony import */ var _docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(55298);
/* harmony import */ var _docker_runner_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(87240);



/** At most this many process lists are asked for at once. */
const AT_ONCE = 4;
/**
 * What a busy list shows may be ending: buildx's own `ls`/`inspect` and every build exec `buildctl
 * dial-stdio` into running nodes, and a build's last step (its runc and shell) goes only after the
 * build's client has returned; on a loaded host either can take seconds (seen after the heal's own
 * baseline build, and after a test's build under two test shards' load). A busy list is asked for
 * again after each of these pauses (10 s in all) before it counts as busy; a real build stays for
 * its whole length, so a busy builder is still kept, only later. The quick look (the pre-build
 * step, `quick`) waits so only on a list of buildx's clients alone (6 s at most): a build running
 * beside it is busy at once there, not 10 s later.
 */
const RECHECK_MS = [300, 600, 800, 800, 1500, 2000, 2000, 2000];
const QUICK_RECHECK_MS = RECHECK_MS.slice(0, 6);
async function containerActivity(docker, engine, names, quick = false) {
    const out = {};
    const queue = [...names];
    const worker = async () => {
        for (let name = queue.shift(); name !== undefined; name = queue.shift())
            out[name] = await activityOf(docker, engine, name, quick);
    };
    await Promise.all(Array.from({ length: Math.min(AT_ONCE, names.length) }, worker));
    return out;
}
async function activityOf(docker, engine, name, quick = false) {
    let p = await top(docker, engine, name);
    for (const ms of quick ? QUICK_RECHECK_MS : RECHECK_MS) {
        if (p.parsed === undefined || (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)(p.parsed) !== 'busy')
            break;
        if (quick && !onlyClients(p.parsed))
            break;
        await new Promise((r) => setTimeout(r, ms));
        const again = await top(docker, engine, name);
        if (again.parsed === undefined)
            break;
        p = again;
    }
    if (p.parsed === undefined)
        return { state: restarting(p.result) ? 'restarting' : 'unknown', processes: [], evidence: p.result };
    return { state: (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)(p.parsed), processes: p.parsed.map((x) => x.args), evidence: p.result };
}
/** The daemon refused the process list because the container is restarting: its process exited. */
function restarting(r) {
    return !(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(r) && !r.timedOut && /\bis restarting\b/i.test(`${r.stderr}\n${r.stdout}`);
}
/** The container is gone or stopped: nothing can be building in it. */
function notRunning(r) {
    return !(0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(r) && !r.timedOut && /is not running|no such container/i.test(`${r.stderr}\n${r.stdout}`);
}
async function top(docker, engine, name) {
    if (engine !== undefined) {
        const psArgs = encodeURIComponent('-o pid,args');
        const result = await engine.get(`/containers/${encodeURIComponent(name)}/top?ps_args=${psArgs}`, {
            timeoutMs: docker.timeouts.probe,
        });
        if ((0,_docker_runner_js__WEBPACK_IMPORTED_MODULE_2__/* .succeeded */ .gq)(result))
            return (0,_docker_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .attempt */ .CD)(result, _docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .parseTop */ .fm);
        // A daemon that does not answer in time will not answer the CLI either.
        if (result.timedOut)
            return { result, parseError: 'top timed out' };
    }
    return docker.top(name);
}
/** Besides buildkitd only connected clients (`buildctl dial-stdio`), no build step. */
function onlyClients(ps) {
    const extra = ps.filter((p) => (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .buildkitActivity */ .cJ)([p]) === 'busy');
    return extra.length > 0 && extra.every((p) => (0,_docker_parse_index_js__WEBPACK_IMPORTED_MODULE_1__/* .programName */ .kX)(p.args) === 'buildctl' && /\bdial-stdio\b/.test(p.args));
}


/***/ }),

/***/ 77603:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   h_: () => (/* binding */ gatherClient),
/* harmony export */   ju: () => (/* binding */ decodeConfigJson)
/* harmony export */ });
/* unused harmony export contextInUse */
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(73024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(74296);
/* harmony import */ var _core_files_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(69928);
/* harmony import */ var _docker_parse_config_json_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(13231);
/**
 * Facts of the Docker *client* layer, read with fs only (no process): `config.json` and its
 * `currentContext`, every context's `meta.json`, the context in use and where that comes from (the
 * docker CLI's own order: DOCKER_HOST, DOCKER_CONTEXT, config.json, default), the environment
 * variables docker and buildx read, and the files under the config dir this user cannot read or
 * change. The checks in src/checks/client.ts judge them.
 */






/** The variables docker and buildx read that can point them at something missing or dead. */
const CLIENT_ENV = [
    'DOCKER_HOST',
    'DOCKER_CONTEXT',
    'DOCKER_CONFIG',
    'BUILDX_BUILDER',
    'DOCKER_BUILDKIT',
    'BUILDX_CONFIG',
];
function code(e) {
    return typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : undefined;
}
async function gatherClient(paths, env) {
    const [configJson, contexts, unreadable, dirs] = await Promise.all([
        readConfigJson(paths.configJson),
        readContexts(paths.contextsMetaDir),
        unreadableFiles(paths),
        Promise.all([envDir(env.DOCKER_CONFIG), envDir(env.BUILDX_CONFIG)]),
    ]);
    const vars = {};
    for (const k of CLIENT_ENV) {
        const v = env[k];
        if (v !== undefined && v !== '')
            vars[k] = v;
    }
    const facts = {
        configJson,
        contexts,
        env: vars,
        inUse: contextInUse(vars, configJson.currentContext),
        unreadable,
        envDirs: {},
    };
    if (dirs[0] !== undefined)
        facts.envDirs.DOCKER_CONFIG = dirs[0];
    if (dirs[1] !== undefined)
        facts.envDirs.BUILDX_CONFIG = dirs[1];
    return facts;
}
/** The docker CLI's order (cli/command/cli.go resolveContextName): DOCKER_HOST, DOCKER_CONTEXT, config.json. */
function contextInUse(env, currentContext) {
    if (env.DOCKER_HOST !== undefined)
        return { name: 'default', source: 'DOCKER_HOST' };
    if (env.DOCKER_CONTEXT !== undefined)
        return { name: env.DOCKER_CONTEXT, source: 'DOCKER_CONTEXT' };
    if (currentContext !== undefined && currentContext !== '')
        return { name: currentContext, source: 'config.json' };
    return { name: 'default', source: 'default' };
}
async function readConfigJson(path) {
    let content;
    try {
        content = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
    }
    catch (e) {
        if (code(e) === 'ENOENT')
            return { path, exists: false };
        return { path, exists: true, readError: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    const out = { path, exists: true };
    const d = decodeConfigJson(content);
    if (d.error !== undefined) {
        out.parseError = d.error;
        out.size = Buffer.byteLength(content);
        return out;
    }
    // Any key case, as the CLI's Go decoder matches it (`CurrentContext` counts).
    const cur = d.value !== undefined ? (0,_docker_parse_config_json_js__WEBPACK_IMPORTED_MODULE_5__/* .currentContextOf */ .c)(d.value) : undefined;
    if (cur !== undefined)
        out.currentContext = cur;
    return out;
}
/**
 * config.json as the docker CLI reads it (cli/config/configfile: one `json.Decoder.Decode` into the
 * settings struct): the first JSON value counts and anything after it is never read; an empty file
 * or a `null` is no settings; a first value that is not an object (or does not parse) is an error,
 * on which docker warns and runs without the file. Checked against the docker CLI on the test daemon.
 */
function decodeConfigJson(text) {
    // JSON's own white space only, as Go's decoder: a byte order mark or another space before the
    // value is an error to docker ("invalid character '\u00ef'"), which then runs without the file.
    const start = text.search(/[^ \t\r\n]/);
    if (start < 0)
        return {};
    let v;
    try {
        v = JSON.parse(text.slice(start, firstValueEnd(text, start)));
    }
    catch (e) {
        return { error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    if (v === null)
        return {};
    if (typeof v !== 'object' || Array.isArray(v))
        return { error: 'not a JSON object' };
    return { value: v };
}
/** Where the JSON value starting at `start` ends (its closing bracket or quote; the text's end when it has none). */
function firstValueEnd(text, start) {
    const open = text[start];
    if (open === '"') {
        for (let i = start + 1; i < text.length; i++) {
            if (text[i] === '\\')
                i++;
            else if (text[i] === '"')
                return i + 1;
        }
        return text.length;
    }
    if (open !== '{' && open !== '[') {
        const m = /^[^\s{}[\]",:]*/.exec(text.slice(start));
        return start + (m?.[0].length ?? 0);
    }
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
        }
        else if (c === '"')
            inString = true;
        else if (c === '{' || c === '[')
            depth++;
        else if (c === '}' || c === ']') {
            depth--;
            if (depth === 0)
                return i + 1;
        }
    }
    return text.length;
}
/** Every `contexts/meta/<sha>/meta.json`; a directory without one is skipped, as docker skips it. */
async function readContexts(metaDir) {
    let dirs;
    try {
        dirs = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(metaDir);
    }
    catch {
        return [];
    }
    const out = await Promise.all(dirs.map(async (d) => {
        const path = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(metaDir, d, 'meta.json');
        let text;
        try {
            text = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readFile)(path, 'utf8');
        }
        catch (e) {
            if (code(e) === 'ENOENT' || code(e) === 'ENOTDIR')
                return undefined;
            return { path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
        }
        try {
            const m = JSON.parse(text);
            if (typeof m.Name !== 'string' || m.Name === '')
                return { path, error: 'no Name in meta.json' };
            const c = { path, name: m.Name };
            const host = m.Endpoints?.docker?.Host;
            if (typeof host === 'string')
                c.endpoint = host;
            return c;
        }
        catch (e) {
            return { path, error: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
        }
    }));
    return out
        .filter((c) => c !== undefined)
        .sort((a, b) => (a.name ?? a.path).localeCompare(b.name ?? b.path));
}
/** How a DOCKER_CONFIG / BUILDX_CONFIG directory looks: missing (and creatable?), not a directory. */
async function envDir(dir) {
    if (dir === undefined || dir === '')
        return undefined;
    try {
        const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(dir);
        return s.isDirectory() ? undefined : { path: dir, problem: 'exists and is not a directory' };
    }
    catch (e) {
        if (code(e) !== 'ENOENT')
            return { path: dir, problem: (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e) };
    }
    // Missing: docker and buildx create it, when the nearest existing parent is writable.
    let p = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(dir);
    for (let i = 0; i < 64; i++) {
        try {
            const s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(p);
            if (!s.isDirectory())
                return { path: dir, problem: `${p} is not a directory` };
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK);
            return undefined;
        }
        catch (e) {
            if (code(e) !== 'ENOENT')
                return { path: dir, problem: `does not exist and cannot be created (${p}: ${code(e) ?? (0,_core_errors_js__WEBPACK_IMPORTED_MODULE_3__/* .errorMessage */ .gJ)(e)})` };
        }
        const up = (0,node_path__WEBPACK_IMPORTED_MODULE_2__.dirname)(p);
        if (up === p)
            break;
        p = up;
    }
    return undefined;
}
/** Max entries looked at under the config dir (a runner's ~/.docker stays small). */
const WALK_LIMIT = 2000;
/** Under the config dir, what docker and buildx read and write; backups and plugins are not theirs to change. */
const SKIP = new Set(['cli-plugins', 'buildkit-healer', 'scan', 'mutagen']);
/** Looked at, not walked: buildx keeps one file per build under `refs` (thousands on a busy runner). */
const NO_DESCEND = new Set(['refs']);
/**
 * Files and directories docker or buildx must read or change that this user cannot (`access`):
 * what `sudo docker buildx ...` leaves root-owned. Only meaningful for a non-root user.
 */
async function unreadableFiles(paths) {
    const out = [];
    let seen = 0;
    const visit = async (p, depth) => {
        if (++seen > WALK_LIMIT)
            return;
        let s;
        try {
            s = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.stat)(p);
        }
        catch {
            return;
        }
        const need = s.isDirectory() ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.W_OK;
        try {
            await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, need);
        }
        catch (e) {
            const c = code(e);
            // A read-only mount (ARC runners mount config.json read-only) is not a permission problem.
            if (c === 'EROFS')
                return;
            let readable = true;
            try {
                await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.access)(p, s.isDirectory() ? node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK | node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.X_OK : node_fs__WEBPACK_IMPORTED_MODULE_0__.constants.R_OK);
            }
            catch {
                readable = false;
            }
            out.push({ path: p, readable, directory: s.isDirectory(), uid: s.uid, mode: s.mode & 0o7777 });
            if (!readable)
                return;
        }
        if (!s.isDirectory() || depth > 4 || NO_DESCEND.has((0,node_path__WEBPACK_IMPORTED_MODULE_2__.basename)(p)))
            return;
        let entries;
        try {
            entries = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_1__.readdir)(p);
        }
        catch {
            return;
        }
        for (const e of entries) {
            if (depth === 0 && SKIP.has(e))
                continue;
            // What a heal moved aside (root-owned, dated names): neither docker nor buildx reads it.
            if (_core_files_js__WEBPACK_IMPORTED_MODULE_4__/* .ASIDE_NAME */ .zS.test(e))
                continue;
            await visit((0,node_path__WEBPACK_IMPORTED_MODULE_2__.join)(p, e), depth + 1);
        }
    };
    await visit(paths.configDir, 0);
    // BUILDX_CONFIG may live outside the config dir.
    if (!paths.buildxDir.startsWith(`${paths.configDir}/`))
        await visit(paths.buildxDir, 1);
    return out;
}


/***/ }),

/***/ 83219:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  H1: () => (/* binding */ baselineSpec),
  Vf: () => (/* binding */ isStep),
  kF: () => (/* binding */ removeOutput),
  _B: () => (/* binding */ runTestBuild)
});

// UNUSED EXPORTS: summarizeBuild, testBuildArgs

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/docker/runner.ts
var runner = __webpack_require__(87240);
;// CONCATENATED MODULE: ./src/docker/parse/progress.ts
function isObj(v) {
    return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v) {
    return typeof v === 'string' && v !== '' ? v : undefined;
}
function arr(v) {
    return Array.isArray(v) ? v.filter(isObj) : [];
}
/**
 * Splits a stream of JSON objects (buildx 0.13 pretty-prints them over many lines, newer versions
 * print one a line) from any text around them. An object starts with `{` at the start of a line
 * and ends where the brace depth, outside strings, returns to zero.
 */
function splitJsonStream(text) {
    const chunks = [];
    let i = 0;
    let textStart = 0;
    const n = text.length;
    while (i < n) {
        if (text[i] !== '{' || !/^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', i - 1) + 1, i))) {
            i++;
            continue;
        }
        let depth = 0;
        let inString = false;
        let j = i;
        for (; j < n; j++) {
            const c = text[j];
            if (inString) {
                if (c === '\\')
                    j++;
                else if (c === '"')
                    inString = false;
            }
            else if (c === '"')
                inString = true;
            else if (c === '{' || c === '[')
                depth++;
            else if (c === '}' || c === ']') {
                depth--;
                if (depth === 0)
                    break;
            }
        }
        if (j >= n) {
            if (textStart < i)
                chunks.push({ kind: 'text', text: text.slice(textStart, i) });
            return { chunks, truncated: true };
        }
        if (textStart < i)
            chunks.push({ kind: 'text', text: text.slice(textStart, i) });
        chunks.push({ kind: 'json', text: text.slice(i, j + 1) });
        i = j + 1;
        textStart = i;
    }
    if (textStart < n)
        chunks.push({ kind: 'text', text: text.slice(textStart) });
    return { chunks, truncated: false };
}
function decode(b64) {
    return typeof b64 === 'string' ? Buffer.from(b64, 'base64').toString('utf8') : '';
}
function earliest(a, b) {
    if (a === undefined)
        return b;
    if (b === undefined)
        return a;
    return b < a ? b : a;
}
function latest(a, b) {
    if (a === undefined)
        return b;
    if (b === undefined)
        return a;
    return b > a ? b : a;
}
function merge(into, v) {
    const name = str(v.name);
    if (name !== undefined)
        into.name = name;
    if (v.cached === true)
        into.cached = true;
    const started = earliest(into.started, str(v.started));
    if (started !== undefined)
        into.started = started;
    const completed = latest(into.completed, str(v.completed));
    if (completed !== undefined)
        into.completed = completed;
    const error = str(v.error);
    if (error !== undefined)
        into.error = error;
}
/** Vertices merged by digest, decoded logs and warnings, vertex errors and trailing `ERROR:` lines. */
function parseRawJsonProgress(text) {
    const { chunks, truncated } = splitJsonStream(text);
    const byDigest = new Map();
    const logs = [];
    const errors = [];
    const warnings = [];
    let objects = 0;
    const addError = (e) => {
        if (!errors.includes(e))
            errors.push(e);
    };
    for (const chunk of chunks) {
        if (chunk.kind === 'text') {
            for (const line of chunk.text.split('\n'))
                if (line.startsWith('ERROR:'))
                    addError(line.trim());
            continue;
        }
        let o;
        try {
            o = JSON.parse(chunk.text);
        }
        catch {
            // Balanced braces but not JSON: text that happened to start with `{`.
            continue;
        }
        if (!isObj(o))
            continue;
        objects++;
        for (const v of arr(o.vertexes)) {
            const digest = str(v.digest);
            if (digest === undefined)
                continue;
            let vertex = byDigest.get(digest);
            if (vertex === undefined) {
                vertex = { digest, name: '', cached: false };
                byDigest.set(digest, vertex);
            }
            merge(vertex, v);
        }
        for (const l of arr(o.logs)) {
            const lines = decode(l.data)
                .replace(/\r?\n$/, '')
                .split(/\r?\n/);
            if (lines.length === 1 && lines[0] === '')
                continue;
            logs.push(...lines);
        }
        for (const w of arr(o.warnings)) {
            const short = decode(w.short).trim();
            if (short !== '')
                warnings.push(short);
        }
    }
    if (objects === 0 && errors.length === 0 && text.trim() !== '') {
        throw new Error(`rawjson progress: no JSON object in output: ${JSON.stringify(text.trim().slice(0, 120))}`);
    }
    const vertices = [...byDigest.values()];
    for (const v of vertices)
        if (v.error !== undefined)
            addError(v.error);
    // Vertex errors first (the cause), then buildx's own summary lines.
    errors.sort((a, b) => Number(a.startsWith('ERROR:')) - Number(b.startsWith('ERROR:')));
    const result = { vertices, logs, errors, warnings };
    if (truncated)
        result.truncated = true;
    return result;
}

;// CONCATENATED MODULE: ./src/tasks/testbuild.ts





/** The argv after `docker buildx` for a spec; pure, so it is tested as "spec -> argv". */
function testBuildArgs(spec, contextDir, outputDir) {
    const args = ['build', '--progress=rawjson'];
    if (spec.builder !== undefined)
        args.push('--builder', spec.builder);
    if (spec.platforms && spec.platforms.length > 0)
        args.push('--platform', spec.platforms.join(','));
    for (const c of spec.cacheFrom ?? [])
        args.push('--cache-from', c);
    for (const c of spec.cacheTo ?? [])
        args.push('--cache-to', c);
    if (spec.noCache)
        args.push('--no-cache');
    for (const [k, v] of Object.entries(spec.buildArgs ?? {}))
        args.push('--build-arg', `${k}=${v}`);
    args.push('--output', `type=local,dest=${outputDir}`);
    args.push('--file', (0,external_node_path_.join)(contextDir, 'Dockerfile'));
    args.push(contextDir);
    return args;
}
/**
 * The tiny build timed by diagnose (baseline) and validate. `FROM scratch` + `COPY` needs no
 * image pull, so it works on any runner, online or not; the fresh token makes its output
 * tell a real run from a cache hit.
 */
function baselineSpec(token) {
    return {
        dockerfile: 'FROM scratch\nCOPY token.txt /token.txt\n',
        files: { 'token.txt': `${token}\n` },
    };
}
/** Writes the context (Dockerfile + files) into `dir`, refusing paths that escape it. */
async function writeContext(dir, spec) {
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'Dockerfile'), spec.dockerfile);
    for (const [rel, content] of Object.entries(spec.files ?? {})) {
        const target = (0,external_node_path_.resolve)(dir, rel);
        if (!target.startsWith((0,external_node_path_.resolve)(dir) + external_node_path_.sep))
            throw new Error(`test build: context file escapes the context: ${rel}`);
        await (0,promises_.mkdir)((0,external_node_path_.dirname)(target), { recursive: true });
        await (0,promises_.writeFile)(target, content);
    }
}
/**
 * Runs the build through the docker door with a timeout. Never throws for a failed build:
 * the result says what happened, with the whole command result as evidence.
 */
async function runTestBuild(docker, spec, timeoutMs) {
    const contextDir = await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-build-'));
    try {
        await writeContext(contextDir, spec);
        // A default output dir is the caller's to read and remove (see removeOutput).
        const outputDir = spec.outputDir ?? (await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-out-')));
        const started = Date.now();
        const result = await docker.buildx(testBuildArgs(spec, contextDir, outputDir), { timeoutMs });
        const durationMs = Date.now() - started;
        return summarizeBuild(result, durationMs, outputDir);
    }
    finally {
        await (0,promises_.rm)(contextDir, { recursive: true, force: true });
    }
}
/** Removes a build's output dir when runTestBuild made it (no `outputDir` in the spec). */
async function removeOutput(spec, r) {
    if (spec.outputDir === undefined)
        await (0,promises_.rm)(r.outputDir, { recursive: true, force: true });
}
/** Judges a finished build from its rawjson stream and exit; pure, for unit tests over recorded output. */
function summarizeBuild(result, durationMs, outputDir) {
    const progress = parseRawJsonProgress(result.stderr);
    const vertices = progress.vertices;
    const steps = vertices.filter((v) => isStep(v.name));
    const cachedSteps = steps.filter((v) => v.cached).length;
    const vertexError = vertices.find((v) => v.error !== undefined && v.error !== '');
    const incomplete = steps.filter((v) => !v.cached && v.completed === undefined);
    let error;
    if (result.timedOut)
        error = `test build timed out after ${durationMs} ms`;
    else if (result.spawnError !== undefined)
        error = `test build could not start: ${result.spawnError}`;
    else if (vertexError)
        error = `${vertexError.name}: ${vertexError.error ?? ''}`;
    else if (!(0,runner/* succeeded */.gq)(result)) {
        error =
            progress.errors[progress.errors.length - 1] ??
                lastLine(result.stderr) ??
                `docker buildx build exited ${String(result.exitCode)}`;
    }
    else if (incomplete.length > 0)
        error = `steps never completed: ${incomplete.map((v) => v.name).join(', ')}`;
    const out = {
        ok: error === undefined,
        durationMs,
        result,
        vertices,
        cachedSteps,
        totalSteps: steps.length,
        outputDir,
    };
    if (error !== undefined)
        out.error = error;
    return out;
}
/**
 * A Dockerfile step vertex that does work: `[2/3] RUN ...`, `[base 2/2] COPY ...`,
 * `[linux/arm64 2/2] ...`. `FROM` steps are left out: BuildKit resolves the base image again on
 * every build and does not flag it `cached`, so counting it would make no build "fully cached".
 */
function isStep(name) {
    const m = /^\[[^\]]*?\b\d+\/\d+\]\s*(\S*)/.exec(name);
    return m !== null && m[1]?.toUpperCase() !== 'FROM';
}
/** Last non-empty line of output that is not part of a JSON object (a plain `ERROR:` or CLI message). */
function lastLine(text) {
    const lines = text
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && !/^[{}[\]"]/.test(l));
    return lines[lines.length - 1];
}


/***/ })

};
