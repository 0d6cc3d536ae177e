/**
 * Named fixture: `length` Hangul syllables in a fixed pseudo-random order, one word with no space, as a probe
 * of long input would send (almost every two-syllable piece of it is different).
 */
export function hangulWord(length: number, seed = 1): string {
  const syllables: string[] = [];
  let state = seed;
  for (let index = 0; index < length; index++) {
    state = (state * 48271) % 2147483647;
    syllables.push(String.fromCharCode(0xac00 + (state % 11172)));
  }
  return syllables.join('');
}
