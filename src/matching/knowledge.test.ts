import { describe, expect, it } from 'vitest';
import { analyseName, normaliseName } from './normalise.ts';
import { DEFAULT_THRESHOLD, scorePair } from './score.ts';

const even = () => 1;
/** The best score over the forms of each name, as screening takes it. */
const score = (a: string, b: string) =>
  analyseName(a)
    .flatMap((x) => analyseName(b).map((y) => scorePair(x, y, even).score))
    .reduce((best, value) => Math.max(best, value), -Infinity);
const symbols = (name: string) => normaliseName(name).descriptors.map((token) => token.symbol);

describe('knowledge of company names', () => {
  it('reads Russian organisation types, spelled out or abbreviated, as one descriptor', () => {
    expect(symbols('OPEN JOINT STOCK COMPANY SCIENTIFIC AND PRODUCTION ENTERPRISE ZENITH')).toEqual(['NPP']);
    expect(symbols('JSC NPP ZENITH')).toEqual(['NPP']);
    expect(symbols('АО «Научно-производственное объединение Вектор»')).toEqual(['NPO']);
    expect(symbols('NPO Vektor')).toEqual(['NPO']);
    expect(
      score('OPEN JOINT STOCK COMPANY SCIENTIFIC AND PRODUCTION ENTERPRISE ZENITH', 'JSC NPP ZENITH'),
    ).toBeGreaterThanOrEqual(0.8);
  });

  it('reads an acronym off the words with or without legal forms and descriptors', () => {
    expect(score('Caspian Northern Shipping Company PJSC', 'CNSC')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(
      score('Eastern Copper Smelting Industries Company Public Joint Stock', 'ECSIC'),
    ).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    // The descriptors the acronym stands for are not lost.
    expect(score('Advanced Marine Electrical Technologies SL', 'AMET')).toBeGreaterThanOrEqual(
      DEFAULT_THRESHOLD,
    );
    expect(score('Advanced Marine Electrical Technologies SL', 'AXQT')).toBeLessThan(0.2);
  });

  it('compares common company words across languages and scripts', () => {
    expect(symbols('ミドリ工業株式会社')).toEqual(['INDUSTRY']);
    expect(symbols('MIDORI KOGYO CO., LTD.')).toEqual(['INDUSTRY']);
    expect(score('ミドリ工業株式会社', 'MIDORI KOGYO CO., LTD.')).toBeGreaterThanOrEqual(0.8);
    expect(symbols('华星银行')).toEqual(['BANK']);
    expect(symbols('한빛은행')).toEqual(['BANK']);
    expect(symbols('Страховая компания Меридиан')).toContain('INSURANCE');
    expect(new Set(symbols('بنك كريستال الإسلامي'))).toEqual(new Set(['BANK', 'ISLAMIC']));
    expect(new Set(symbols('Kristal Islamic Bank'))).toEqual(new Set(['BANK', 'ISLAMIC']));
    expect(score('Kristal Islamic Bank', 'Kristal Insurance')).toBeLessThan(
      score('Kristal Islamic Bank', 'بنك كريستال الإسلامي'),
    );
  });
});

describe('names written by sound in another script', () => {
  it('reads a katakana or Hangul spelling of an English name without the vowels it adds', () => {
    expect(score('ブルーリッジストア', 'Blue Ridge Store')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('グリーンフォレストパーク', 'Green Forest Park')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('스타포인트', 'Star Point')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('ブルーリッジストア', 'Bright Horizon Hotels')).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('compares a name with its Arabic or Hebrew spelling on consonants', () => {
    expect(score('مجموعة كارلتون', 'Carlton Group')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('קרלטון', 'Carlton')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
    expect(score('مجموعة كارلتون', 'Meridian Group')).toBeLessThan(DEFAULT_THRESHOLD);
  });

  it('compares whole names across scripts when one side does not know a descriptor', () => {
    // "Park" is no descriptor, "Trust" is one in Latin but its Georgian spelling is not in the tables.
    expect(score('ტრასტ პარკი', 'Trust Park')).toBeGreaterThanOrEqual(DEFAULT_THRESHOLD);
  });
});
