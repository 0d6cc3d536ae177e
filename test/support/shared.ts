import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = resolve(PROJECT_ROOT, '../shared');
export const CORPUS_DIR = join(SHARED_DIR, 'corpus');

/**
 * Whether ../shared/corpus is here. In CI (CI=true) it must be: its absence fails the run instead of
 * skipping. Elsewhere the tests that need it skip and say why.
 */
export function corpusAvailable(): boolean {
  if (existsSync(CORPUS_DIR)) return true;
  if (process.env.CI === 'true') throw new Error(`CI=true but the corpus is missing at ${CORPUS_DIR}`);
  console.warn(
    `skipping corpus tests: ${CORPUS_DIR} is not on this machine (the tests run where ../shared exists)`,
  );
  return false;
}
