export const id = 459;
export const ids = [459];
export const modules = {

/***/ 73459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   parseBuildersYaml: () => (/* binding */ parseBuildersYaml)
/* harmony export */ });
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(42463);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_4___default = /*#__PURE__*/__webpack_require__.n(ajv__WEBPACK_IMPORTED_MODULE_4__);
/* harmony import */ var yaml__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(38815);
/* harmony import */ var smol_toml__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3292);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(74296);
/* harmony import */ var _option_values_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36369);





/** The `builders` input: a YAML list of builders the user declares. */
const INPUT = 'builders';
const BUILDER_DRIVERS = ['docker', 'docker-container', 'remote', 'kubernetes'];
const SPEC_KEYS = [
    'name',
    'driver',
    'driver-opts',
    'platforms',
    'buildkitd-config',
    'buildkitd-config-inline',
    'endpoint',
    'buildkitd-flags',
    'use',
];
const ACCEPTED = `a YAML list of builders, each a map with keys ${SPEC_KEYS.join(', ')} ` +
    `(name and driver required; driver one of ${BUILDER_DRIVERS.join('|')})`;
const scalar = { type: ['string', 'number', 'boolean'] };
const schema = {
    type: 'array',
    items: {
        type: 'object',
        additionalProperties: false,
        required: ['name', 'driver'],
        properties: {
            name: { type: 'string', minLength: 1 },
            driver: { type: 'string', enum: [...BUILDER_DRIVERS] },
            'driver-opts': { type: 'object', additionalProperties: scalar },
            // A list, or one comma-separated string as `docker buildx create --platform` takes it.
            platforms: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
            'buildkitd-config': { type: 'string', minLength: 1 },
            'buildkitd-config-inline': { type: 'string' },
            endpoint: { type: 'string', minLength: 1 },
            'buildkitd-flags': { type: 'string' },
            use: { type: ['boolean', 'string'] },
        },
    },
};
let compiled;
function validator() {
    // Compiled on first use, not on import: nothing in src/ does work on import.
    compiled ??= new ajv__WEBPACK_IMPORTED_MODULE_4__.Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
    return compiled;
}
function describeAjvError(e) {
    // instancePath looks like `/1/driver-opts/memory`: builder index first.
    const parts = e.instancePath.split('/').slice(1);
    const index = parts[0];
    const field = parts.slice(1).join('.');
    let where = index === undefined ? 'builders' : `builders[${index}]`;
    if (field !== '')
        where += `.${field}`;
    let what = e.message ?? 'is invalid';
    if (e.keyword === 'additionalProperties') {
        const extra = e.params.additionalProperty ?? '?';
        where += `.${extra}`;
        what = `unknown key (accepted: ${SPEC_KEYS.join(', ')})`;
    }
    else if (e.keyword === 'enum') {
        what = `must be one of ${BUILDER_DRIVERS.join('|')}`;
    }
    else if (e.keyword === 'required') {
        const missing = e.params.missingProperty ?? '?';
        what = `missing required key ${missing}`;
    }
    return { where, what };
}
function toList(v) {
    if (v === undefined)
        return [];
    const items = typeof v === 'string' ? v.split(',') : [...v];
    return items.map((s) => s.trim()).filter((s) => s !== '');
}
/**
 * Parses the `builders` input into specs. Every problem is an InputError that names the builder
 * index and field, thrown before anything changes. Empty text means no builders declared.
 */
function parseBuildersYaml(text) {
    if (text.trim() === '')
        return [];
    let doc;
    try {
        doc = (0,yaml__WEBPACK_IMPORTED_MODULE_0__/* .parse */ .qg)(text, { prettyErrors: true, uniqueKeys: true });
    }
    catch (e) {
        const msg = e instanceof yaml__WEBPACK_IMPORTED_MODULE_0__/* .YAMLParseError */ .XT ? e.message : String(e);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(INPUT, text, `${ACCEPTED}; the YAML does not parse: ${msg}`);
    }
    if (doc === null || doc === undefined)
        return [];
    const validate = validator();
    if (!validate(doc)) {
        const msgs = (validate.errors ?? [])
            .map(describeAjvError)
            // anyOf produces one error per branch plus its own: keep one line per place.
            .filter((m, i, all) => all.findIndex((o) => o.where === m.where) === i)
            .map((m) => `${m.where} ${m.what}`);
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(INPUT, text, `${ACCEPTED}; found: ${msgs.join('; ')}`);
    }
    const raws = doc;
    const specs = raws.map((r, i) => toSpec(r, i));
    const seen = new Map();
    specs.forEach((s, i) => {
        const prev = seen.get(s.name);
        if (prev !== undefined) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`builders[${i}].name`, s.name, `a name not used by another builder (builders[${prev}] has it)`);
        }
        seen.set(s.name, i);
    });
    const used = specs.map((s, i) => (s.use ? i : -1)).filter((i) => i >= 0);
    if (used.length > 1) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(`builders[${used[1]}].use`, 'true', `at most one builder with use: true (builders[${used[0]}] has it already)`);
    }
    return specs;
}
function toSpec(r, i) {
    const at = (field) => `builders[${i}].${field}`;
    const spec = {
        name: (0,_option_values_js__WEBPACK_IMPORTED_MODULE_3__/* .validateBuilderName */ .vL)(r.name, at('name')),
        driver: r.driver,
        driverOpts: {},
        platforms: toList(r.platforms).map((p) => (0,_option_values_js__WEBPACK_IMPORTED_MODULE_3__/* .validatePlatform */ .Ci)(p, at('platforms'))),
        use: r.use === undefined ? false : typeof r.use === 'boolean' ? r.use : (0,_option_values_js__WEBPACK_IMPORTED_MODULE_3__/* .parseBoolValue */ .tU)(r.use, at('use')),
    };
    for (const [k, v] of Object.entries(r['driver-opts'] ?? {})) {
        if (!/^[a-zA-Z0-9._-]+$/.test(k))
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(at(`driver-opts.${k}`), k, 'option names of letters, digits and . _ -');
        spec.driverOpts[k] = String(v);
    }
    if (r['buildkitd-config'] !== undefined && r['buildkitd-config-inline'] !== undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(at('buildkitd-config-inline'), r['buildkitd-config-inline'], 'either buildkitd-config (a file) or buildkitd-config-inline (TOML text), not both');
    }
    if (r['buildkitd-config'] !== undefined)
        spec.buildkitdConfigFile = r['buildkitd-config'];
    if (r['buildkitd-config-inline'] !== undefined) {
        try {
            (0,smol_toml__WEBPACK_IMPORTED_MODULE_1__/* .parse */ .qg)(r['buildkitd-config-inline']);
        }
        catch (e) {
            const msg = (0,_errors_js__WEBPACK_IMPORTED_MODULE_2__/* .errorMessage */ .gJ)(e).split('\n')[0];
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(at('buildkitd-config-inline'), r['buildkitd-config-inline'], `valid TOML (buildkitd.toml): ${msg}`);
        }
        spec.buildkitdConfigInline = r['buildkitd-config-inline'];
    }
    if (r.endpoint !== undefined)
        spec.endpoint = r.endpoint;
    if (r['buildkitd-flags'] !== undefined)
        spec.buildkitdFlags = r['buildkitd-flags'];
    if (r.driver === 'remote' && spec.endpoint === undefined) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_2__/* .InputError */ .dz(at('endpoint'), '', 'an endpoint for the remote driver (e.g. tcp://buildkitd:1234)');
    }
    return spec;
}


/***/ })

};
