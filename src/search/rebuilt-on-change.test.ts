import { describe, expect, it } from 'vitest';
import { RebuiltOnChange } from './rebuilt-on-change.ts';

/** A value counting its builds, over a version the test moves. */
function counted(minRebuildIntervalMs?: number) {
  let version = 1;
  let builds = 0;
  const value = new RebuiltOnChange(
    async () => ++builds,
    async () => String(version),
    minRebuildIntervalMs,
  );
  return { value, change: () => version++, builds: () => builds };
}

describe('a value rebuilt on change', () => {
  it('is built again after every change of the data by default', async () => {
    const { value, change } = counted();
    expect(await value.current()).toBe(1);
    expect(await value.current()).toBe(1);
    change();
    expect(await value.current()).toBe(2);
  });

  it('with a minimum interval, serves the value it has until the interval has passed', async () => {
    const { value, change, builds } = counted(60_000);
    expect(await value.current()).toBe(1);
    for (let write = 0; write < 5; write++) {
      change();
      expect(await value.current()).toBe(1);
    }
    expect(builds()).toBe(1);
  });
});
