import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

/** Every package the lock file installs must run on the Node versions the project's own `engines` allows. */
describe('dependencies', () => {
  const own = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
  const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
    packages: Record<string, { engines?: { node?: string } | string[]; dev?: boolean }>;
  };
  const oldest = semver.minVersion(own.engines.node)!.version;

  it(`install nothing that refuses the oldest Node the project supports (${oldest})`, () => {
    const refusing = Object.entries(lock.packages)
      .filter(([path]) => path !== '')
      .flatMap(([path, entry]) => {
        const wanted = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
        return wanted && !semver.satisfies(oldest, wanted) ? [`${path} wants node ${wanted}`] : [];
      });
    expect(refusing).toEqual([]);
  });

  it('would notice one that does', () => {
    expect(semver.satisfies(oldest, '>=22')).toBe(false);
  });
});
