/**
 * A list in one spreadsheet cell: one item per line, so that a spreadsheet shows it as a readable list. Items
 * are written as they are, except that a backslash, a line break or the separator inside an item gets a
 * backslash before it (`\\`, `\n`, `\r`, `\;`), so that reading the cell gives back exactly the items written.
 * Lists inside a list item (the companies a source names) use `; ` between their items.
 */

export const LINE = '\n';
export const INNER = '; ';

function escapeItem(item: string, separator: string): string {
  let out = '';
  for (const char of item) {
    if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === separator[0]) out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** The items as one cell. An empty list is an empty cell. */
export function joinList(items: readonly string[], separator: string = LINE): string {
  return items.map((item) => escapeItem(item, separator)).join(separator);
}

/**
 * The items of a cell written by `joinList`. A cell written by hand or re-saved by a spreadsheet may use
 * `\r\n` between lines; that reads the same.
 */
export function splitList(cell: string, separator: string = LINE): string[] {
  if (cell === '') return [];
  const items: string[] = [];
  let current = '';
  for (let index = 0; index < cell.length; index++) {
    const char = cell[index]!;
    if (char === '\\' && index + 1 < cell.length) {
      const next = cell[++index]!;
      current += next === 'n' ? '\n' : next === 'r' ? '\r' : next;
    } else if (separator === LINE && char === '\r' && cell[index + 1] === '\n') {
      continue;
    } else if (cell.startsWith(separator, index)) {
      items.push(current);
      current = '';
      index += separator.length - 1;
    } else if (separator !== LINE && char === separator[0]) {
      // A separator typed without its space.
      items.push(current);
      current = '';
    } else {
      current += char;
    }
  }
  items.push(current);
  return items;
}

/**
 * The lines of a cell that holds one line per item of another list (a value for each affected group):
 * an empty cell is an empty value for each of the `count` items.
 */
export function alignedList(cell: string, count: number, column: string): string[] {
  if (cell === '') return Array.from({ length: count }, () => '');
  const items = splitList(cell);
  if (items.length !== count) {
    throw new Error(
      `column ${column} has ${items.length} line(s) where ${count} were expected, one per item`,
    );
  }
  return items;
}
