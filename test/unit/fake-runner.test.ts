// The test double most unit tests stand on: it matches commands by structure, not whole strings,
// and still refuses any command it was not told about.
import { describe, expect, it } from 'vitest';
import { FakeRunner, commandShape, sameCommand } from '../support/fake-runner.js';

const o = { timeoutMs: 1000 };

describe('FakeRunner matches commands by structure', () => {
  it('reads a command into file, subcommand path, flags as a set and positionals', () => {
    expect(commandShape('docker buildx inspect --bootstrap b1'.split(' '))).toEqual({
      file: 'docker',
      path: ['buildx', 'inspect'],
      flags: ['--bootstrap'],
      args: ['b1'],
    });
    expect(commandShape('docker ps -a --filter name=x --format {{json .}}'.split(' '))).toEqual({
      file: 'docker',
      path: ['ps'],
      flags: ['--filter=name=x', '--format={{json', '-a'],
      args: ['.}}'],
    });
    expect(commandShape(['docker', 'rm', '--', '-weird'])).toEqual({
      file: 'docker',
      path: ['rm'],
      flags: [],
      args: ['-weird'],
    });
  });

  it('flags in another order, or --x=v for --x v, are the same command; another positional is not', () => {
    const shape = (s: string) => commandShape(s.split(' '));
    expect(
      sameCommand(shape('docker buildx du --verbose --builder b'), shape('docker buildx du --builder b --verbose')),
    ).toBe(true);
    expect(sameCommand(shape('docker buildx du --builder=b'), shape('docker buildx du --builder b'))).toBe(true);
    expect(
      sameCommand(shape('docker buildx inspect --bootstrap b1'), shape('docker buildx inspect b1 --bootstrap')),
    ).toBe(true);
    expect(sameCommand(shape('docker buildx use a'), shape('docker buildx use b'))).toBe(false);
    expect(sameCommand(shape('docker rm a b'), shape('docker rm b a'))).toBe(false);
    expect(sameCommand(shape('docker buildx ls'), shape('docker buildx ls --format json'))).toBe(false);
  });

  it('an exact key wins, a key of the same structure answers, anything else throws', async () => {
    const r = new FakeRunner()
      .on('docker buildx prune --force --builder default --all', { stdout: 'pruned' })
      .on('docker buildx use default', { stdout: 'exact' });
    const reordered = await r.run('docker', ['buildx', 'prune', '--all', '--builder=default', '--force'], o);
    expect(reordered.stdout).toBe('pruned');
    expect((await r.run('docker', ['buildx', 'use', 'default'], o)).stdout).toBe('exact');
    await expect(r.run('docker', ['buildx', 'use', 'other'], o)).rejects.toThrow(/unexpected command/);
    await expect(r.run('docker', ['buildx', 'prune', '--all', '--builder', 'other', '--force'], o)).rejects.toThrow(
      /unexpected command/,
    );
    expect(r.calls.map((c) => c.argv[2])).toEqual(['prune', 'use', 'use', 'prune']);
  });

  it('two keys of one structure are refused rather than one picked', async () => {
    const r = new FakeRunner().on('docker x --a 1 --b 2', { stdout: '1' }).on('docker x --b 2 --a 1', { stdout: '2' });
    await expect(r.run('docker', ['x', '--a=1', '--b=2'], o)).rejects.toThrow(/more than one key/);
  });

  it('a command without a timeout is refused', async () => {
    await expect(new FakeRunner().on('docker info', {}).run('docker', ['info'], { timeoutMs: 0 })).rejects.toThrow(
      /no timeout/,
    );
  });
});
