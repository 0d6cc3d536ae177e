import { InputError, formatIssue } from '../domain/errors.ts';

/** Writes text to stdout and waits until it is flushed, so that large outputs are not cut at exit. */
export function writeOut(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(text, (error) => (error ? reject(error) : resolve()));
  });
}

export function printIssues(error: InputError): void {
  for (const issue of error.issues) process.stderr.write(formatIssue(issue) + '\n');
}

export const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** Exit code 1 with the error's lines on stderr; input errors list every problem as FILE:LINE: message. */
export function reportFailure(error: unknown): number {
  if (error instanceof InputError) printIssues(error);
  else process.stderr.write(`bhr: ${messageOf(error)}\n`);
  return 1;
}
