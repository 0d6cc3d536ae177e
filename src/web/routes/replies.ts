import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../editorial/records.ts';
import type { VNode } from 'preact';
import { renderPage } from '../render.ts';

/** What the HTML routes share: sending a rendered page, and reading the fields of a submitted form. */

export const sendPage = (reply: FastifyReply, page: VNode, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));

/** Whether a value is an object whose fields can be read by name (a parsed form or JSON body). */
export const isFieldMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

export const formFields = (request: FastifyRequest): Record<string, unknown> =>
  isFieldMap(request.body) ? request.body : {};

/** A form field's text, or '' when it is missing or not text. */
export const formField = (request: FastifyRequest, name: string) => {
  const value = formFields(request)[name];
  return typeof value === 'string' ? value : '';
};

/** A field of a parsed query string, or undefined when it has none. */
export const queryField = (query: unknown, name: string): unknown =>
  isFieldMap(query) ? query[name] : undefined;

/** The signed-in actor of a route whose access rule already required one. */
export const actorOf = (request: FastifyRequest): Actor => request.actor!;
