import { z } from 'zod';
import type { NamedOption } from './closest.ts';
import { foldLabel, slugify } from './slug.ts';
import issuesFile from './vocabularies/issues.json' with { type: 'json' };
import sectorsFile from './vocabularies/sectors.json' with { type: 'json' };
import groupTypesFile from './vocabularies/affected-groups.json' with { type: 'json' };

/** Languages the vocabularies carry labels in; English is required, the others where known. */
export const LANGUAGES = ['en', 'ru', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

const Labels = z.object({
  en: z.string().min(1),
  ru: z.string().min(1).optional(),
  ko: z.string().min(1).optional(),
});
const Aliases = z.partialRecord(z.enum(LANGUAGES), z.array(z.string().min(1))).optional();
const TermId = z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'a term id is a lower-case slug');
const Term = z.object({ id: TermId, label: Labels, aliases: Aliases });

const IssuesFile = z.object({
  categories: z.array(Term.extend({ issues: z.array(Term).min(1) })).min(1),
});
const SectorsFile = z.object({ sectors: z.array(Term.extend({ subsectors: z.array(Term) })).min(1) });
const GroupTypesFile = z.object({ types: z.array(Term).min(1) });

export type Term = z.infer<typeof Term>;
export interface IssueTerm extends Term {
  category: string;
}
export interface SubsectorTerm extends Term {
  sector: string;
}

/** A vocabulary of terms with stable ids, looked up by id or by any label or alias in any language. */
export class Vocabulary<T extends Term> {
  readonly terms: readonly T[];
  private readonly byId = new Map<string, T>();
  private readonly byLabel = new Map<string, T>();

  constructor(name: string, terms: readonly T[]) {
    this.terms = terms;
    for (const term of terms) {
      if (this.byId.has(term.id)) throw new Error(`vocabulary ${name}: duplicate id ${term.id}`);
      this.byId.set(term.id, term);
    }
    // Labels win over aliases: index aliases first so that labels overwrite them.
    for (const term of terms) {
      for (const list of Object.values(term.aliases ?? {})) for (const alias of list) this.index(alias, term);
    }
    for (const term of terms) {
      for (const label of Object.values(term.label)) if (label) this.index(label, term);
      this.index(term.id, term);
    }
  }

  private index(label: string, term: T): void {
    this.byLabel.set(foldLabel(label), term);
  }

  get(id: string): T | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  /** The term whose label, alias or id reads as `text` in any language. */
  find(text: string): T | undefined {
    return this.byLabel.get(foldLabel(text));
  }

  label(id: string, language: Language = 'en'): string {
    const term = this.byId.get(id);
    if (!term) return id;
    return term.label[language] ?? term.label.en;
  }

  ids(): string[] {
    return this.terms.map((term) => term.id);
  }

  /** Each term with every name it is known by (labels and aliases in every language), for suggestions. */
  options(): NamedOption[] {
    return this.terms.map((term) => ({
      id: term.id,
      names: [...Object.values(term.label), ...Object.values(term.aliases ?? {}).flat()].filter(
        (name): name is string => Boolean(name),
      ),
    }));
  }
}

const issues = IssuesFile.parse(issuesFile);
const sectors = SectorsFile.parse(sectorsFile);
const groupTypes = GroupTypesFile.parse(groupTypesFile);

export const issueCategories = new Vocabulary<Term>(
  'issue categories',
  issues.categories.map(({ id, label, aliases }) => ({ id, label, aliases })),
);
export const issueTerms = new Vocabulary<IssueTerm>(
  'issues',
  issues.categories.flatMap((category) =>
    category.issues.map((issue) => ({ ...issue, category: category.id })),
  ),
);
export const sectorTerms = new Vocabulary<Term>(
  'sectors',
  sectors.sectors.map(({ id, label, aliases }) => ({ id, label, aliases })),
);
export const subsectorTerms = new Vocabulary<SubsectorTerm>(
  'subsectors',
  sectors.sectors.flatMap((sector) => sector.subsectors.map((sub) => ({ ...sub, sector: sector.id }))),
);
export const groupTypeTerms = new Vocabulary<Term>('affected-group types', groupTypes.types);

/** A subsector of `sector` read from its label, e.g. "Garments & textiles" within manufacturing. */
export function findSubsector(sector: string, text: string): SubsectorTerm | undefined {
  const subsector = subsectorTerms.find(text);
  return subsector?.sector === sector ? subsector : undefined;
}

/** Checks the slug rule of DESIGN.md for a term: its id is the slug of its English label. */
export function idFollowsSlugRule(term: Term): boolean {
  return slugify(term.label.en) === term.id;
}
