import type { Command } from 'commander';
import { readTextFile } from '../../formats/input.ts';
import { parseRecords, formatOfFile } from '../../formats/formats.ts';
import { renderRecords } from '../../formats/text/render.ts';
import { writeOut } from '../io.ts';

export function registerRender(program: Command): void {
  program
    .command('render')
    .description('write JSON (or NDJSON) records in the text form, layout A, English labels')
    .argument('<file>', 'a .json file with a record or an array of records, or a .ndjson file')
    .action(async (file: string) => {
      const format = formatOfFile(file) === 'ndjson' ? 'ndjson' : 'json';
      const records = parseRecords(await readTextFile(file), file, format);
      await writeOut(renderRecords(records));
    });
}
