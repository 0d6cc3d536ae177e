import { z } from 'zod';
import { CountryCode } from './record.ts';

/**
 * A company as a known identity: its canonical name, the other names it goes by (in any script), where it is
 * registered, its identifiers, its website and its parent. Records name companies; the matcher links those
 * names, and the names on screened lists, to these identities.
 */
const Name = z
  .string()
  .trim()
  .min(1, 'a name must not be empty')
  .max(300, 'a name may have at most 300 characters');

export const CompanyIdentifiers = z.object({
  lei: z
    .string()
    .regex(/^[A-Z0-9]{18}[0-9]{2}$/, 'expected an LEI: 20 letters and digits')
    .optional(),
  wikidata: z
    .string()
    .regex(/^Q[0-9]+$/, 'expected a Wikidata id such as Q42')
    .optional(),
  /** A national registration number, with its register: "RU-OGRN:1067746062449". */
  registration: z.string().trim().min(3).max(100).optional(),
});

export const CompanyInput = z.object({
  name: Name,
  aliases: z.array(Name).default([]),
  previousNames: z.array(Name).default([]),
  country: CountryCode.optional(),
  identifiers: CompanyIdentifiers.default({}),
  website: z.url({ protocol: /^https?$/ }).optional(),
  /** The canonical name of the parent company, which must be known or imported with it. */
  parent: Name.optional(),
});

export type CompanyInput = z.infer<typeof CompanyInput>;
export type CompanyIdentifiers = z.infer<typeof CompanyIdentifiers>;
