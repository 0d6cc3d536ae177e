import { describe, expect, it } from 'vitest';
import { allCountryCodes, countryCode, countryName } from './countries.ts';
import { findEnumerationValue } from './enumerations.ts';
import { slugify } from './slug.ts';
import {
  groupTypeTerms,
  idFollowsSlugRule,
  issueCategories,
  issueTerms,
  sectorTerms,
  subsectorTerms,
} from './taxonomy.ts';

describe('taxonomies', () => {
  it('follow the slug rule of DESIGN.md', () => {
    expect(slugify('Forced Labour & Modern Slavery')).toBe('forced-labour-modern-slavery');
    expect(slugify('Migrant & immigrant workers')).toBe('migrant-immigrant-workers');
    expect(slugify('Hotels, restaurants & leisure')).toBe('hotels-restaurants-leisure');
    for (const vocabulary of [issueCategories, issueTerms, sectorTerms, subsectorTerms, groupTypeTerms]) {
      for (const term of vocabulary.terms) expect(idFollowsSlugRule(term), term.id).toBe(true);
    }
  });

  it('carry the starting issue taxonomy with its categories', () => {
    expect(issueTerms.get('passport-document-retention')?.category).toBe('unfair-recruitment');
    expect(issueTerms.get('deaths')?.category).toBe('occupational-health-safety');
    expect(issueCategories.ids()).toHaveLength(8);
    expect(issueTerms.ids().length).toBeGreaterThanOrEqual(24);
  });

  it('label every term in English, Russian and Korean', () => {
    for (const vocabulary of [issueCategories, issueTerms, sectorTerms, subsectorTerms, groupTypeTerms]) {
      for (const term of vocabulary.terms) {
        expect(term.label.ru, term.id).toBeTruthy();
        expect(term.label.ko, term.id).toBeTruthy();
      }
    }
  });

  it('find terms by label in any language, by alias and by id', () => {
    expect(issueTerms.find('강제 노동 및 현대 노예제도')?.id).toBe('forced-labour-modern-slavery');
    expect(issueTerms.find('Кража зарплаты')?.id).toBe('wage-theft');
    expect(issueTerms.find('forced labour and modern slavery')?.id).toBe('forced-labour-modern-slavery');
    expect(issueTerms.find('Passport retention')?.id).toBe('passport-document-retention');
    expect(sectorTerms.find('Производство')?.id).toBe('manufacturing');
    expect(groupTypeTerms.find('Мигранты и рабочие-иммигранты')?.id).toBe('migrant-immigrant-workers');
    expect(issueTerms.find('Bad weather')).toBeUndefined();
  });

  it('keep subsector ids unique across sectors', () => {
    const ids = subsectorTerms.ids();
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('read enumerations in any case but store the English value', () => {
    expect(findEnumerationValue('companyRole', 'recruitment AGENCY')).toBe('Recruitment agency');
    expect(findEnumerationValue('companyRole', 'Shopper')).toBeUndefined();
  });
});

describe('countries', () => {
  it('resolve names in many languages to ISO codes', () => {
    expect(countryCode('Россия')).toBe('RU');
    expect(countryCode('러시아')).toBe('RU');
    expect(countryCode('Малайзия')).toBe('MY');
    expect(countryCode('조선민주주의인민공화국')).toBe('KP');
    expect(countryCode('North Korea')).toBe('KP');
    expect(countryCode('Бангладеш')).toBe('BD');
    expect(countryCode('Côte d’Ivoire')).toBe('CI');
    expect(countryCode('Atlantis')).toBeUndefined();
  });

  it('give back the same code for the English name of every country', () => {
    for (const code of allCountryCodes()) expect(countryCode(countryName(code)), code).toBe(code);
  });
});
