import labels from './labels.json' with { type: 'json' };

const monthByName = new Map<string, number>();
for (const names of Object.values(labels.months)) {
  names.forEach((forms, index) => forms.forEach((form) => monthByName.set(form, index + 1)));
}
const ENGLISH_SHORT = labels.months.en.map((forms) => capitalise(forms[1] ?? forms[0]!));
const ENGLISH_LONG = labels.months.en.map((forms) => capitalise(forms[0]!));

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function isoDate(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || year < 1000 || year > 9999) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * Reads a date as record pages write it: "17 Apr 2025", "17 April 2025", "31 Авг 2024", "31 августа 2024 г.",
 * "2025년 4월 17일", "April 17, 2025" or ISO "2025-04-17". Returns ISO 8601 or undefined.
 */
export function parseDate(text: string): string | undefined {
  const value = text
    .trim()
    .replace(/\s+г\.?$/u, '')
    .replace(/\.$/, '');
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일$/u.exec(value);
  if (match) return isoDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\.?\s+([\p{L}]+)\.?,?\s+(\d{4})$/u.exec(value);
  if (match) {
    const month = monthByName.get(match[2]!.toLowerCase());
    return month ? isoDate(Number(match[3]), month, Number(match[1])) : undefined;
  }
  match = /^([\p{L}]+)\.?\s+(\d{1,2}),?\s+(\d{4})$/u.exec(value);
  if (match) {
    const month = monthByName.get(match[1]!.toLowerCase());
    return month ? isoDate(Number(match[3]), month, Number(match[2])) : undefined;
  }
  return undefined;
}

function parts(iso: string): [number, number, number] {
  const [year, month, day] = iso.split('-').map(Number);
  return [year!, month!, day!];
}

/** "17 Apr 2025", as the Date Reported field reads. */
export function formatShortDate(iso: string): string {
  const [year, month, day] = parts(iso);
  return `${day} ${ENGLISH_SHORT[month - 1]} ${year}`;
}

/** "17 April 2025", as a source's date reads. */
export function formatLongDate(iso: string): string {
  const [year, month, day] = parts(iso);
  return `${day} ${ENGLISH_LONG[month - 1]} ${year}`;
}
