import { BOUNDS } from '../../../settings.ts';
import { z } from 'zod';
import { InputError, zodIssues } from '../../../domain/errors.ts';

/** A request's part read with the schema its route declares; refused with `code` and the issues' paths. */
export function parsedOrRefused<T>(schema: z.ZodType<T>, value: unknown, code: string): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new InputError(code, zodIssues(parsed.error));
  return parsed.data;
}

/** How many items one page of a list answer holds: the `limit` of every paged API list. */
export const PageLimit = z.coerce
  .number()
  .int()
  .min(1)
  .max(BOUNDS.apiPage.max)
  .default(BOUNDS.apiPage.default)
  .meta({ description: `1 to ${BOUNDS.apiPage.max} (default ${BOUNDS.apiPage.default})` });
