import { slugify } from './slug.ts';

/** How a record without an id is known again on import: its slug, from the title and the date reported. */
export function recordSlug(record: { title: string; dateReported: string }): string {
  const title = slugify(record.title, 80) || 'record';
  return `${title}-${record.dateReported}`;
}
