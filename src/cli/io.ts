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

/** Exit code 1 with the error's lines on stderr; input errors list every problem as FILE:LINE: message. */
export function reportFailure(error: unknown): number {
  if (error instanceof InputError) printIssues(error);
  else if (error instanceof Error) process.stderr.write(`bhr: ${error.message}\n`);
  else process.stderr.write(`bhr: ${String(error)}\n`);
  return 1;
}
