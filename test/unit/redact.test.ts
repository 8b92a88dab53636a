import { describe, expect, it } from 'vitest';
import {
  REDACTED,
  mergeRedacted,
  parseJsonPath,
  redactContextMeta,
  redactDockerConfig,
  redactStateJson,
} from '../../src/bundle/redact.js';
import { redactText } from '../../src/phases/backup/collect.js';

const config = {
  auths: {
    'https://index.docker.io/v1/': { auth: 'dXNlcjpTRUtSRVQx', email: 'a@b.c' },
    'ghcr.io': { identitytoken: 'SEKRET2', registrytoken: 'SEKRET3', password: 'SEKRET4', username: 'robot' },
  },
  credsStore: 'desktop',
  credHelpers: { 'gcr.io': 'gcloud' },
  proxies: { default: { httpProxy: 'http://proxy:3128' } },
  plugins: { thing: { apiToken: 'SEKRET5', nested: [{ db_password: 'SEKRET6' }] } },
  currentContext: 'ctx',
};

describe('redactDockerConfig', () => {
  it('replaces every credential and *token*/*password* field, keeps the rest and lists the fields', () => {
    const r = redactDockerConfig(JSON.stringify(config));
    for (const s of ['dXNlcjpTRUtSRVQx', 'SEKRET2', 'SEKRET3', 'SEKRET4', 'SEKRET5', 'SEKRET6'])
      expect(r.content).not.toContain(s);
    expect(r.fields.sort()).toEqual([
      'auths["ghcr.io"].identitytoken',
      'auths["ghcr.io"].password',
      'auths["ghcr.io"].registrytoken',
      'auths["https://index.docker.io/v1/"].auth',
      'plugins.thing.apiToken',
      'plugins.thing.nested[0].db_password',
    ]);
    const doc = JSON.parse(r.content) as typeof config;
    expect(doc.auths['ghcr.io']).toEqual({
      identitytoken: REDACTED,
      registrytoken: REDACTED,
      password: REDACTED,
      username: 'robot',
    });
    expect(doc.credsStore).toBe('desktop');
    expect(doc.credHelpers).toEqual({ 'gcr.io': 'gcloud' });
    expect(doc.proxies).toEqual(config.proxies);
  });

  it('refuses a file that is not JSON (it cannot be redacted safely)', () => {
    expect(() => redactDockerConfig('{"auths": {"x": {"auth": "SEKRET"')).toThrow();
  });

  it('every field path parses back to its keys', () => {
    expect(parseJsonPath('auths["https://index.docker.io/v1/"].auth')).toEqual([
      'auths',
      'https://index.docker.io/v1/',
      'auth',
    ]);
    expect(parseJsonPath('plugins.thing.nested[0].db_password')).toEqual([
      'plugins',
      'thing',
      'nested',
      0,
      'db_password',
    ]);
    expect(() => parseJsonPath('a..b')).toThrow(/bad JSON path/);
  });
});

describe('mergeRedacted', () => {
  const r = redactDockerConfig(JSON.stringify(config, null, 2));
  it('takes the secrets from the file on disk now', () => {
    expect(JSON.parse(mergeRedacted(r.content, JSON.stringify(config), r.fields))).toEqual(config);
  });
  it('drops redacted fields when there is no current value: never writes the marker', () => {
    const out = mergeRedacted(r.content, undefined, r.fields);
    expect(out).not.toContain(REDACTED);
    const doc = JSON.parse(out) as typeof config;
    expect(doc.auths['ghcr.io']).toEqual({ username: 'robot' });
    expect(doc.credsStore).toBe('desktop');
  });
});

describe('redactContextMeta', () => {
  it('keeps the endpoint host, drops TLS data and passwords', () => {
    const meta = {
      Name: 'remote',
      Metadata: { Description: 'x', Password: 'SEKRET7' },
      Endpoints: {
        docker: { Host: 'tcp://10.0.0.1:2376', SkipTLSVerify: false, TLSData: { CA: 'PEM', Key: 'SEKRET8' } },
      },
    };
    const r = redactContextMeta(JSON.stringify(meta));
    expect(JSON.parse(r.content)).toEqual({
      Name: 'remote',
      Metadata: { Description: 'x' },
      Endpoints: { docker: { Host: 'tcp://10.0.0.1:2376', SkipTLSVerify: false } },
    });
    expect(r.fields.sort()).toEqual(['Endpoints.docker.TLSData', 'Metadata.Password']);
  });
});

describe('redactStateJson and redactText', () => {
  it('leaves ordinary state files byte for byte, masks secret driver options', () => {
    const plain = '{"Name":"b","Nodes":[{"DriverOpts":{"network":"host"}}]}';
    expect(redactStateJson(plain)).toEqual({ content: plain, fields: [] });
    expect(redactStateJson('not json')).toEqual({ content: 'not json', fields: [] });
    const secret = redactStateJson('{"Nodes":[{"DriverOpts":{"env.GITHUB_TOKEN":"SEKRET9"}}]}');
    expect(secret.content).not.toContain('SEKRET9');
    expect(secret.fields).toEqual(['Nodes[0].DriverOpts["env.GITHUB_TOKEN"]']);
  });
  it('masks secret-looking key=value pairs in command output', () => {
    const out = redactText('Driver Options: env.GITHUB_TOKEN="SEKRET10" network="host"\nMY_PASSWORD=SEKRET11 other=1');
    expect(out).not.toMatch(/SEKRET1[01]/);
    expect(out).toContain('network="host"');
    expect(out).toContain('other=1');
  });
});

describe('layout is kept', () => {
  it('a config.json as the docker CLI writes it (tabs, no final newline) round-trips byte for byte', () => {
    const original = JSON.stringify(config, null, '\t');
    const r = redactDockerConfig(original);
    expect(r.content.startsWith('{\n\t"auths"')).toBe(true);
    expect(r.content.endsWith('}')).toBe(true);
    expect(mergeRedacted(r.content, original, r.fields)).toBe(original);
  });
  it('two-space files with a final newline, and one-line files, too', () => {
    const two = JSON.stringify(config, null, 2) + '\n';
    const one = JSON.stringify(config);
    for (const original of [two, one]) {
      const r = redactDockerConfig(original);
      expect(mergeRedacted(r.content, original, r.fields)).toBe(original);
    }
  });
});
