import type { z } from 'zod';

/** One problem found in input: a JSON pointer into the record and/or a line in a file, and what was expected. */
export interface InputIssue {
  code: string;
  message: string;
  path?: string;
  file?: string;
  line?: number;
}

/** An error that carries the input issues behind it; the only error type validation and parsing throw. */
export class InputError extends Error {
  readonly code: string;
  readonly issues: InputIssue[];

  constructor(code: string, issues: InputIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.name = 'InputError';
    this.code = code;
    this.issues = issues;
  }
}

/** `FILE:LINE: message (at /json/pointer)`, leaving out the parts an issue does not have. */
export function formatIssue(issue: InputIssue): string {
  const where = [issue.file, issue.line].filter((part) => part !== undefined).join(':');
  const at = issue.path !== undefined ? ` (at ${issue.path || '/'})` : '';
  return `${where ? `${where}: ` : ''}${issue.message}${at}`;
}

/** RFC 6901 JSON pointer from a path of keys and indexes. */
export function toJsonPointer(path: readonly PropertyKey[]): string {
  return path.map((key) => '/' + String(key).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function zodIssues(error: z.ZodError, base: Partial<InputIssue> = {}): InputIssue[] {
  return error.issues.map((issue) => ({
    ...base,
    code: 'invalid_field',
    path: toJsonPointer(issue.path),
    message: issue.message,
  }));
}

/** A write that started from an older version of a record than the one stored: nothing was written. */
export class VersionConflict extends Error {
  constructor(
    readonly recordId: string,
    readonly expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(
      `record ${recordId} was changed by someone else while you edited it: you started from version ${expectedVersion}, it is now at version ${currentVersion}`,
    );
    this.name = 'VersionConflict';
  }
}

/** What a thrown value says: an Error's message, or the value as text (a library may throw anything). */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
