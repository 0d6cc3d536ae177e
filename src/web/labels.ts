import { countryName } from '../domain/countries.ts';
import { enumerationLabel } from '../domain/enumerations.ts';
import {
  groupTypeTerms,
  issueCategories,
  issueTerms,
  sectorTerms,
  subsectorTerms,
} from '../domain/taxonomy.ts';
import type { Facet } from '../search/query.ts';
import type { Translate, UiLanguage } from './i18n.ts';

/** Display labels of stored values in the page's language (taxonomy terms, countries, enumerations). */
export interface Labels {
  country(code: string): string;
  issue(id: string): string;
  category(id: string): string;
  sector(id: string): string;
  subsector(id: string): string;
  groupType(id: string): string;
  role(value: string): string;
  gender(value: string): string;
  migrationStatus(value: string): string;
  sourceType(value: string): string;
  facetValue(facet: Facet, value: string, label?: string): string;
}

export function labelsFor(language: UiLanguage, t: Translate): Labels {
  const enumeration = (name: Parameters<typeof enumerationLabel>[0]) => (value: string) =>
    enumerationLabel(name, value, language);
  const labels: Labels = {
    country: (code) => countryName(code, language),
    issue: (id) => issueTerms.label(id, language),
    category: (id) => issueCategories.label(id, language),
    sector: (id) => sectorTerms.label(id, language),
    subsector: (id) => subsectorTerms.label(id, language),
    groupType: (id) => groupTypeTerms.label(id, language),
    role: enumeration('companyRole'),
    gender: enumeration('gender'),
    migrationStatus: enumeration('migrationStatus'),
    sourceType: enumeration('sourceType'),
    facetValue(facet, value, label) {
      switch (facet) {
        case 'country':
        case 'origin':
          return labels.country(value);
        case 'corridor': {
          const [origin = '', destination = ''] = value.split('-');
          return `${labels.country(origin)} → ${labels.country(destination)}`;
        }
        case 'company':
          return label ?? value;
        case 'role':
          return labels.role(value);
        case 'sector':
          return labels.sector(value);
        case 'issue':
          return labels.issue(value);
        case 'category':
          return labels.category(value);
        case 'gender':
          return labels.gender(value);
        case 'migrationStatus':
          return labels.migrationStatus(value);
        case 'sourceType':
          return labels.sourceType(value);
        case 'responseSought':
          return value === 'yes' ? t('value.yes') : t('value.no');
      }
    },
  };
  return labels;
}
