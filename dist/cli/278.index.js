export const id = 278;
export const ids = [278];
export const modules = {

/***/ 43278:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   loadReports: () => (/* binding */ loadReports),
/* harmony export */   mergeReports: () => (/* binding */ mergeReports),
/* harmony export */   readReportFile: () => (/* binding */ readReportFile),
/* harmony export */   renderFleetMarkdown: () => (/* binding */ renderFleetMarkdown),
/* harmony export */   renderFleetText: () => (/* binding */ renderFleetText)
/* harmony export */ });
/* unused harmony exports ReportFileError, parseReport */
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(51455);
/* harmony import */ var node_fs_promises__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_fs_promises__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(76760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(42463);
/* harmony import */ var ajv__WEBPACK_IMPORTED_MODULE_5___default = /*#__PURE__*/__webpack_require__.n(ajv__WEBPACK_IMPORTED_MODULE_5__);
/* harmony import */ var _core_report_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(30544);
/* harmony import */ var _metrics_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(36479);
/* harmony import */ var _core_errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(74296);
/**
 * The fleet report: many runners' JSON reports (the weekly health check's artifacts) merged into
 * one table. Loading validates every file against the report schema and version, so a stray JSON
 * file or a report from an incompatible buildkit-healer is refused by name instead of miscounted.
 */






/** Thrown for a path that is missing or not a buildkit-healer report this version can read. */
class ReportFileError extends Error {
    file;
    constructor(file, reason) {
        super(`${file}: ${reason}`);
        this.file = file;
        this.name = 'ReportFileError';
    }
}
// Only the fields the fleet report reads are required; the rest of the report may grow freely
// within the same version.
const reportSchema = {
    type: 'object',
    required: [
        'schema',
        'version',
        'tool',
        'mode',
        'status',
        'healthy',
        'finishedAt',
        'host',
        'versions',
        'builders',
        'findings',
    ],
    properties: {
        tool: { type: 'object', required: ['name', 'version'], properties: { name: { const: 'buildkit-healer' } } },
        mode: { enum: ['check', 'auto', 'repair', 'reinstall', 'rollback'] },
        status: { enum: ['healthy', 'unhealthy', 'repaired', 'failed'] },
        healthy: { type: 'boolean' },
        finishedAt: { type: 'string' },
        host: { type: 'object', required: ['hostname'], properties: { hostname: { type: 'string' } } },
        versions: { type: 'object' },
        builders: { $ref: '#/$defs/builders' },
        buildersAfter: { $ref: '#/$defs/builders' },
        findings: { $ref: '#/$defs/findings' },
        findingsAfter: { $ref: '#/$defs/findings' },
        error: { type: 'string' },
    },
    $defs: {
        builders: {
            type: 'array',
            items: {
                type: 'object',
                required: ['name', 'driver', 'status', 'nodes'],
                properties: { name: { type: 'string' }, driver: { type: 'string' }, nodes: { type: 'array' } },
            },
        },
        findings: {
            type: 'array',
            items: {
                type: 'object',
                required: ['id', 'severity', 'subject', 'message'],
                properties: { severity: { enum: ['info', 'warning', 'error'] }, id: { type: 'string' } },
            },
        },
    },
};
const NOT_A_REPORT = 'not a buildkit-healer report';
let validator;
function validate(value) {
    validator ??= new ajv__WEBPACK_IMPORTED_MODULE_5__.Ajv({ allErrors: false, strict: false }).compile(reportSchema);
    if (validator(value))
        return undefined;
    const e = validator.errors?.[0];
    return e ? `${e.instancePath || '/'} ${e.message ?? 'is invalid'}` : 'invalid';
}
/** Checks a parsed JSON value is a report of this schema version; `file` names it in the error. */
function asReport(value, file) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new ReportFileError(file, `${NOT_A_REPORT}: expected a JSON object`);
    }
    const v = value;
    if (v.schema !== _core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_SCHEMA */ .DC) {
        throw new ReportFileError(file, `${NOT_A_REPORT}: "schema" is ${JSON.stringify(v.schema)}, expected "${_core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_SCHEMA */ .DC}"`);
    }
    if (v.version !== _core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_VERSION */ .Aj) {
        const newer = typeof v.version === 'number' && v.version > _core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_VERSION */ .Aj;
        throw new ReportFileError(file, `report version ${JSON.stringify(v.version)} is not supported: this buildkit-healer reads version ${_core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .REPORT_VERSION */ .Aj}${newer ? '; upgrade it to merge newer reports' : ''}`);
    }
    const problem = validate(value);
    if (problem)
        throw new ReportFileError(file, `${NOT_A_REPORT}: ${problem}`);
    return value;
}
async function readReportFile(file) {
    return parseReport(await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readFile)(file, 'utf8'), file);
}
/** Reads a report back from its JSON text, refusing other documents and other schema versions. */
function parseReport(text, file) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (e) {
        throw new ReportFileError(file, `${NOT_A_REPORT}: invalid JSON (${(0,_core_errors_js__WEBPACK_IMPORTED_MODULE_4__/* .errorMessage */ .gJ)(e)})`);
    }
    return asReport(value, file);
}
async function jsonFilesUnder(dir) {
    const out = [];
    for (const entry of await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.readdir)(dir, { withFileTypes: true })) {
        const p = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.join)(dir, entry.name);
        if (entry.isDirectory())
            out.push(...(await jsonFilesUnder(p)));
        else if (entry.isFile() && entry.name.endsWith('.json'))
            out.push(p);
    }
    return out;
}
/**
 * Reads reports from files and directories (searched recursively for `*.json`, as
 * download-artifact lays out one folder per artifact). A directory holding no report is an error:
 * a fleet report of nothing would read as "all healthy".
 */
async function loadReports(paths) {
    const out = [];
    for (const p of paths) {
        let st;
        try {
            st = await (0,node_fs_promises__WEBPACK_IMPORTED_MODULE_0__.stat)(p);
        }
        catch {
            throw new ReportFileError(p, 'no such file or directory');
        }
        if (st.isDirectory()) {
            const files = (await jsonFilesUnder(p)).sort();
            if (files.length === 0)
                throw new ReportFileError(p, 'the directory holds no *.json file');
            for (const f of files)
                out.push({ source: f, report: await readReportFile(f) });
        }
        else {
            out.push({ source: p, report: await readReportFile(p) });
        }
    }
    return out;
}
function rowFor({ source, report: r }) {
    const builders = (0,_metrics_js__WEBPACK_IMPORTED_MODULE_3__/* .currentBuilders */ .UK)(r);
    const names = new Set(builders.map((b) => b.name));
    const healthyNames = new Set(builders.filter(_metrics_js__WEBPACK_IMPORTED_MODULE_3__/* .builderHealthy */ .fZ).map((b) => b.name));
    return {
        source,
        host: r.host.hostname,
        mode: r.mode,
        status: r.status,
        healthy: r.healthy,
        findings: (0,_core_report_js__WEBPACK_IMPORTED_MODULE_2__/* .countBySeverity */ .Ot)((0,_metrics_js__WEBPACK_IMPORTED_MODULE_3__/* .currentFindings */ .Oe)(r)),
        builders: names.size,
        buildersHealthy: healthyNames.size,
        ...(r.versions.buildx ? { buildx: r.versions.buildx } : {}),
        finishedAt: r.finishedAt,
        ...(r.error ? { error: r.error } : {}),
    };
}
function mergeReports(reports) {
    const rows = reports.map(rowFor).sort((a, b) => a.host.localeCompare(b.host) || a.source.localeCompare(b.source));
    const byStatus = { healthy: 0, unhealthy: 0, repaired: 0, failed: 0 };
    const findings = { info: 0, warning: 0, error: 0 };
    for (const row of rows) {
        byStatus[row.status] += 1;
        for (const s of ['info', 'warning', 'error'])
            findings[s] += row.findings[s];
    }
    const errors = [];
    for (const { source, report } of [...reports].sort((a, b) => a.report.host.hostname.localeCompare(b.report.host.hostname) || a.source.localeCompare(b.source))) {
        for (const f of (0,_metrics_js__WEBPACK_IMPORTED_MODULE_3__/* .currentFindings */ .Oe)(report)) {
            if (f.severity === 'error') {
                errors.push({ source, host: report.host.hostname, id: f.id, subject: f.subject, message: f.message });
            }
        }
    }
    const healthy = rows.filter((r) => r.healthy).length;
    return {
        rows,
        totals: { runners: rows.length, healthy, unhealthy: rows.length - healthy, byStatus, findings },
        errors,
    };
}
/** Paths shown relative to the working directory when that is shorter. */
function displaySource(source, cwd) {
    if (!cwd)
        return source;
    const rel = (0,node_path__WEBPACK_IMPORTED_MODULE_1__.relative)(cwd, source);
    return rel && !rel.startsWith('..') && rel.length < source.length ? rel : source;
}
/** Markdown cells: no raw HTML, no table breaks, one line. */
function mdCell(s) {
    return s
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\|/g, '\\|')
        .replace(/`/g, '\\`')
        .replace(/\r?\n/g, ' ');
}
/** Messages are cut to keep a fleet summary of hundreds of runners far below the 1 MiB limit. */
const MAX_MESSAGE_CHARS = 500;
function cut(s) {
    return s.length > MAX_MESSAGE_CHARS
        ? `${s.slice(0, MAX_MESSAGE_CHARS)}\u2026 (${s.length - MAX_MESSAGE_CHARS} more characters in the report)`
        : s;
}
const STATUS_ICON = { healthy: '\u2705', repaired: '\ud83d\udee0\ufe0f', unhealthy: '\u26a0\ufe0f', failed: '\u274c' };
function totalsLine(fleet) {
    const t = fleet.totals;
    const statuses = ['healthy', 'repaired', 'unhealthy', 'failed']
        .filter((s) => t.byStatus[s] > 0)
        .map((s) => `${t.byStatus[s]} ${s}`);
    return (`${t.runners} runner${t.runners === 1 ? '' : 's'}: ${t.healthy} healthy, ${t.unhealthy} not healthy` +
        (statuses.length ? ` (${statuses.join(', ')})` : '') +
        `; findings: ${t.findings.error} error, ${t.findings.warning} warning, ${t.findings.info} info`);
}
function renderFleetMarkdown(fleet, opts = {}) {
    const lines = ['## BuildKit fleet health', '', totalsLine(fleet), ''];
    lines.push('| Runner | Status | Healthy | Errors | Warnings | Info | Builders (healthy/all) | buildx | Finished | Report |');
    lines.push('|---|---|---|---:|---:|---:|---:|---|---|---|');
    for (const r of fleet.rows) {
        lines.push(`| ${mdCell(r.host)} | ${STATUS_ICON[r.status]} ${r.status} (${r.mode}) | ${r.healthy ? 'yes' : '**no**'} | ${r.findings.error} | ${r.findings.warning} | ${r.findings.info} | ${r.buildersHealthy}/${r.builders} | ${mdCell(r.buildx ?? '-')} | ${mdCell(r.finishedAt)} | ${mdCell(displaySource(r.source, opts.cwd))} |`);
    }
    lines.push('');
    if (fleet.errors.length === 0) {
        lines.push('No error findings.');
    }
    else {
        lines.push(`### Error findings (${fleet.errors.length})`, '');
        for (const e of fleet.errors) {
            lines.push(`- **${mdCell(e.host)}** \`${mdCell(e.id)}\` on ${mdCell(e.subject)}: ${mdCell(cut(e.message))}`);
        }
    }
    const failed = fleet.rows.filter((r) => r.error);
    if (failed.length > 0) {
        lines.push('', '### Runs that failed', '');
        for (const r of failed)
            lines.push(`- **${mdCell(r.host)}**: ${mdCell(cut(r.error ?? ''))}`);
    }
    return lines.join('\n') + '\n';
}
function pad(cells) {
    const widths = cells[0].map((_, i) => Math.max(...cells.map((row) => [...(row[i] ?? '')].length)));
    return cells.map((row) => row
        .map((c, i) => c + ' '.repeat(widths[i] - [...c].length))
        .join('  ')
        .trimEnd());
}
// Its own line, so the directive stays next to it whatever the formatter does to the use.
// eslint-disable-next-line no-control-regex -- control characters are what it finds
const CONTROL_CHARS = /[\u0000-\u001f\u007f]/g;
/** Plain text for a terminal: aligned columns, no colours, control characters made visible. */
function renderFleetText(fleet, opts = {}) {
    const clean = (s) => s.replace(CONTROL_CHARS, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
    const header = [
        'RUNNER',
        'STATUS',
        'MODE',
        'HEALTHY',
        'ERR',
        'WARN',
        'INFO',
        'BUILDERS',
        'BUILDX',
        'FINISHED',
        'REPORT',
    ];
    const rows = fleet.rows.map((r) => [
        clean(r.host),
        r.status,
        r.mode,
        r.healthy ? 'yes' : 'no',
        String(r.findings.error),
        String(r.findings.warning),
        String(r.findings.info),
        `${r.buildersHealthy}/${r.builders}`,
        clean(r.buildx ?? '-'),
        clean(r.finishedAt),
        clean(displaySource(r.source, opts.cwd)),
    ]);
    const lines = [totalsLine(fleet), '', ...pad([header, ...rows]), ''];
    if (fleet.errors.length === 0)
        lines.push('No error findings.');
    else {
        lines.push(`Error findings (${fleet.errors.length}):`);
        for (const e of fleet.errors)
            lines.push(`  ${clean(e.host)}  ${clean(e.id)}  ${clean(e.subject)}: ${clean(cut(e.message))}`);
    }
    for (const r of fleet.rows.filter((x) => x.error))
        lines.push(`Run failed on ${clean(r.host)}: ${clean(cut(r.error ?? ''))}`);
    return lines.join('\n') + '\n';
}


/***/ })

};
