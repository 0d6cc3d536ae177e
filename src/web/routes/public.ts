/** Record ids (ULIDs), slugs and company ids: anything else cannot name a record or company. */
export function isIdentifier(value: string): boolean {
  return value.length <= 200 && /^[A-Za-z0-9-]+$/.test(value);
}

/** The route options of a page or endpoint that anyone may use. */
export const PUBLIC = { config: { access: 'public' as const } };
