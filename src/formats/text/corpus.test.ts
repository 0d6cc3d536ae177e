import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, corpusAvailable } from '../../../test/support/shared.ts';
import { parseTextForm } from './parse.ts';

/** Drops what the expected files leave out: ids, timestamps, status and linked company ids. */
function comparable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(comparable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !['id', 'slug', 'createdAt', 'updatedAt', 'status', 'companyId'].includes(key))
        .map(([key, inner]) => [key, comparable(inner)]),
    );
  }
  return value;
}

const files = corpusAvailable() ? readdirSync(CORPUS_DIR).filter((file) => file.endsWith('.txt')) : [];

describe.runIf(files.length > 0)('the corpus parses to exactly its expected fields', () => {
  it.each(files)('%s', (file) => {
    const text = readFileSync(join(CORPUS_DIR, file), 'utf8');
    const expected = JSON.parse(
      readFileSync(join(CORPUS_DIR, file.replace(/\.txt$/, '.expected.json')), 'utf8'),
    );
    const records = parseTextForm(text, { file });
    expect(comparable(records)).toEqual(comparable(Array.isArray(expected) ? expected : [expected]));
  });

  it('parses every corpus file concatenated as several records in one file', () => {
    const texts = files.map((file) => readFileSync(join(CORPUS_DIR, file), 'utf8').trim());
    const records = parseTextForm(texts.join('\n\n'));
    expect(records.map((record) => record.dateReported)).toHaveLength(files.length);
    expect(records.map((record) => record.sources.length)).toEqual(files.map(() => 1));
  });
});
