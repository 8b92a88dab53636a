import { describe, expect, it } from 'vitest';
import { parseBuildersYaml } from '../../src/core/builders-yaml.js';
import { parseBoolValue, validatePlatform } from '../../src/core/option-values.js';
import { InputError } from '../../src/core/errors.js';

function err(fn: () => unknown): InputError {
  try {
    fn();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('parseBuildersYaml', () => {
  it('reads every key into a spec', () => {
    const specs = parseBuildersYaml(`
- name: CI-Builder
  driver: docker-container
  driver-opts:
    image: moby/buildkit:v0.13.2
    memory: 2g
    cpu-quota: 50000
  platforms: [linux/amd64, linux/arm64]
  buildkitd-config-inline: |
    [worker.oci]
      gc = true
      gckeepstorage = 10000
  buildkitd-flags: --debug
  use: true
- name: remote1
  driver: remote
  endpoint: tcp://127.0.0.1:1234
  platforms: linux/amd64, linux/arm/v7
  buildkitd-config: /etc/buildkit/buildkitd.toml
`);
    expect(specs).toEqual([
      {
        name: 'ci-builder',
        driver: 'docker-container',
        driverOpts: { image: 'moby/buildkit:v0.13.2', memory: '2g', 'cpu-quota': '50000' },
        platforms: ['linux/amd64', 'linux/arm64'],
        buildkitdConfigInline: '[worker.oci]\n  gc = true\n  gckeepstorage = 10000\n',
        buildkitdFlags: '--debug',
        use: true,
      },
      {
        name: 'remote1',
        driver: 'remote',
        driverOpts: {},
        platforms: ['linux/amd64', 'linux/arm/v7'],
        endpoint: 'tcp://127.0.0.1:1234',
        buildkitdConfigFile: '/etc/buildkit/buildkitd.toml',
        use: false,
      },
    ]);
  });

  it('treats empty text as no builders', () => {
    expect(parseBuildersYaml('')).toEqual([]);
    expect(parseBuildersYaml('  \n')).toEqual([]);
  });

  it.each([
    ['unknown key', '- name: a\n  driver: docker-container\n  colour: red', /builders\[0\]\.colour unknown key/],
    [
      'bad driver',
      '- name: a\n  driver: podman',
      /builders\[0\]\.driver must be one of docker\|docker-container\|remote\|kubernetes/,
    ],
    ['missing driver', '- name: a', /builders\[0\] missing required key driver/],
    ['not a list', 'name: a\ndriver: docker', /YAML list of builders/],
    ['bad YAML', '- name: [a\n', /does not parse/],
    ['bad name', '- name: 1abc\n  driver: docker-container', /starts with a letter/],
    [
      'two in use',
      '- {name: a, driver: docker-container, use: true}\n- {name: b, driver: docker-container, use: true}',
      /at most one builder with use: true/,
    ],
    [
      'duplicate name',
      '- {name: a, driver: docker-container}\n- {name: A, driver: docker-container}',
      /builders\[0\] has it/,
    ],
    ['bad TOML', '- name: a\n  driver: docker-container\n  buildkitd-config-inline: "[worker.oci"', /valid TOML/],
    ['bad platform', '- {name: a, driver: docker-container, platforms: [linux]}', /os\/arch/],
    ['remote without endpoint', '- {name: a, driver: remote}', /endpoint for the remote driver/],
    ['bad use', '- {name: a, driver: docker-container, use: maybe}', /true or false/],
    [
      'both configs',
      '- {name: a, driver: docker-container, buildkitd-config: /x, buildkitd-config-inline: ""}',
      /not both/,
    ],
  ])('rejects %s with a clear InputError', (_case, text, re) => {
    const e = err(() => parseBuildersYaml(text));
    expect(e.input).toMatch(/^builders/);
    expect(e.message).toMatch(re);
  });

  it('names the index of the builder at fault', () => {
    const e = err(() => parseBuildersYaml('- {name: ok, driver: docker-container}\n- {name: bad, driver: nope}'));
    expect(e.message).toContain('builders[1].driver');
    expect(e.message).not.toContain('builders[0]');
  });
});

describe('parseBoolValue and validatePlatform', () => {
  it('parses booleans explicitly: "false" is false', () => {
    expect(parseBoolValue('false', 'x')).toBe(false);
    expect(parseBoolValue('No', 'x')).toBe(false);
    expect(parseBoolValue('0', 'x')).toBe(false);
    expect(parseBoolValue('TRUE', 'x')).toBe(true);
    expect(parseBoolValue('yes', 'x')).toBe(true);
    expect(() => parseBoolValue('', 'x')).toThrow(InputError);
  });
  it('lowercases and checks platforms', () => {
    expect(validatePlatform('Linux/ARM64', 'p')).toBe('linux/arm64');
    expect(validatePlatform('linux/arm/v7', 'p')).toBe('linux/arm/v7');
    expect(() => validatePlatform('linux/arm64/v8/x', 'p')).toThrow(/platforms as os\/arch/);
  });
});
