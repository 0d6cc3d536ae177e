import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitRoles, writeRoles, type RoleExample } from '../../scripts/extraction-fit-roles.ts';
import { extractDraft } from './extract.ts';
import { emptyFeatureLog, ExtractionModel, FITTED_EXTRACTION_MODEL } from './fitted-model.ts';
import { chooseRole } from './roles.ts';

/**
 * The kinds of mistakes companies and their roles were found to make on real articles, each shown on
 * sentences written for these tests about made-up businesses.
 */

/** The rule alone, without the fitted role model: the roles its phrases give. */
const RULE_ONLY: ExtractionModel = { ...FITTED_EXTRACTION_MODEL, roles: { classes: {} } };

const companiesOf = (text: string, model?: ExtractionModel) =>
  extractDraft({ text }, model ? { model } : {}).record.companies ?? [];
const namesOf = (text: string) => companiesOf(text).map((company) => company.name);
const roleOf = (text: string, name: string, model: ExtractionModel = RULE_ONLY) =>
  companiesOf(text, model).find((company) => company.name === name)?.role;

describe('companies missed before', () => {
  it('finds every item of a list, possessive items included', () => {
    const text =
      'Migrant women at the Tavora Knitwear factory sew shirts for Brellick, Halvorsen, Dunmore’s and Quillan. ' +
      'The women said they were not paid for overtime.';
    expect(namesOf(text)).toEqual(expect.arrayContaining(['Brellick', 'Halvorsen', 'Dunmore', 'Quillan']));
  });

  it('gives every name of a list what the words after its last name say', () => {
    const text =
      'Maids were advertised on Trovia, Quickbay and Sellora-owned apps. "If Trovia, Quickbay, Sellora or ' +
      'any other companies host such ads, they must answer for it," an expert said.';
    expect(namesOf(text)).toEqual(expect.arrayContaining(['Trovia', 'Quickbay', 'Sellora']));
  });

  it('finds the names after "including"', () => {
    const text =
      'The mill supplies yarn to clothing brands including Ostrava Denim, Pellworth and Caddon. ' +
      'Workers at the mill said their passports were kept by managers.';
    expect(namesOf(text)).toEqual(expect.arrayContaining(['Ostrava Denim', 'Pellworth', 'Caddon']));
  });

  it('finds names seen only as possessives or before a product', () => {
    const bankrupt =
      'Drivers say Korvath’s trustee has not paid their final wages since the courier firm closed in March.';
    expect(namesOf(bankrupt)).toContain('Korvath');
    const models =
      'Workers assembling Tessaro models at the plant in Kocaeli said they were forced to work nights.';
    expect(namesOf(models)).toContain('Tessaro');
  });

  it('keeps a possessive inside a name the article never shortens', () => {
    const text =
      'Forty workers at Pellam’s Pantry, a sandwich maker, say they were not paid. Pellam’s Pantry denied it.';
    expect(namesOf(text)).toContain('Pellam’s Pantry');
  });

  it('finds names introduced by a description, without a legal form', () => {
    const text =
      'Couriers for the delivery giant Quorvex and Lindell, its subcontractor, said their pay was cut without notice.';
    expect(namesOf(text)).toEqual(expect.arrayContaining(['Quorvex', 'Lindell']));
  });

  it('finds names in capitals and names transliterated with a dash and a description', () => {
    const capitals = 'Security guards employed by ZELTRANS in Doha say ZELTRANS kept their passports.';
    expect(namesOf(capitals)).toContain('ZELTRANS');
    const transliterated =
      'Officials revoked the licence of Hoshino Kogyo Kyodo Kumiai - an intermediary that places trainees with ' +
      'factories - after a trainee was beaten at a sawmill.';
    expect(namesOf(transliterated)).toContain('Hoshino Kogyo Kyodo Kumiai');
  });

  it('reads a long name with "Co." and "(S)" inside, and counts its bracketed short form as the same company', () => {
    const text =
      'Minhe Textile Dyeing Co., Ltd (“Minhe”) and its contractor Ardent Piping (S) Pte Ltd were charged with ' +
      'not paying workers. Minhe said it would pay.';
    const names = namesOf(text);
    expect(names).toContain('Minhe Textile Dyeing Co., Ltd');
    expect(names).toContain('Ardent Piping (S) Pte Ltd');
    expect(names).not.toContain('Minhe');
    expect(names).not.toContain('Pte Ltd');
  });

  it('reads a page given as raw HTML with entities', () => {
    const html =
      '<div class="ad"><span>Advertisement</span></div><p>Workers at Falkor Logistics&#8217; depot say they ' +
      'were not paid for overtime.</p><p>Falkor Logistics denied the claims.</p><p>The union said it would ' +
      'take the case to a tribunal.</p>';
    expect(namesOf(html)).toContain('Falkor Logistics');
  });

  it('starts a name with a number word inside a sentence, and with a number joined by a hyphen', () => {
    expect(namesOf('A welder was injured at the construction firm Six Lanterns, officials said.')).toContain(
      'Six Lanterns',
    );
    expect(namesOf('Workers at a 9-Harbour franchise store were underpaid, the court found.')).toContain(
      '9-Harbour',
    );
  });
});

describe('names that are not companies', () => {
  it('leaves out people told by a title, an age, a first use of their surname or "by the name of"', () => {
    const text =
      'Workers at Brannock Farms said the farm’s owner, Rakesh Varma, kept their passports. ' +
      'Mira Castell, a lawyer for the workers, said the case was strong. Castell said more would come forward. ' +
      'A worker by the name of Oduya, 24, said he was beaten.';
    const names = namesOf(text);
    expect(names).toContain('Brannock Farms');
    for (const person of ['Rakesh Varma', 'Mira Castell', 'Castell', 'Oduya'])
      expect(names).not.toContain(person);
  });

  it('keeps a business named with "called", and a platform said to own another', () => {
    const text =
      'Maids were sold through a popular app called 5Souq and on Facebook-owned Instagram. ' +
      'The agency Rahma Placement said a woman named Lina Haddad was sold twice.';
    const names = namesOf(text);
    expect(names).toEqual(expect.arrayContaining(['5Souq', 'Facebook', 'Rahma Placement']));
    expect(names).not.toContain('Lina Haddad');
  });

  it('keeps the company a spokesperson speaks for', () => {
    const text = 'Cleaners at Orvane Foods were not paid, a spokesperson for Orvane Foods said.';
    expect(namesOf(text)).toContain('Orvane Foods');
  });

  it('leaves out the law firm, the vessel, the certification scheme, the event and page words', () => {
    const text = [
      'Update',
      'Fishers aboard the Sea Lantern 7, owned by Pacific Harvest Fishing Co, were not paid for a year.',
      'Law firm Haldane Crosby represents the fishers. The catch was certified by GreenTide Standard.',
      'Guards hired for the World Cup said the security firm Corvus Guarding kept their passports.',
    ].join('\n');
    const names = namesOf(text);
    expect(names).toEqual(expect.arrayContaining(['Pacific Harvest Fishing Co', 'Corvus Guarding']));
    for (const other of [
      'Update',
      'Sea Lantern',
      'Haldane Crosby',
      'GreenTide Standard',
      'World Cup',
      'Guards',
    ])
      expect(names).not.toContain(other);
  });
});

describe('one company under several names', () => {
  it('merges capital initials, a plural spelling and a bracketed short form', () => {
    const initials =
      'Refugee children were found making clothes for retailer Harlow & Finch. H&F said it was shocked.';
    expect(namesOf(initials)).toEqual(['Harlow & Finch']);
    const plural =
      'Managers of Corven Venture and Trading Ltd. were charged. The indictment says Corven Ventures kept wages.';
    expect(namesOf(plural)).toEqual(['Corven Venture and Trading Ltd']);
    const slip =
      'Video from the Branforth Tyres plant shows a beating. Workers at Branfroth Tyres said they were not paid.';
    expect(namesOf(slip)).toHaveLength(1);
  });
});

describe('roles from the phrases around a name (the rule)', () => {
  it('gives the buyer of a factory and the employer that supplies it', () => {
    const text =
      'Workers at Tavora Knitwear, which sews shirts for Brellick, say they were beaten. ' +
      'Brellick supplier Tavora Knitwear denied it.';
    expect(roleOf(text, 'Tavora Knitwear')).toBe('Employer');
    expect(roleOf(text, 'Brellick')).toBe('Buyer');
  });

  it('tells the owner of a company from the owner of a workplace', () => {
    const parent =
      'Riders for Zippa were fined. Zippa, which was founded in Lisbon, is now owned by German multinational ' +
      'Fahrwerk Holdings.';
    expect(roleOf(parent, 'Fahrwerk Holdings')).toBe('Parent company');
    const vessel =
      'Fishers on the trawler, which is owned by Pacific Harvest Fishing Co, were not paid for a year.';
    expect(roleOf(vessel, 'Pacific Harvest Fishing Co')).toBe('Employer');
  });

  it('gives labour suppliers, agencies, investors and parents from their phrases and names', () => {
    const text =
      'Transit Staffing agency workers at the depot were underpaid. The depot is run by Merrow Freight, a unit ' +
      'of closely held Merrow Holdings Inc. The depot was financed by Calder Capital, and its local partner ' +
      'Osei Ventures holds a stake.';
    expect(roleOf(text, 'Transit Staffing')).toBe('Labour supplier');
    expect(roleOf(text, 'Merrow Freight')).toBe('Employer');
    expect(roleOf(text, 'Merrow Holdings Inc')).toBe('Parent company');
    expect(roleOf(text, 'Osei Ventures')).toBe('Investor');
  });
});

describe('roles of platforms', () => {
  it('gives an app the trade went through another part than employer', () => {
    const text =
      'Domestic workers were offered for sale on a popular marketplace app called Souqly. ' +
      'Souqly said it had removed the listings.';
    expect(roleOf(text, 'Souqly')).toBe('Other');
  });
});

describe('the learnt role choice', () => {
  it('falls back on the rule when the model has no classes, and logs the features of each company', () => {
    const subject = {
      name: 'Acme',
      mentions: [],
      ruleWeights: new Map([['Buyer', 1.5]]),
      ruleRole: 'Buyer',
      ruleFrom: 'phrase' as const,
      legalForm: false,
    };
    expect(chooseRole({ classes: {} }, subject, {})).toEqual({
      role: 'Buyer',
      probability: 0.7,
      fitted: false,
    });
    const log = emptyFeatureLog();
    extractDraft({ text: 'Workers at Brannock Farms were not paid.' }, { features: log });
    expect(log.companies).toEqual([
      {
        name: 'Brannock Farms',
        features: expect.objectContaining({ 'rule:Employer': 1, mostEmployment: 1 }),
      },
    ]);
  });

  it('uses the fitted model: a role its features say overrides the rule', () => {
    const model: ExtractionModel = {
      ...FITTED_EXTRACTION_MODEL,
      roles: {
        classes: {
          Employer: { bias: 0, weights: { 'rule:Employer': 1 } },
          Client: { bias: 0, weights: { 'sentence:client': 3 } },
        },
      },
    };
    const text =
      'Workers placed by subcontractors worked at Dunlow Meats, a pork processor, and were not paid.';
    expect(roleOf(text, 'Dunlow Meats', RULE_ONLY)).toBe('Employer');
    expect(roleOf(text, 'Dunlow Meats', model)).toBe('Client');
  });

  it('fits a softmax that learns which feature says which role, and writes only the roles of the model file', () => {
    const examples: RoleExample[] = [];
    for (let index = 0; index < 20; index++) {
      examples.push({ article: `a${index}`, name: 'A', role: 'Buyer', features: { 'before:brand': 1 } });
      examples.push({ article: `b${index}`, name: 'B', role: 'Employer', features: { 'before:employs': 1 } });
    }
    const fitted = fitRoles(examples, { l2: 0.01, rulePrior: 0 });
    expect(Object.keys(fitted.classes).sort()).toEqual(['Buyer', 'Employer']);
    const buyer = fitted.classes.Buyer!;
    expect(buyer.weights['before:brand']!).toBeGreaterThan(buyer.weights['before:employs'] ?? 0);
    const file = join(mkdtempSync(join(tmpdir(), 'bhr-roles-')), 'model.json');
    const original = readFileSync(new URL('./extraction-model.json', import.meta.url), 'utf8');
    writeFileSync(file, original);
    writeRoles(fitted, file);
    const written = readFileSync(file, 'utf8');
    expect(ExtractionModel.parse(JSON.parse(written)).roles).toEqual(fitted);
    expect(written.slice(0, written.indexOf('"roles"'))).toBe(original.slice(0, original.indexOf('"roles"')));
  });
});
