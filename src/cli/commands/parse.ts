import type { Command } from 'commander';
import { InputError, type InputIssue } from '../../domain/errors.ts';
import type { RecordInput } from '../../domain/record.ts';
import { readTextFile } from '../../formats/input.ts';
import { parseTextForm } from '../../formats/text/parse.ts';
import { printIssues, writeOut } from '../io.ts';

export function registerParse(program: Command): void {
  program
    .command('parse')
    .description('read records in the text form and print them as a JSON array')
    .argument('<files...>', 'text-form files (layout A or B, English, Russian or Korean labels)')
    .addHelpText('after', '\nErrors go to stderr as FILE:LINE: message, and the exit code is then 1.')
    .action(async (files: string[]) => {
      const records: RecordInput[] = [];
      const issues: InputIssue[] = [];
      for (const file of files) {
        try {
          for (const record of parseTextForm(await readTextFile(file), { file })) records.push(record);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          for (const issue of error.issues) issues.push(issue);
        }
      }
      if (issues.length > 0) {
        printIssues(new InputError('invalid_text_form', issues));
        process.exitCode = 1;
        return;
      }
      await writeOut(JSON.stringify(records, null, 2) + '\n');
    });
}
