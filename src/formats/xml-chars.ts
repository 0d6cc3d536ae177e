/**
 * Characters XML 1.0 cannot carry at all (most C0 controls, U+FFFE, U+FFFF, lone surrogates): a feed or a
 * workbook holding one is not well-formed and readers refuse the whole file. Escaping cannot help; they go.
 */
/* eslint-disable no-control-regex -- these control characters are exactly what must go */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/* eslint-enable no-control-regex */

/** The text without the characters XML cannot carry. */
export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}
