import type { InputIssue } from '../../domain/errors.ts';

/** A line of input: its text without surrounding white space and its 1-based number in the file. */
export interface Line {
  text: string;
  number: number;
}

/** Text joined from several lines, able to tell which line an offset came from. */
export class JoinedText {
  readonly text: string;
  private readonly starts: { offset: number; line: number }[] = [];

  constructor(lines: Line[]) {
    let text = '';
    for (const line of lines) {
      if (text) text += ' ';
      this.starts.push({ offset: text.length, line: line.number });
      text += line.text;
    }
    this.text = text;
  }

  /** By binary search: a list of many lines asks for the line of each of its items. */
  lineAt(offset: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    if (high < 0) return 0;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]!.offset <= offset) low = middle;
      else high = middle - 1;
    }
    return this.starts[low]!.line;
  }
}

/** The problems found in one input, each with its line. */
export class Problems {
  readonly list: InputIssue[] = [];
  constructor(private readonly file: string | undefined) {}
  add(line: number, message: string, code = 'invalid_text_form'): void {
    this.list.push({ code, message, line, ...(this.file !== undefined ? { file: this.file } : {}) });
  }
}
