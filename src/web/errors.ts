import type { InputIssue } from '../domain/errors.ts';

/** The error body of DESIGN.md section 6. */
export function errorBody(code: string, message: string, issues: InputIssue[] = []) {
  return {
    error: {
      code,
      message,
      ...(issues.length > 0
        ? { issues: issues.map((issue) => ({ path: issue.path ?? '', message: issue.message })) }
        : {}),
    },
  };
}
