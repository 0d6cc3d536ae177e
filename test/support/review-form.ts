/** Text as the page wrote it in HTML, its entities read back. */
export const unescapeHtml = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The fields of a review page as a browser would post them: inputs, text areas and selected options. */
export function proposalFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input id="proposal-[^"]+" name="([^"]+)"[^>]*value="([^"]*)"/g))
    fields[match[1]!] = unescapeHtml(match[2]!);
  for (const match of html.matchAll(/<textarea id="proposal-[^"]+" name="([^"]+)"[^>]*>([^<]*)<\/textarea>/g))
    fields[match[1]!] = unescapeHtml(match[2]!);
  for (const match of html.matchAll(/<select id="proposal-[^"]+" name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g))
    fields[match[1]!] = unescapeHtml(/<option value="([^"]*)" selected/.exec(match[2]!)?.[1] ?? '');
  for (const match of html.matchAll(/name="(decide\.[^"]+)" value="(accept|reject)" checked/g))
    fields[match[1]!] = match[2]!;
  return fields;
}
