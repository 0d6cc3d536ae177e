import type { ChangePage } from '../domain/change-feed.ts';

export const CHANGE_FEED_FORMATS = ['ndjson', 'json'] as const;
export type ChangeFeedFormat = (typeof CHANGE_FEED_FORMATS)[number];

/**
 * The changes of a run of feed pages as text, streamed. NDJSON: one change per line, each as the API gives it,
 * then a last line `{"next": CURSOR}` (a file without that line was cut short). JSON: one object, the API's
 * answer holding every change (`{"changes": [...], "next": CURSOR, "more": false}`).
 */
export async function* changeFeedChunks(
  pages: AsyncIterable<ChangePage>,
  format: ChangeFeedFormat,
): AsyncIterable<string> {
  let next: string | undefined;
  let first = true;
  if (format === 'json') yield '{"changes": [';
  for await (const page of pages) {
    for (const change of page.changes) {
      const line = JSON.stringify(change);
      yield format === 'ndjson' ? line + '\n' : (first ? '\n' : ',\n') + line;
      first = false;
    }
    next = page.next;
  }
  if (next === undefined) throw new Error('the change feed gave no page');
  if (format === 'ndjson') yield JSON.stringify({ next }) + '\n';
  else yield `${first ? '' : '\n'}], "next": ${JSON.stringify(next)}, "more": false}\n`;
}
