import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { parse as parseToml } from 'smol-toml';
import type { BuilderSpec } from './options.js';
import { InputError, errorMessage } from './errors.js';
import { parseBoolValue, validateBuilderName, validatePlatform } from './option-values.js';

/** The `builders` input: a YAML list of builders the user declares. */
const INPUT = 'builders';

const BUILDER_DRIVERS = ['docker', 'docker-container', 'remote', 'kubernetes'] as const;

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
] as const;

const ACCEPTED =
  `a YAML list of builders, each a map with keys ${SPEC_KEYS.join(', ')} ` +
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
} as const;

let compiled: ValidateFunction | undefined;
function validator(): ValidateFunction {
  // Compiled on first use, not on import: nothing in src/ does work on import.
  compiled ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);
  return compiled;
}

function describeAjvError(e: ErrorObject): { where: string; what: string } {
  // instancePath looks like `/1/driver-opts/memory`: builder index first.
  const parts = e.instancePath.split('/').slice(1);
  const index = parts[0];
  const field = parts.slice(1).join('.');
  let where = index === undefined ? 'builders' : `builders[${index}]`;
  if (field !== '') where += `.${field}`;
  let what = e.message ?? 'is invalid';
  if (e.keyword === 'additionalProperties') {
    const extra = (e.params as { additionalProperty?: string }).additionalProperty ?? '?';
    where += `.${extra}`;
    what = `unknown key (accepted: ${SPEC_KEYS.join(', ')})`;
  } else if (e.keyword === 'enum') {
    what = `must be one of ${BUILDER_DRIVERS.join('|')}`;
  } else if (e.keyword === 'required') {
    const missing = (e.params as { missingProperty?: string }).missingProperty ?? '?';
    what = `missing required key ${missing}`;
  }
  return { where, what };
}

function toList(v: string | readonly string[] | undefined): string[] {
  if (v === undefined) return [];
  const items = typeof v === 'string' ? v.split(',') : [...v];
  return items.map((s) => s.trim()).filter((s) => s !== '');
}

type RawSpec = {
  name: string;
  driver: BuilderSpec['driver'];
  'driver-opts'?: Record<string, string | number | boolean>;
  platforms?: string | string[];
  'buildkitd-config'?: string;
  'buildkitd-config-inline'?: string;
  endpoint?: string;
  'buildkitd-flags'?: string;
  use?: boolean | string;
};

/**
 * Parses the `builders` input into specs. Every problem is an InputError that names the builder
 * index and field, thrown before anything changes. Empty text means no builders declared.
 */
export function parseBuildersYaml(text: string): BuilderSpec[] {
  if (text.trim() === '') return [];
  let doc: unknown;
  try {
    doc = parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (e) {
    const msg = e instanceof YAMLParseError ? e.message : String(e);
    throw new InputError(INPUT, text, `${ACCEPTED}; the YAML does not parse: ${msg}`);
  }
  if (doc === null || doc === undefined) return [];
  const validate = validator();
  if (!validate(doc)) {
    const msgs = (validate.errors ?? [])
      .map(describeAjvError)
      // anyOf produces one error per branch plus its own: keep one line per place.
      .filter((m, i, all) => all.findIndex((o) => o.where === m.where) === i)
      .map((m) => `${m.where} ${m.what}`);
    throw new InputError(INPUT, text, `${ACCEPTED}; found: ${msgs.join('; ')}`);
  }
  const raws = doc as RawSpec[];
  const specs = raws.map((r, i) => toSpec(r, i));
  const seen = new Map<string, number>();
  specs.forEach((s, i) => {
    const prev = seen.get(s.name);
    if (prev !== undefined) {
      throw new InputError(
        `builders[${i}].name`,
        s.name,
        `a name not used by another builder (builders[${prev}] has it)`,
      );
    }
    seen.set(s.name, i);
  });
  const used = specs.map((s, i) => (s.use ? i : -1)).filter((i) => i >= 0);
  if (used.length > 1) {
    throw new InputError(
      `builders[${used[1]}].use`,
      'true',
      `at most one builder with use: true (builders[${used[0]}] has it already)`,
    );
  }
  return specs;
}

function toSpec(r: RawSpec, i: number): BuilderSpec {
  const at = (field: string) => `builders[${i}].${field}`;
  const spec: BuilderSpec = {
    name: validateBuilderName(r.name, at('name')),
    driver: r.driver,
    driverOpts: {},
    platforms: toList(r.platforms).map((p) => validatePlatform(p, at('platforms'))),
    use: r.use === undefined ? false : typeof r.use === 'boolean' ? r.use : parseBoolValue(r.use, at('use')),
  };
  for (const [k, v] of Object.entries(r['driver-opts'] ?? {})) {
    if (!/^[a-zA-Z0-9._-]+$/.test(k))
      throw new InputError(at(`driver-opts.${k}`), k, 'option names of letters, digits and . _ -');
    spec.driverOpts[k] = String(v);
  }
  if (r['buildkitd-config'] !== undefined && r['buildkitd-config-inline'] !== undefined) {
    throw new InputError(
      at('buildkitd-config-inline'),
      r['buildkitd-config-inline'],
      'either buildkitd-config (a file) or buildkitd-config-inline (TOML text), not both',
    );
  }
  if (r['buildkitd-config'] !== undefined) spec.buildkitdConfigFile = r['buildkitd-config'];
  if (r['buildkitd-config-inline'] !== undefined) {
    try {
      parseToml(r['buildkitd-config-inline']);
    } catch (e) {
      const msg = errorMessage(e).split('\n')[0];
      throw new InputError(
        at('buildkitd-config-inline'),
        r['buildkitd-config-inline'],
        `valid TOML (buildkitd.toml): ${msg}`,
      );
    }
    spec.buildkitdConfigInline = r['buildkitd-config-inline'];
  }
  if (r.endpoint !== undefined) spec.endpoint = r.endpoint;
  if (r['buildkitd-flags'] !== undefined) spec.buildkitdFlags = r['buildkitd-flags'];
  if (r.driver === 'remote' && spec.endpoint === undefined) {
    throw new InputError(at('endpoint'), '', 'an endpoint for the remote driver (e.g. tcp://buildkitd:1234)');
  }
  return spec;
}
