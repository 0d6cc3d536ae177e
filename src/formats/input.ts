import { BOUNDS } from '../settings.ts';
import { readFile, stat } from 'node:fs/promises';
import { InputError } from '../domain/errors.ts';

/** Largest input file read whole; past it an import is refused with a clear error (see `--max-size`). */
export const DEFAULT_MAX_BYTES = BOUNDS.commandInputBytes;

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The 1-based line of the first byte that is not valid UTF-8. */
function firstInvalidLine(bytes: Uint8Array): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = 0; index < bytes.length; index++) {
    if (bytes[index] === 0x0a) {
      try {
        strictUtf8.decode(bytes.subarray(lineStart, index));
      } catch {
        return { line, column: 1 };
      }
      line++;
      lineStart = index + 1;
    }
  }
  return { line, column: 1 };
}

/** Decodes bytes as strict UTF-8, naming the line of the first broken sequence. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const { line } = firstInvalidLine(bytes);
    throw new InputError('invalid_encoding', [
      {
        code: 'invalid_encoding',
        file,
        line,
        message: 'the file is not valid UTF-8: expected UTF-8 text on this line',
      },
    ]);
  }
}

function unreadable(file: string, error: unknown): InputError {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : String(error);
  return new InputError('unreadable_file', [
    { code: 'unreadable_file', file, message: `cannot read the file: ${reason}` },
  ]);
}

/** Reads a whole input file as text: refuses empty files, files over the size limit and broken UTF-8. */
export async function readTextFile(file: string, maxBytes = DEFAULT_MAX_BYTES): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw unreadable(file, error);
  }
  if (size > maxBytes) {
    throw new InputError('file_too_large', [
      {
        code: 'file_too_large',
        file,
        line: 1,
        message: `the file is ${(size / 1048576).toFixed(1)} MB, over the limit of ${(maxBytes / 1048576).toFixed(1)} MB: split it or raise --max-size`,
      },
    ]);
  }
  const bytes = await readFile(file).catch((error: unknown) => {
    throw unreadable(file, error);
  });
  const text = decodeUtf8(bytes, file);
  if (!text.trim()) {
    throw new InputError('empty_file', [
      { code: 'empty_file', file, line: 1, message: 'the file is empty: expected at least one record' },
    ]);
  }
  return text;
}
