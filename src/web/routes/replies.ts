import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../editorial/records.ts';
import type { VNode } from 'preact';
import { renderPage } from '../render.ts';

/** What the HTML routes share: sending a rendered page, and reading the fields of a submitted form. */

export const sendPage = (reply: FastifyReply, page: VNode, status = 200) =>
  reply.code(status).type('text/html; charset=utf-8').send(renderPage(page));

export const formFields = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

/** A form field's text, or '' when it is missing or not text. */
export const formField = (request: FastifyRequest, name: string) => {
  const value = formFields(request)[name];
  return typeof value === 'string' ? value : '';
};

/** The signed-in actor of a route whose access rule already required one. */
export const actorOf = (request: FastifyRequest): Actor => request.actor!;
