import { InputError, type InputIssue, zodIssues } from './errors.ts';
import { RecordInput } from './record.ts';

/** A typed parser for records: `(input: unknown) => RecordInput`, throwing InputError with JSON-pointer paths. */
export function validateRecord(input: unknown, where: Partial<InputIssue> = {}): RecordInput {
  const result = RecordInput.safeParse(input);
  if (result.success) return result.data;
  throw new InputError('invalid_record', zodIssues(result.error, where));
}
