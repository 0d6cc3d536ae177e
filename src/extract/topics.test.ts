import { describe, expect, it } from 'vitest';
import { extractDraft } from './extract.ts';

/**
 * Issues and relevance on the kinds of wording real articles use, each in sentences written for this test
 * (made-up companies and people): the issue said in other words than its name, named inside a list, or its
 * keyword used for something else.
 */
const issuesOf = (text: string) => extractDraft({ text }).record.issues ?? [];

describe('issues said in other words', () => {
  it.each([
    ['The subcontractor failed to pay the welders for three months, they said.', 'wage-theft'],
    ['Pickers at Greenrow Farms said they had been cheated of earnings for a whole season.', 'wage-theft'],
    [
      'The foreman threatened to send them back if they spoke to the inspectors.',
      'deportation-or-threat-of-deportation',
    ],
    [
      'The agency overcharged the recruits for placement and visas before they left.',
      'recruitment-fees-debt-bondage',
    ],
    ['Forty cleaners were housed in appalling conditions behind the depot.', 'poor-living-conditions'],
    ['Guards prevented the fishermen from leaving the compound at night.', 'restriction-of-movement'],
    ['Packers at Norda Logistics logged 100 hours of overtime in a month.', 'excessive-working-hours'],
    [
      'Six drivers were laid off for organising a branch of the transport union.',
      'denial-of-freedom-of-association',
    ],
    ['The riders were hired as bogus self-employed contractors to avoid paying benefits.', 'precarious-work'],
    [
      'The factory removed the guards from its presses, and safety measures on the line were compromised.',
      'health-safety',
    ],
  ])('%s', (text, issue) => {
    expect(issuesOf(text)).toContain(issue);
  });

  it('reads issues named one after another in a list after a colon', () => {
    const issues = issuesOf(
      'Investigators at Orvane Textiles found several signs of forced labour among the migrant sewers: ' +
        'retention of identity documents, threats of dismissal, excessive overtime, withholding of wages and ' +
        'debt bondage.',
    );
    expect(issues).toEqual(
      expect.arrayContaining([
        'forced-labour-modern-slavery',
        'passport-document-retention',
        'intimidation-threats',
        'excessive-working-hours',
        'wage-theft',
        'recruitment-fees-debt-bondage',
      ]),
    );
  });
});

describe('issue keywords used for something else', () => {
  it('does not take the customs detention of goods for the detention of people', () => {
    const issues = issuesOf(
      'Border officials ordered the detention of the shipments of Palmera Oils at the port while they examine the ' +
        'claims about its plantation workers.',
    );
    expect(issues).not.toContain('arbitrary-detention');
  });

  it('does not take a body named after an issue for the issue', () => {
    const issues = issuesOf(
      'A spokesperson for the anti-trafficking unit of the provincial police said it had opened an office near ' +
        'the harbour where fish processors of Brightwave Seafood work.',
    );
    expect(issues).not.toContain('human-trafficking');
  });

  it('does not take what could happen for what happened', () => {
    const issues = issuesOf(
      'New rules for the sugar estates of Canefield Holdings aim to prevent forced labour in the coming harvest, ' +
        'the ministry said, and inspectors will visit every site.',
    );
    expect(issues).not.toContain('forced-labour-modern-slavery');
  });
});

describe('relevance', () => {
  it('judges an allegation relevant though its business is not named and its issue is in plain words', () => {
    const result = extractDraft({
      text:
        'Migrant workers at a poultry plant outside the city say managers failed to pay them for two months and ' +
        'locked them inside the dormitory at night. The workers, interviewed by a rights group, accused the plant ' +
        'of abuses; the owners did not respond to questions.',
    });
    expect(result.relevance).toBeGreaterThanOrEqual(0.5);
  });

  it('judges a company pledge that names an issue only as a general aim not relevant', () => {
    const result = extractDraft({
      text:
        'Five retailers, among them Harlow Stores and Minta Group, signed a pledge on Tuesday to pay recruitment ' +
        'costs for the workers in their supply chains. The initiative, announced at a conference, welcomes more ' +
        'members and will publish its first results next year, the partnership said.',
    });
    expect(result.relevance).toBeLessThan(0.5);
  });
});
