import type { FastifyRequest } from 'fastify';
import { InputError, formatIssue } from '../../domain/errors.ts';
import { formFields } from './replies.ts';
import { uploadedBytes } from './uploads.ts';
import type { Limits } from '../../settings.ts';

/** The article's fields and an uploaded file, from a multipart or an urlencoded body. */
export async function readArticleRequest(
  request: FastifyRequest,
  limits: Limits,
): Promise<{ fields: Record<string, string>; file?: { name: string; text: string } }> {
  const fields: Record<string, string> = {};
  let file: { name: string; text: string } | undefined;
  if (request.isMultipart()) {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await uploadedBytes(part, 'one article', limits.uploadBytes);
        if (bytes.length > 0)
          file = { name: part.filename || 'article', text: new TextDecoder('utf-8').decode(bytes) };
      } else fields[part.fieldname] = String(part.value ?? '');
    }
  } else {
    for (const [name, value] of Object.entries(formFields(request)))
      if (typeof value === 'string') fields[name] = value;
  }
  return { fields, ...(file ? { file } : {}) };
}

/** An upload refused for what it is (too large): its problems, for the form shown again. */
export function refusedUpload(error: unknown): { problems: string[] } {
  if (!(error instanceof InputError)) throw error;
  return { problems: error.issues.map(formatIssue) };
}
