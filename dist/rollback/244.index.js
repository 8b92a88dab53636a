export const id = 244;
export const ids = [244];
export const modules = {

/***/ 5244:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  platformCheck: () => (/* reexport */ platformCheck),
  validate: () => (/* binding */ validate)
});

// UNUSED EXPORTS: VALIDATE_CHECK_IDS

// EXTERNAL MODULE: ./src/core/crypto.ts
var core_crypto = __webpack_require__(16082);
// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(51455);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(48161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(76760);
// EXTERNAL MODULE: ./src/docker/docker.ts + 2 modules
var docker_docker = __webpack_require__(98293);
// EXTERNAL MODULE: ./src/core/errors.ts
var errors = __webpack_require__(74296);
;// CONCATENATED MODULE: ./src/phases/validate/run.ts
/** What one validation run shares between its checks: its state, the check wrapper, small helpers. */



/** Runs a check, timing it; a crashing check is reported as failed with its error, not hidden. */
async function timed(id, fn) {
    const started = Date.now();
    try {
        const v = await fn();
        return { ...v, durationMs: Date.now() - started };
    }
    catch (e) {
        return { id, ok: false, message: `check crashed: ${(0,errors/* errorMessage */.gJ)(e)}`, durationMs: Date.now() - started };
    }
}
function hostArch() {
    return process.arch === 'x64' ? 'amd64' : process.arch;
}
async function outDir(run) {
    run.seq += 1;
    const dir = (0,external_node_path_.join)(run.work, `out-${run.seq}`);
    await (0,promises_.mkdir)(dir, { recursive: true });
    return dir;
}
async function readText(path) {
    try {
        return await (0,promises_.readFile)(path, 'utf8');
    }
    catch {
        return undefined;
    }
}
/** Builder names become part of cache refs and markers: keep what a registry tag accepts. */
function safeName(name) {
    return name
        .toLowerCase()
        .replace(/[^a-z0-9_.-]/g, '-')
        .slice(0, 40);
}
function oneLine(s) {
    return s
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .join(' | ')
        .slice(0, 500);
}
function lastLines(s, n) {
    return s
        .trim()
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '')
        .slice(-n)
        .join(' | ');
}
/** Plain-text lines of a build's stderr (outside the rawjson objects), for a failing build's message. */
function stderrTail(r) {
    const plain = r.stderr.split('\n').filter((l) => /^(ERROR|error|WARNING)\b/.test(l.trim()));
    return plain.length > 0 ? `; stderr: ${plain.slice(-3).join(' | ')}` : '';
}

;// CONCATENATED MODULE: ./src/phases/validate/bootstrap.ts
/** validate.bootstrap: the builder starts and every node runs clean. */


/** A builder bootstrapped when inspect parsed, shows no builder error, and every node runs clean. */
function judgeBootstrap(name, p) {
    const r = p.result;
    if (r.timedOut)
        return { ok: false, message: `buildx inspect --bootstrap ${name} timed out after ${r.durationMs} ms` };
    if (r.spawnError !== undefined)
        return { ok: false, message: `buildx inspect --bootstrap ${name} could not start: ${r.spawnError}` };
    const i = p.parsed;
    if (i === undefined) {
        return {
            ok: false,
            message: `buildx inspect --bootstrap ${name} gave no readable output (${p.parseError ?? 'no parse'}); exit ${String(r.exitCode)}; stderr: ${oneLine(r.stderr)}`,
        };
    }
    if (i.error !== undefined && i.error !== '')
        return { ok: false, message: `builder ${name} is in error: ${i.error}` };
    if (i.nodes.length === 0)
        return { ok: false, message: `builder ${name} has no nodes after bootstrap; stderr: ${oneLine(r.stderr)}` };
    const bad = i.nodes.filter((n) => n.status !== 'running' || (n.error !== undefined && n.error !== ''));
    if (bad.length > 0) {
        return {
            ok: false,
            message: `builder ${name}: ${bad.map((n) => `node ${n.name} is ${n.status}${n.error ? `: ${n.error}` : ''}`).join('; ')}`,
        };
    }
    return {
        ok: true,
        message: `builder ${name} (${i.driver}) running: ${i.nodes.map((n) => `${n.name} ${n.buildkitVersion ?? '?'} [${n.platforms.join(', ')}]`).join('; ')}`,
    };
}
/**
 * A docker-driver builder is the builder of a docker context. buildx builds on it only from that
 * context (`ERROR: use \`docker --context=NAME buildx\``), so a builder of any context but the
 * current one is validated through its own context.
 */
function needsOwnContext(i, currentContext) {
    return i !== undefined && i.driver === 'docker' && currentContext !== undefined && i.name !== currentContext;
}
/** The same door, pointed at another context: DOCKER_HOST would override DOCKER_CONTEXT, so it goes. */
function contextDocker(docker, context) {
    return new docker_docker/* Docker */.Jg(docker.runner, {
        bin: docker.bin,
        timeouts: docker.timeouts,
        env: { ...docker.env, DOCKER_CONTEXT: context, DOCKER_HOST: undefined },
    });
}

// EXTERNAL MODULE: ./src/tasks/testbuild.ts + 1 modules
var testbuild = __webpack_require__(83219);
;// CONCATENATED MODULE: ./src/phases/validate/build.ts
/** validate.build and validate.cached: a fresh token build, then the same build again from cache. */




async function freshBaseline(run, st) {
    const token = `${run.id}-${(0,core_crypto/* randomBytes */.po)(8).toString('hex')}`;
    const spec = { ...(0,testbuild/* baselineSpec */.H1)(token), builder: st.name, outputDir: await outDir(run) };
    const result = await (0,testbuild/* runTestBuild */._B)(st.docker, spec, st.docker.timeouts.build);
    return { spec, result, token };
}
async function checkBuild(run, st) {
    const { spec, result, token } = await freshBaseline(run, st);
    const v = await judgeTokenBuild(result, token);
    if (v.ok)
        st.build = { spec, result, bestMs: result.durationMs };
    return {
        id: 'validate.build',
        ok: v.ok,
        message: v.ok
            ? `test build (FROM scratch + COPY) built in ${result.durationMs} ms; output holds its token`
            : v.message,
    };
}
/** A token build passed when buildx says so and its output holds the token it was given. */
async function judgeTokenBuild(result, token) {
    if (!result.ok)
        return { ok: false, message: `test build failed: ${result.error ?? 'unknown error'}${stderrTail(result.result)}` };
    const got = await readText((0,external_node_path_.join)(result.outputDir, 'token.txt'));
    if (got === undefined)
        return {
            ok: false,
            message: `test build reported success but its output has no token.txt (in ${result.outputDir})`,
        };
    if (got.trim() !== token)
        return {
            ok: false,
            message: `test build output holds token ${JSON.stringify(got.trim())}, expected ${JSON.stringify(token)}`,
        };
    return { ok: true, message: 'ok' };
}
async function checkCached(run, st) {
    const id = 'validate.cached';
    if (st.build === undefined)
        return { id, ok: false, skipped: true, message: 'not run: the first test build failed' };
    const spec = { ...st.build.spec, outputDir: await outDir(run) };
    const second = await (0,testbuild/* runTestBuild */._B)(st.docker, spec, st.docker.timeouts.build);
    return { id, ...judgeCached(second) };
}
/** Steps that must come from cache: Dockerfile steps except `FROM`, which resolves an image and runs nothing. */
function runSteps(vertices) {
    return vertices.filter((v) => (0,testbuild/* isStep */.Vf)(v.name) && !/^\[[^\]]*\]\s+FROM\s/.test(v.name));
}
function judgeCached(second) {
    if (!second.ok)
        return {
            ok: false,
            message: `second identical build failed: ${second.error ?? 'unknown error'}${stderrTail(second.result)}`,
        };
    const steps = runSteps(second.vertices);
    if (steps.length === 0)
        return {
            ok: false,
            message: 'second identical build showed no Dockerfile steps in its progress: cannot tell cached from not',
        };
    const missed = steps.filter((v) => !v.cached);
    if (missed.length > 0) {
        return {
            ok: false,
            message: `second identical build ran ${missed.length} of ${steps.length} steps again instead of using the cache: ${missed.map((v) => v.name).join('; ')}`,
        };
    }
    return { ok: true, message: `second identical build: all ${steps.length} steps cached (${second.durationMs} ms)` };
}

;// CONCATENATED MODULE: ./src/phases/validate/platform.ts
/** validate.platform: a build for each requested platform runs RUN steps there. */






/** `uname -m` for a platform, or undefined when any non-empty answer is accepted. */
function expectedMachine(platform) {
    const [, arch, variant] = platform.split('/');
    switch (arch) {
        case 'amd64':
            return ['x86_64'];
        case 'arm64':
            return ['aarch64', 'arm64'];
        case 'arm':
            return variant === 'v6' ? ['armv6l', 'armv7l'] : ['armv7l', 'armv8l'];
        case '386':
            return ['i386', 'i686'];
        case 'ppc64le':
            return ['ppc64le'];
        case 's390x':
            return ['s390x'];
        case 'riscv64':
            return ['riscv64'];
        default:
            return undefined;
    }
}
/** The base image for an architecture: its own pair, else the one image for all (`*`). */
function baseFor(base, arch) {
    const b = base[arch] ?? base['*'];
    return b === undefined || b === '' ? undefined : b;
}
function archOf(platform) {
    return platform.split('/')[1] ?? '';
}
/** A Dockerfile for the platform check: `RUN uname -m` when every arch has a base image, else scratch + COPY. */
function platformDockerfile(platforms, base, token = '') {
    const archs = [...new Set(platforms.map(archOf))];
    if (archs.every((a) => baseFor(base, a) !== undefined)) {
        const stages = archs.map((a) => `FROM ${baseFor(base, a) ?? ''} AS base-${a}`).join('\n');
        // The fresh token is in the RUN line itself: a new cache key, so the step runs on every
        // platform every time (a cached RUN would prove nothing about the emulator).
        return {
            dockerfile: `${stages}\nFROM base-\${TARGETARCH}\nARG TARGETPLATFORM\nRUN echo "$TARGETPLATFORM $(uname -m) ${token}" > /arch.txt\nCOPY token.txt /token.txt\n`,
            runs: true,
        };
    }
    return { dockerfile: 'FROM scratch\nARG TARGETPLATFORM\nCOPY token.txt /token.txt\n', runs: false };
}
/** buildx's refusal of a multi-platform build on a builder that cannot do it (docker driver, classic store). */
function multiPlatformUnsupported(text) {
    return /multiple platforms feature is currently not supported|multi-platform build is not supported/i.test(text);
}
/** The local exporter splits by platform only for multi-platform builds: `linux/arm64` -> `linux_arm64/`. */
function platformDir(platform) {
    return platform.replace(/\//g, '_');
}
/**
 * `check --platforms`: the same RUN-on-every-platform build as `validate.platform`, on one builder,
 * with the build results kept as evidence.
 */
async function platformCheck(deps, opts, builder) {
    const started = Date.now();
    const run = {
        deps,
        opts: {
            enabled: true,
            platforms: opts.platforms,
            maxSlowdownPercent: 50,
            cache: false,
            builders: [builder],
            ...(opts.baseImage !== undefined ? { baseImage: opts.baseImage } : {}),
        },
        id: `bkh-check-${(0,core_crypto/* randomBytes */.po)(6).toString('hex')}`,
        work: await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-check-')),
        seq: 0,
        evidence: [],
    };
    try {
        const st = { name: builder, docker: deps.docker, bootstrapped: true, nativeArch: hostArch() };
        const v = await checkPlatforms(run, st);
        return { ok: v.ok, message: v.message, evidence: run.evidence ?? [], durationMs: Date.now() - started };
    }
    finally {
        await (0,promises_.rm)(run.work, { recursive: true, force: true });
    }
}
async function checkPlatforms(run, st) {
    const id = 'validate.platform';
    const platforms = run.opts.platforms;
    const base = run.opts.baseImage ?? {};
    const token = `${run.id}-${(0,core_crypto/* randomBytes */.po)(6).toString('hex')}`;
    const { dockerfile, runs } = platformDockerfile(platforms, base, token);
    const spec = (ps, dir) => ({
        builder: st.name,
        dockerfile,
        files: { 'token.txt': `${token}\n` },
        platforms: ps,
        outputDir: dir,
    });
    const seen = [];
    const failures = [];
    const together = await (0,testbuild/* runTestBuild */._B)(st.docker, spec(platforms, await outDir(run)), st.docker.timeouts.build);
    run.evidence?.push(together.result);
    let mode = platforms.length > 1 ? 'in one multi-platform build' : 'in one build';
    let outputs = [];
    if (together.ok) {
        outputs = platforms.map((p) => ({
            platform: p,
            dir: platforms.length > 1 ? (0,external_node_path_.join)(together.outputDir, platformDir(p)) : together.outputDir,
            result: together,
        }));
    }
    else if (platforms.length > 1 && multiPlatformUnsupported(`${together.error ?? ''}\n${together.result.stderr}`)) {
        // The builder cannot export several platforms at once (docker driver without the containerd
        // image store): each platform still has to build, one at a time.
        mode = `one platform at a time (builder refused a multi-platform build: ${together.error ?? ''})`;
        for (const p of platforms) {
            const r = await (0,testbuild/* runTestBuild */._B)(st.docker, spec([p], await outDir(run)), st.docker.timeouts.build);
            run.evidence?.push(r.result);
            outputs.push({ platform: p, dir: r.outputDir, result: r });
        }
    }
    else {
        return {
            id,
            ok: false,
            message: `build for ${platforms.join(', ')} failed: ${together.error ?? 'unknown error'}${stderrTail(together.result)}`,
        };
    }
    for (const o of outputs) {
        const v = await judgePlatformOutput(o.platform, o.dir, o.result, token, runs);
        (v.ok ? seen : failures).push(v.message);
    }
    const how = runs
        ? 'RUN uname -m'
        : 'FROM scratch + COPY (no base image for every platform: output directories checked, arch not proven by a RUN)';
    if (failures.length > 0)
        return {
            id,
            ok: false,
            message: `${failures.join('; ')}${seen.length ? `; passed: ${seen.join('; ')}` : ''} [${how}, ${mode}]`,
        };
    return { id, ok: true, message: `${seen.join('; ')} [${how}, ${mode}]` };
}
async function judgePlatformOutput(platform, dir, result, token, runs) {
    if (!result.ok)
        return { ok: false, message: `${platform}: build failed: ${result.error ?? 'unknown error'}` };
    const tok = await readText((0,external_node_path_.join)(dir, 'token.txt'));
    if (tok === undefined) {
        const listing = await (0,promises_.readdir)(result.outputDir).catch(() => []);
        return {
            ok: false,
            message: `${platform}: no output for this platform (expected ${dir}; output holds: ${listing.join(', ') || 'nothing'})`,
        };
    }
    if (tok.trim() !== token)
        return {
            ok: false,
            message: `${platform}: output token ${JSON.stringify(tok.trim())} is not this build's ${JSON.stringify(token)}`,
        };
    if (!runs)
        return { ok: true, message: `${platform}: built` };
    const arch = (await readText((0,external_node_path_.join)(dir, 'arch.txt')))?.trim();
    if (arch === undefined)
        return { ok: false, message: `${platform}: the RUN step left no arch.txt` };
    const [reported = '', machine = '', runToken = ''] = arch.split(/\s+/);
    const expected = expectedMachine(platform);
    if (reported !== platform)
        return { ok: false, message: `${platform}: the RUN step saw TARGETPLATFORM ${reported || '(empty)'}` };
    if (runToken !== token)
        return {
            ok: false,
            message: `${platform}: the RUN step printed token ${JSON.stringify(runToken)}, not this build's (the step did not run now)`,
        };
    if (machine === '' || (expected !== undefined && !expected.includes(machine))) {
        return {
            ok: false,
            message: `${platform}: uname -m printed ${JSON.stringify(machine)}, expected ${expected?.join(' or ') ?? 'a machine name'}`,
        };
    }
    return { ok: true, message: `${platform}: RUN printed ${platform} ${machine} and this build's token` };
}

;// CONCATENATED MODULE: ./src/phases/validate/cache.ts
/** validate.cache-local and validate.cache-registry: a cache export / import round trip. */






/**
 * Export a cache, drop exactly this build's records from the builder (a prune filtered by the ids
 * of records whose description carries this run's marker, never the user's cache), then build again
 * with only `--cache-from`. With a base image, a RUN step writes a fresh random token: the same token
 * after the import means the step was not run. Without one, the COPY step must come back `cached`
 * although its record was pruned.
 */
async function checkCacheRoundTrip(run, st, kind) {
    const id = `validate.cache-${kind}`;
    const marker = `${run.id}-${kind}-${safeName(st.name)}`;
    // The default base image (pulled) serves the platform check only: the cache checks use one the
    // user named, and stay offline-safe otherwise.
    const base = run.opts.baseImageExplicit === false ? undefined : baseFor(run.opts.baseImage ?? {}, st.nativeArch);
    const spec = base !== undefined && base !== ''
        ? {
            builder: st.name,
            dockerfile: `FROM ${base}\nRUN echo ${marker} > /marker.txt && cat /proc/sys/kernel/random/uuid > /token.txt\n`,
        }
        : {
            builder: st.name,
            dockerfile: `FROM scratch\nCOPY ${marker}.txt /token.txt\n`,
            files: { [`${marker}.txt`]: `${marker}-${(0,core_crypto/* randomBytes */.po)(8).toString('hex')}\n` },
        };
    let to;
    let from;
    if (kind === 'local') {
        const dir = (0,external_node_path_.join)(run.work, `cache-${marker}`);
        to = `type=local,dest=${dir},mode=max`;
        from = `type=local,src=${dir}`;
    }
    else {
        const ref = `${run.opts.cacheRegistry ?? ''}/buildkit-healer/validate-cache:${marker}`;
        to = `type=registry,ref=${ref},mode=max`;
        from = `type=registry,ref=${ref}`;
    }
    const docker = st.docker;
    const exp = await (0,testbuild/* runTestBuild */._B)(docker, { ...spec, cacheTo: [to], outputDir: await outDir(run) }, docker.timeouts.build);
    if (!exp.ok)
        return {
            id,
            ok: false,
            message: `build exporting the cache (--cache-to ${to}) failed: ${exp.error ?? 'unknown error'}${stderrTail(exp.result)}`,
        };
    const exported = (await readText((0,external_node_path_.join)(exp.outputDir, 'token.txt')))?.trim();
    if (exported === undefined || exported === '')
        return { id, ok: false, message: 'the exporting build left no token.txt in its output' };
    const pruned = await pruneMarked(docker, st.name, marker);
    if (!pruned.ok)
        return { id, ok: false, message: pruned.message };
    const imp = await (0,testbuild/* runTestBuild */._B)(docker, { ...spec, cacheFrom: [from], outputDir: await outDir(run) }, docker.timeouts.build);
    if (!imp.ok)
        return {
            id,
            ok: false,
            message: `build importing the cache (--cache-from ${from}) failed: ${imp.error ?? 'unknown error'}${stderrTail(imp.result)}`,
        };
    const imported = (await readText((0,external_node_path_.join)(imp.outputDir, 'token.txt')))?.trim();
    const v = judgeRoundTrip({ runs: spec.dockerfile.includes('RUN '), exported, imported, vertices: imp.vertices });
    return { id, ok: v.ok, message: `${v.message} (${pruned.message}; --cache-to ${to})` };
}
function judgeRoundTrip(x) {
    const steps = runSteps(x.vertices);
    if (x.runs) {
        if (x.imported === undefined)
            return { ok: false, message: 'the importing build left no token.txt in its output' };
        if (x.imported === x.exported)
            return { ok: true, message: `cache hit: the imported build's output holds the exported token ${x.exported}` };
        return {
            ok: false,
            message: `cache miss: the RUN step ran again (token ${x.imported}, exported build had ${x.exported})`,
        };
    }
    if (steps.length === 0)
        return { ok: false, message: 'the importing build showed no Dockerfile steps: cannot tell hit from miss' };
    const missed = steps.filter((v) => !v.cached);
    if (missed.length > 0)
        return { ok: false, message: `cache miss after import: ${missed.map((v) => v.name).join('; ')} ran again` };
    return {
        ok: true,
        message: `cache hit: ${steps.length} step(s) came from the imported cache although their records were pruned`,
    };
}
/** Build records of this run, by the marker in their description (`buildx du --verbose`). */
function markedRecords(records, marker) {
    return records.filter((r) => r.description?.includes(marker) === true);
}
async function pruneMarked(docker, builder, marker) {
    const before = await docker.du(builder);
    if (before.parsed === undefined)
        return {
            ok: false,
            message: `buildx du --builder ${builder} could not be read (${before.parseError ?? ''}): ${oneLine(before.result.stderr)}`,
        };
    const ours = markedRecords(before.parsed.records, marker);
    if (ours.length === 0)
        return {
            ok: false,
            message: `no build record on ${builder} carries this run's marker ${marker}: cannot drop the local copy to prove an import`,
        };
    for (const r of ours) {
        // `--filter id=` is the one prune filter buildx passes as a match (`id~=`); `--all` because
        // records that a just-finished build still shares are otherwise kept.
        await docker.buildx(['prune', '--all', '--force', '--builder', builder, '--filter', `id=${r.id}`], {
            timeoutMs: docker.timeouts.slow,
            mutates: true,
        });
    }
    const after = await docker.du(builder);
    const left = after.parsed === undefined ? undefined : markedRecords(after.parsed.records, marker);
    if (left === undefined)
        return { ok: false, message: `buildx du after the prune could not be read: ${oneLine(after.result.stderr)}` };
    if (left.length > 0)
        return {
            ok: false,
            message: `prune left ${left.length} of this run's records on ${builder}: ${left.map((r) => r.id).join(', ')}`,
        };
    return { ok: true, message: `${ours.length} record(s) of this run pruned first` };
}

;// CONCATENATED MODULE: ./src/phases/validate/compose.ts
/** validate.compose: `docker compose build` builds through BuildKit. */



function parseComposeVersion(out) {
    return /Docker Compose version\s+v?(\S+)/i.exec(out)?.[1];
}
/** BuildKit's plain progress numbers its steps (`#1 [internal] load build definition`); the classic builder prints `Step 1/2`. */
function judgeComposeBuild(r) {
    const text = `${r.stdout}\n${r.stderr}`;
    const buildkit = /^#\d+ \[/m.test(text) || /\[\+\] Build/.test(text);
    const classic = /^Step \d+\/\d+ :/m.test(text);
    if (r.timedOut)
        return { ok: false, message: `docker compose build timed out after ${r.durationMs} ms` };
    if (r.exitCode !== 0)
        return { ok: false, message: `docker compose build failed (exit ${String(r.exitCode)}): ${lastLines(text, 3)}` };
    if (classic)
        return { ok: false, message: 'docker compose built with the classic builder (`Step n/m` output), not BuildKit' };
    if (!buildkit)
        return { ok: false, message: `docker compose build output shows no BuildKit progress: ${lastLines(text, 3)}` };
    return { ok: true, message: 'docker compose build went through BuildKit' };
}
async function checkCompose(run, states) {
    const id = 'validate.compose';
    const docker = run.deps.docker;
    const v = await docker.run(['compose', 'version'], { timeoutMs: docker.timeouts.probe });
    const version = parseComposeVersion(`${v.stdout}\n${v.stderr}`);
    if (version === undefined) {
        return {
            id,
            ok: true,
            skipped: true,
            message: `skipped: docker compose is not installed (docker compose version: ${oneLine(v.stderr || v.stdout) || `exit ${String(v.exitCode)}`})`,
        };
    }
    // A compose build needs a working builder, as the other builds do: with none, it would only wait
    // for its build timeout on a daemon that does not answer.
    if (!states.some((s) => s.bootstrapped))
        return { id, ok: false, skipped: true, message: 'not run: no builder bootstrapped' };
    const dir = (0,external_node_path_.join)(run.work, 'compose');
    await (0,promises_.mkdir)(dir, { recursive: true });
    const image = `bkh-validate-compose:${run.id}`;
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'Dockerfile'), 'FROM scratch\nCOPY token.txt /token.txt\n');
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'token.txt'), `${run.id}\n`);
    await (0,promises_.writeFile)((0,external_node_path_.join)(dir, 'compose.yaml'), `services:\n  validate:\n    build: .\n    image: ${image}\n`);
    const r = await docker.run(['compose', '--project-directory', dir, '-f', (0,external_node_path_.join)(dir, 'compose.yaml'), '-p', run.id, 'build'], {
        timeoutMs: docker.timeouts.build,
        mutates: true,
        env: { BUILDKIT_PROGRESS: 'plain' },
    });
    await docker.run(['image', 'rm', '--force', image], { timeoutMs: docker.timeouts.slow, mutates: true });
    const j = judgeComposeBuild(r);
    return { id, ok: j.ok, message: `${j.message} (compose ${version})` };
}

;// CONCATENATED MODULE: ./src/phases/validate/switch.ts
/** validate.switch: `buildx use` reaches each healthy builder, and the user's choice is put back. */


/**
 * `buildx use` each healthy builder and read back which one inspect reports as current; the
 * `current` file is then put back byte for byte (or removed if there was none), so the user's
 * choice survives exactly.
 */
async function checkSwitch(run, states) {
    const id = 'validate.switch';
    const docker = run.deps.docker;
    const healthy = states.filter((s) => s.bootstrapped).map((s) => s.name);
    if (healthy.length === 0)
        return { id, ok: false, skipped: true, message: 'not run: no builder bootstrapped' };
    const currentFile = docker.paths.currentFile;
    const saved = await (0,promises_.readFile)(currentFile).catch(() => undefined);
    const before = await docker.inspect(undefined);
    const original = before.parsed?.name;
    const seen = [];
    const failed = [];
    try {
        for (const name of healthy) {
            const use = await docker.buildx(['use', name], { timeoutMs: docker.timeouts.probe, mutates: true });
            const now = await docker.inspect(undefined);
            const v = judgeSwitch(name, use, now);
            (v.ok ? seen : failed).push(v.message);
        }
    }
    finally {
        if (saved === undefined)
            await (0,promises_.rm)(currentFile, { force: true });
        else
            await (0,promises_.writeFile)(currentFile, saved);
    }
    const back = await docker.inspect(undefined);
    const restored = original === undefined || back.parsed?.name === original;
    if (!restored)
        failed.push(`the builder in use was ${original ?? '?'} before and is ${back.parsed?.name ?? '(unreadable)'} after putting it back`);
    const tail = `; put back to ${original ?? 'the previous current file'}`;
    if (failed.length > 0)
        return {
            id,
            ok: false,
            message: `${failed.join('; ')}${seen.length ? `; worked: ${seen.join('; ')}` : ''}${tail}`,
        };
    return { id, ok: true, message: `${seen.join('; ')}${tail}` };
}
function judgeSwitch(name, use, now) {
    const current = now.parsed?.name;
    if (current === name)
        return { ok: true, message: `use ${name} -> inspect shows ${name}` };
    // A builder of another docker context is chosen with `docker context use`, which would move every
    // docker command of the host to that daemon: buildx refuses, and that refusal is by design.
    const ctx = /run `docker context use (\S+)` to switch to context/.exec(use.stderr);
    if (ctx !== null)
        return {
            ok: true,
            message: `${name} is the builder of docker context ${ctx[1] ?? name}: buildx leaves it to \`docker context use\`, not switched`,
        };
    const err = oneLine(use.stderr);
    return {
        ok: false,
        message: `use ${name}: the builder in use is ${current ?? '(unreadable)'}${err ? `; buildx said: ${err}` : ''}`,
    };
}

;// CONCATENATED MODULE: ./src/phases/validate/timing.ts

/**
 * Timing: the same build as diagnose's baseline (fresh token, so never a cache hit), on the same
 * builder. One slow run can be noise on a busy runner, so a second fresh run is made before failing
 * and the faster counts.
 */
async function checkTiming(run, states) {
    const { baseline, maxSlowdownPercent } = run.opts;
    const id = 'validate.timing';
    if (baseline === undefined)
        return { id, ok: true, skipped: true, message: 'no diagnose baseline to compare with: passed without comparison' };
    if (!baseline.ok) {
        return {
            id,
            ok: true,
            skipped: true,
            builder: baseline.builder,
            message: `diagnose baseline build had failed (${baseline.error ?? 'no error text'}): nothing to compare with, passed`,
        };
    }
    const same = states.find((s) => s.name === baseline.builder && s.build !== undefined);
    const st = same ?? states.find((s) => s.build !== undefined);
    if (st?.build === undefined) {
        return {
            id,
            ok: false,
            builder: baseline.builder,
            message: `no successful test build on any builder to compare with the ${baseline.durationMs} ms baseline`,
        };
    }
    const note = same ? '' : ` (baseline builder ${baseline.builder} was not validated; compared on ${st.name})`;
    if (baseline.kind === 'benchmark' && run.opts.benchmark !== undefined) {
        // No allowance is fair only on the builder diagnose timed: another one is not compared.
        if (!same)
            return {
                id,
                ok: true,
                skipped: true,
                builder: baseline.builder,
                message: `the benchmark baseline builder ${baseline.builder} was not validated: the benchmark build is not compared on another builder`,
            };
        return benchmarkTiming(run, st.name, st.docker, baseline, run.opts.benchmark, note);
    }
    let best = st.build.bestMs;
    let runs = 1;
    if (!withinSlowdown(best, baseline.durationMs, maxSlowdownPercent)) {
        const again = await freshBaseline(run, st);
        if (again.result.ok) {
            runs = 2;
            best = Math.min(best, again.result.durationMs);
            st.build.bestMs = best;
        }
    }
    const v = judgeTiming(best, baseline.durationMs, maxSlowdownPercent);
    return {
        id,
        builder: st.name,
        ok: v.ok,
        rule: `test-build: at most ${maxSlowdownPercent}% slower, or less than ${SLOWDOWN_ALLOWANCE_MS} ms slower (the tiny test build's allowance; benchmark-context times the team's own build)`,
        message: `${v.message}${runs > 1 ? ' (best of 2 fresh builds)' : ''}${note}`,
    };
}
/**
 * The team's own build, measured as diagnose measured it (median of the same number of runs with
 * --no-cache): the slowdown rule applies with no allowance, since both sides are real builds of
 * the same size.
 */
async function benchmarkTiming(run, builder, docker, baseline, spec, note) {
    const id = 'validate.timing';
    const { runBenchmark } = await __webpack_require__.e(/* import() */ 193).then(__webpack_require__.bind(__webpack_require__, 15193));
    const r = await runBenchmark(docker, spec, builder, docker.timeouts.build);
    if (!r.ok)
        return { id, builder, ok: false, message: `${r.error ?? 'benchmark build failed'}${note}` };
    const max = run.opts.maxSlowdownPercent;
    const pct = slowdownPercent(r.medianMs, baseline.durationMs);
    const ok = pct <= max;
    const pctText = Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%` : 'unmeasurable';
    return {
        id,
        builder,
        ok,
        rule: `benchmark: at most ${max}% slower, no allowance (median of ${r.runsMs.length} runs of the team's own build)`,
        message: `benchmark build (benchmark-context): median ${r.medianMs} ms of ${r.runsMs.length} runs vs ${baseline.durationMs} ms in diagnose (${pctText}), each after a warm-up run that is not measured${r.warmupMs !== undefined ? ` (${r.warmupMs} ms here)` : ''}; rule: at most ${max}% slower, no allowance (the team's own build)${ok ? '' : ': slower than allowed'}${r.note !== undefined ? `; ${r.note}` : ''}${note}`,
    };
}
function slowdownPercent(durationMs, baselineMs) {
    return baselineMs <= 0 ? Infinity : ((durationMs - baselineMs) / baselineMs) * 100;
}
/**
 * Builds of a second or two vary by more than half on a busy 2-core runner: a slowdown counts only
 * when it is also more than this many milliseconds. A negative limit (a drill that must fail) gets
 * no allowance.
 */
const SLOWDOWN_ALLOWANCE_MS = 1500;
function withinSlowdown(durationMs, baselineMs, maxPercent) {
    if (slowdownPercent(durationMs, baselineMs) <= maxPercent)
        return true;
    return maxPercent >= 0 && durationMs - baselineMs <= SLOWDOWN_ALLOWANCE_MS;
}
function judgeTiming(durationMs, baselineMs, maxPercent) {
    const pct = slowdownPercent(durationMs, baselineMs);
    const pctText = Number.isFinite(pct) ? `${pct >= 0 ? '+' : ''}${pct.toFixed(0)}%` : 'unmeasurable';
    const ok = withinSlowdown(durationMs, baselineMs, maxPercent);
    return {
        ok,
        message: ok
            ? `test build took ${durationMs} ms vs ${baselineMs} ms in diagnose (${pctText}), within the allowed ${maxPercent}% slowdown${pct > maxPercent ? ` (less than ${SLOWDOWN_ALLOWANCE_MS} ms slower)` : ''}`
            : `test build took ${durationMs} ms vs ${baselineMs} ms in diagnose (${pctText}): slower than the allowed ${maxPercent}%`,
    };
}

;// CONCATENATED MODULE: ./src/phases/validate.ts
/**
 * The validate phase (heal item 5): proves, with real builds, that the healed BuildKit works.
 * Every check is judged from parsed output (rawjson progress, inspect, du, the build's own output
 * files), never from an exit code alone, and a failed check's message says what was seen.
 *
 * One module per check group in src/phases/validate/: bootstrap.ts, build.ts (build, cached),
 * timing.ts, platform.ts, cache.ts (export/import round trip), switch.ts, compose.ts; what a run
 * shares (its state, the timing wrapper, small helpers) in run.ts.
 */













const VALIDATE_CHECK_IDS = (/* unused pure expression or super */ null && ([
    'validate.bootstrap',
    'validate.build',
    'validate.timing',
    'validate.cached',
    'validate.platform',
    'validate.cache-local',
    'validate.cache-registry',
    'validate.switch',
    'validate.compose',
]));
async function validate(deps, opts) {
    if (!opts.enabled)
        return [];
    const run = {
        deps,
        opts,
        id: `bkh-validate-${(0,core_crypto/* randomBytes */.po)(6).toString('hex')}`,
        work: await (0,promises_.mkdtemp)((0,external_node_path_.join)((0,external_node_os_.tmpdir)(), 'bkh-validate-')),
        seq: 0,
    };
    const checks = [];
    const push = (c) => {
        checks.push(c);
        const line = `${c.id}${c.builder !== undefined ? ` [${c.builder}]` : ''}: ${c.ok ? (c.skipped ? 'skipped' : 'ok') : 'FAILED'}: ${c.message.replace(/^skipped: /, '')}`;
        if (c.ok)
            deps.log.info(line);
        else
            deps.log.error(line);
    };
    try {
        // Which context is current decides which docker-driver builders need their own context.
        const ctxShow = await deps.docker.run(['context', 'show'], { timeoutMs: deps.docker.timeouts.probe });
        const currentContext = ctxShow.exitCode === 0 && ctxShow.stdout.trim() !== '' ? ctxShow.stdout.trim() : undefined;
        const states = [];
        for (const name of opts.builders) {
            const st = await validateBuilder(run, name, currentContext, push);
            states.push(st);
        }
        push(await timed('validate.timing', () => checkTiming(run, states)));
        push(await timed('validate.switch', () => checkSwitch(run, states)));
        push(await timed('validate.compose', () => checkCompose(run, states)));
    }
    finally {
        await (0,promises_.rm)(run.work, { recursive: true, force: true });
    }
    return checks;
}
async function validateBuilder(run, name, currentContext, push) {
    const { opts } = run;
    const st = { name, docker: run.deps.docker, bootstrapped: false, nativeArch: hostArch() };
    const boot = await timed('validate.bootstrap', async () => {
        const p = await run.deps.docker.inspect(name, true);
        const verdict = judgeBootstrap(name, p);
        st.bootstrapped = verdict.ok;
        const arch = p.parsed?.nodes[0]?.platforms[0]?.split('/')[1];
        if (arch !== undefined && arch !== '')
            st.nativeArch = arch;
        if (needsOwnContext(p.parsed, currentContext)) {
            st.docker = contextDocker(run.deps.docker, name);
            verdict.message += ` (builds through docker context ${name})`;
        }
        return { id: 'validate.bootstrap', ...verdict };
    });
    push({ ...boot, builder: name });
    const notRun = (id) => ({
        id,
        builder: name,
        ok: false,
        skipped: true,
        message: `not run: builder ${name} did not bootstrap`,
    });
    if (!st.bootstrapped) {
        push(notRun('validate.build'));
        return st;
    }
    // A check that does not apply is still listed, as skipped, so the report says why it did not run.
    const skip = (id, why) => ({
        id,
        builder: name,
        ok: true,
        skipped: true,
        message: `skipped: ${why}`,
    });
    push({ ...(await timed('validate.build', () => checkBuild(run, st))), builder: name });
    if (opts.cache)
        push({ ...(await timed('validate.cached', () => checkCached(run, st))), builder: name });
    else
        push(skip('validate.cached', 'cache checks are turned off'));
    if (opts.platforms.length > 0)
        push({ ...(await timed('validate.platform', () => checkPlatforms(run, st))), builder: name });
    else
        push(skip('validate.platform', 'no platforms requested'));
    if (opts.cache)
        push({ ...(await timed('validate.cache-local', () => checkCacheRoundTrip(run, st, 'local'))), builder: name });
    else
        push(skip('validate.cache-local', 'cache checks are turned off'));
    if (!opts.cache)
        push(skip('validate.cache-registry', 'cache checks are turned off'));
    else if (opts.cacheRegistry === undefined || opts.cacheRegistry === '')
        push(skip('validate.cache-registry', 'no cache registry given'));
    else
        push({
            ...(await timed('validate.cache-registry', () => checkCacheRoundTrip(run, st, 'registry'))),
            builder: name,
        });
    return st;
}


/***/ })

};
