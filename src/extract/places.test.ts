import { describe, expect, it } from 'vitest';
import { extractDraft } from './extract.ts';

// Every article below is made up for these tests: the companies, people and events are fictional.

const countryOf = (text: string) => extractDraft({ text }).record.location?.country;

describe('the location: state bodies and datelines are not where the abuse happened', () => {
  it('leaves aside the country of a customs agency that blocks imports', () => {
    const text = [
      'Import ban on gloves over forced labour',
      '',
      'US Customs and Border Protection has stopped shipments from Palmgrove Gloves, a maker in Malaysia, after',
      'finding signs of forced labour. US Customs said the ban would stay until the company repaid recruitment fees.',
      'The US Department of Homeland Security and the US Trade Representative welcomed the decision.',
    ].join('\n');
    expect(countryOf(text)).toBe('MY');
  });

  it("leaves aside the workers' home ministry and embassy", () => {
    const text = [
      'Builders unpaid for half a year',
      '',
      'Nepali builders on a stadium site in Qatar say they have not been paid since spring. The Nepali ministry of',
      'labour said it had written to the contractor, Sandline Contracting WLL, and the Nepali embassy said it was',
      "following the case. Nepal's labour minister and Nepal's government promised help.",
    ].join('\n');
    expect(countryOf(text)).toBe('QA');
  });

  it('leaves aside the seat of a foreign court', () => {
    const text = [
      'Lawsuit over cocoa farm work',
      '',
      'A court in London heard that children worked on cocoa farms in Ghana supplying Bramwell Chocolate plc.',
      'The London court and British judges will rule next year; a British court has not heard such a case before.',
    ].join('\n');
    expect(countryOf(text)).toBe('GH');
  });

  it("takes a wire dateline's city as a place, yet not over the country the story is about", () => {
    const text = [
      'Refugee children found sewing for high street brands',
      '',
      'LONDON (Reuters) - Refugee children have been sewing clothes in workshops in Turkey for British brands,',
      'an investigation found. The workshops in Istanbul supply Carrow Fashion Ltd, which said it would act.',
    ].join('\n');
    expect(countryOf(text)).toBe('TR');
  });

  it("does not take a news hub's dateline for the place of a story about another country", () => {
    const text = [
      'Seafood plants accused of forced labour',
      '',
      'GENEVA (Reuters) - Migrant workers at seafood plants in Thailand supplying Bluetide Foods were made to work',
      'unpaid overtime, a report found. Bluetide Foods said it would audit its suppliers.',
    ].join('\n');
    expect(countryOf(text)).toBe('TH');
  });

  it('finds a dateline below navigation lines and a photo caption', () => {
    const text = [
      'Skip to content',
      '',
      'Advertisement',
      '',
      'Wiring plant accused of holding passports',
      '',
      'A shop in Seoul, South Korea. Photo: AP',
      '',
      'A shop in Seoul, South Korea. Photo: AP',
      '',
      'KUALA LUMPUR — Workers at a wiring plant run by Brightcable Industries say their passports were taken.',
      'The company said it was looking into the claims. A South Korean customer, Hanul Electronics, said it had',
      'asked for an audit.',
    ].join('\n');
    expect(extractDraft({ text }).record.location).toMatchObject({ country: 'MY', city: 'Kuala Lumpur' });
  });
});

describe("the location: the workers' origin is not the place", () => {
  it('reads "recruited in" and "their village in" as where the workers came from', () => {
    const text = [
      'Fishermen held at sea for months',
      '',
      'Crew recruited in Indonesia by a broker in Jakarta say they worked 20-hour days on a Taiwanese fishing',
      'vessel owned by Seabright Marine Co. They left their village in Indonesia on promises of high wages;',
      'recruiters in Indonesia charged them fees. Families in Indonesia have not heard from two of them.',
    ].join('\n');
    expect(countryOf(text)).toBe('TW');
  });

  it('keeps the destination when a recruitment agency abroad is named first', () => {
    const text = [
      'Nurses win back pay',
      '',
      'A recruitment agency in the Philippines, Carelink Placement Agency, and two care homes agreed to pay',
      '90 nurses who were recruited in the Philippines to work at the homes, which are located in Chicago.',
    ].join('\n');
    expect(countryOf(text)).toBe('US');
  });
});

describe("the location: a person's name is not a place", () => {
  it('does not read a surname that is also a country as the country', () => {
    const text = [
      'Hotel cleaner says wages were withheld',
      '',
      'Maria Jordan, a cleaner at the Palm Crest hotel in Dubai, says her employer, Crestline Hospitality LLC,',
      'kept her wages for four months. Jordan said she was afraid to complain. "We were told to wait," Jordan',
      'said. Jordan added that her passport was held by the hotel. Ms Jordan has since left.',
    ].join('\n');
    expect(countryOf(text)).toBe('AE');
  });

  it('still reads the same name as the country where the text places something in it', () => {
    const text = [
      'Garment workers unpaid',
      '',
      'Workers at a garment factory in Jordan run by Desert Loom Ltd say they have not been paid for three months.',
      'Ms Chad Ellis, a researcher, said the factory supplied several brands.',
    ].join('\n');
    expect(countryOf(text)).toBe('JO');
  });
});

describe('the location: a country given only by a town, a region or a nationality word', () => {
  it.each([
    [
      'a town',
      'Warehouse workers at a Bluequay Logistics depot in Rotterdam say they were not paid overtime.',
      'NL',
    ],
    ['a region', 'Pickers on an estate in Sabah say Greenfrond Plantations took their passports.', 'MY'],
    [
      'a region with a direction',
      'Pickers at Hillcrest Orchards in Northern Tasmania say they were underpaid.',
      'AU',
    ],
    [
      'a region said with a possessive',
      "Hillcrest Orchards, one of Tasmania's largest growers, underpaid its pickers.",
      'AU',
    ],
    [
      'a nationality word',
      'A Singaporean company, Harbourlight Marine, withheld the wages of its welders.',
      'SG',
    ],
    [
      'a legal form of one country',
      'Welders at Harbourlight Marine Pte Ltd say they were charged fees for permits.',
      'SG',
    ],
  ])('finds the country of %s', (_, sentence, country) => {
    expect(countryOf(`Workers accuse employer\n\n${sentence} The company denied the claims.`)).toBe(country);
  });

  it('picks, of two towns with one name, the one in the country the story names', () => {
    const text = [
      'Riders fined over false self-employment',
      '',
      'Labour inspectors in Spain fined Quickbite Delivery after finding that 900 riders in Valencia were employees.',
      'Spanish inspectors said the riders in Valencia had no contracts.',
    ].join('\n');
    expect(extractDraft({ text }).record.location).toEqual({ country: 'ES', city: 'Valencia' });
  });

  it('does not read "North America" as the United States', () => {
    const text = [
      'Farm outbreak',
      '',
      "Migrant workers at Lakeshore Growers, a farm in Ontario that calls itself North America's biggest",
      "greenhouse, say they were housed in crowded bunkhouses. North America's growers",
      'depend on such workers.',
    ].join('\n');
    expect(countryOf(text)).toBe('CA');
  });
});
