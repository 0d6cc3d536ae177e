import type { MultipartFile } from '@fastify/multipart';
import { InputError } from '../../domain/errors.ts';

/**
 * The bytes of an uploaded file, or an InputError naming the file and the limit when it is larger (the
 * multipart plugin, set to the same limit in server.tsx, would only say "request too large").
 */
export async function uploadedBytes(
  part: MultipartFile,
  expected: string,
  limitBytes: number,
): Promise<Buffer> {
  const bytes = await part.toBuffer().catch((error: { code?: string }) => {
    if (error.code !== 'FST_REQ_FILE_TOO_LARGE') throw error;
    return undefined;
  });
  if (!bytes || part.file.truncated) {
    throw new InputError('file_too_large', [
      {
        code: 'file_too_large',
        file: part.filename,
        message: `the file is larger than ${limitBytes / 2 ** 20} MB: expected ${expected}`,
      },
    ]);
  }
  return bytes;
}
