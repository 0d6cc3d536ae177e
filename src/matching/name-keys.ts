import type { NameForm } from './normalise.ts';
import { skeleton } from './spelling.ts';

/**
 * The keys a name is filed under for candidate search, and a query looks up: two names that share a key are
 * worth scoring. Each key has a kind, and a kind counts for more or less beside the rarity of the key.
 *
 * - `w` a word as written (in ASCII); `s` a word's consonant skeleton (see `skeleton`), which survives
 *   transliteration and vowels; `k` the skeleton of the whole distinctive name, its words run together;
 * - `d`: the deletion neighbourhoods of each word's skeleton and of the whole name's, the skeleton and every
 *   skeleton with one consonant left out: two skeletons meet there when they differ by one consonant added,
 *   dropped or changed ("prst" of Евросеть meets "rst" of Euroset);
 * - `f`, `kr`, `k3`, `p`: for short names, the first letter with the skeleton; the skeleton without r/l
 *   (scripts that drop or add them); its first three consonants; the first four letters;
 * - `y`: the symbol of a descriptor ("BANK" for "bank", "банк", "بنك");
 * - `i`, `a`: initials, and the first letters of an acronym, for names known by their initials.
 */

export type KeyKind = 'w' | 's' | 'k' | 'd' | 'y' | 'f' | 'kr' | 'k3' | 'p' | 'i' | 'a';

/** What a shared key of each kind counts for, before its rarity: longer, more specific keys count more. */
export const KEY_FACTOR: Record<KeyKind, number> = {
  w: 3,
  s: 1.5,
  k: 2,
  d: 0.5,
  y: 0.5,
  f: 1,
  kr: 1,
  k3: 0.5,
  p: 1,
  i: 2,
  a: 1,
};

/** Skeletons shorter than this have no deletion neighbourhood: two consonants left say too little. */
const DELETION_MINIMUM = 4;
/** Only the first consonants of a long skeleton have their neighbourhood: enough to meet, and bounded. */
const DELETION_SPAN = 10;

/** A skeleton and its variants with one consonant left out, for skeletons long enough. */
function deletionNeighbourhood(sound: string): string[] {
  if (sound.length < DELETION_MINIMUM - 1) return [];
  const span = sound.slice(0, DELETION_SPAN);
  const variants = [span];
  if (span.length >= DELETION_MINIMUM) {
    for (let at = 0; at < span.length; at++) variants.push(span.slice(0, at) + span.slice(at + 1));
  }
  return variants;
}

function acronymKeys(form: NameForm, keys: Set<string>): void {
  if (form.initials.length >= 2 && form.initials.length <= 8) keys.add(`i:${form.initials}`);
  // A one-word name may be someone's initials: found by the initials of a longer query.
  const only = form.core.length === 1 ? form.core[0]!.ascii : '';
  if (only.length >= 2 && only.length <= 8) keys.add(`i:${only}`);
  // Acronyms made of more than initials ("ZISCO") meet the longer name on their first three letters and the
  // longer name's first three initials, legal forms included.
  if (form.words.length >= 3)
    keys.add(
      `a:${form.words
        .map((word) => word[0])
        .join('')
        .slice(0, 3)}`,
    );
  if (form.core.length === 1 && form.squashed.length >= 3 && form.squashed.length <= 10) {
    keys.add(`a:${form.squashed.slice(0, 3)}`);
  }
}

/** Every key of an analysed name, each as `kind:value`. */
export function nameKeys(form: NameForm): string[] {
  const keys = new Set<string>();
  for (const token of form.core) {
    if (token.ascii.length >= 2) keys.add(`w:${token.ascii}`);
    const sound = skeleton(token.ascii);
    if (sound.length >= 2) keys.add(`s:${sound}`);
    for (const variant of deletionNeighbourhood(sound)) keys.add(`d:${variant}`);
  }
  const whole = form.skeleton;
  if (whole.length >= 2) keys.add(`k:${whole}`);
  // The same neighbourhood as words': a one-word name meets a name whose words it runs together.
  if (form.core.length > 1) for (const variant of deletionNeighbourhood(whole)) keys.add(`d:${variant}`);
  // Short names have few consonants: their first letter, vowel or not, joins the sound key.
  if (whole.length < 3 && form.squashed) keys.add(`f:${form.squashed[0]}${whole}`);
  const soft = whole.replace(/r/g, '');
  if (soft.length >= 2) keys.add(`kr:${soft}`);
  if (whole.length >= 3) keys.add(`k3:${whole.slice(0, 3)}`);
  if (form.squashed.length >= 4) keys.add(`p:${form.squashed.slice(0, 4)}`);
  // Descriptors ("bank", "holdings", in any script) as their shared symbols: weak alone, they tell two
  // names apart that share a distinctive word, and they are all that some short forms share.
  for (const token of form.descriptors) if (token.symbol) keys.add(`y:${token.symbol}`);
  acronymKeys(form, keys);
  return [...keys];
}

/** The kind of a key made by `nameKeys`. */
export function keyKind(key: string): KeyKind {
  return key.slice(0, key.indexOf(':')) as KeyKind;
}
