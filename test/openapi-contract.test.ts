import { Validator } from '@seriousme/openapi-schema-validator';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStores } from '../src/store/open.ts';
import type { Stores } from '../src/store/store.ts';
import type { OpenApiDocument, Operation } from '../src/web/openapi.ts';
import { buildServer } from '../src/web/server.tsx';
import { exampleRequest } from '../src/web/views/api-docs.tsx';
import apiRussian from '../src/web/i18n/api-ru.json' with { type: 'json' };
import { aUser, anApiToken } from './support/accounts.ts';
import { aRecord } from './support/records.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The texts of the document a reader of the API page reads. */
function textsOf(operation: Operation): string[] {
  return [
    operation.summary,
    operation.description,
    ...(operation.parameters ?? []).map((parameter) => parameter.description),
    ...Object.values(operation.responses ?? {}).map((response) => response.description),
  ].filter((text): text is string => Boolean(text));
}

describe('the OpenAPI document and the API page', () => {
  let dir: string;
  let store: Stores;
  let app: FastifyInstance;
  let recordId: string;
  let reader: string;
  let document: OpenApiDocument;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bhr-openapi-'));
    store = await openStores(join(dir, 'test.sqlite'));
    const { ids } = await store.records.upsertRecords([aRecord({ status: 'published' })]);
    recordId = ids[0]!;
    const user = await aUser(store, 'editor');
    reader = await anApiToken(store, user.id, ['records:read']);
    app = await buildServer(store);
    document = (await app.inject('/api/v1/openapi.json')).json();
  });
  afterAll(async () => {
    await app.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(structuredClone(document) as never);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('describes what the JSON endpoints really answer', async () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    ajv.addSchema({ $id: 'openapi', components: document.components });
    const companyId = (await store.records.getRecord(recordId))!.companies[0]!.companyId!;
    const calls: [string, string, string][] = [
      ['/api/v1/records', 'get', '/api/v1/records?facets=true'],
      ['/api/v1/records/{id}', 'get', `/api/v1/records/${recordId}`],
      ['/api/v1/changes', 'get', '/api/v1/changes'],
      ['/api/v1/records/{id}/history', 'get', `/api/v1/records/${recordId}/history`],
      ['/api/v1/companies', 'get', '/api/v1/companies'],
      ['/api/v1/companies/{id}', 'get', `/api/v1/companies/${companyId}`],
      ['/api/v1/records/{id}/responses', 'get', `/api/v1/records/${recordId}/responses`],
      ['/api/v1/stats', 'get', '/api/v1/stats'],
      ['/api/v1/response-rates', 'get', '/api/v1/response-rates?by=country'],
    ];
    for (const [path, method, url] of calls) {
      const answer = await app.inject({ url, headers: { authorization: `Bearer ${reader}` } });
      expect(answer.statusCode, url).toBe(200);
      const schema = document.paths[path]![method]!.responses!['200']!.content!['application/json']!.schema!;
      // The document's references point into its components: resolved against them here.
      const validate = ajv.compile(
        JSON.parse(JSON.stringify(schema).replace(/"#\/components/g, '"openapi#/components')),
      );
      expect(validate(answer.json()), `${url}: ${ajv.errorsText(validate.errors)}`).toBe(true);
    }
    const match = await app.inject({
      method: 'POST',
      url: '/api/v1/match',
      payload: { names: [{ name: 'Example Works' }] },
    });
    const matches = ajv.compile({ $ref: 'openapi#/components/schemas/Matches' });
    expect(matches(match.json()), ajv.errorsText(matches.errors)).toBe(true);
  });

  it('gives every operation an example request whose URL the server answers', async () => {
    for (const [path, operations] of Object.entries(document.paths))
      for (const [method, operation] of Object.entries(operations)) {
        const example = exampleRequest('http://bhr.test', method, path, operation, document);
        expect(example, `${method} ${path}`).toMatch(/^curl /);
        if (method !== 'get' || path.includes('{')) continue;
        const url = /'http:\/\/bhr\.test([^']+)'/.exec(example)![1]!;
        expect((await app.inject(url)).statusCode, url).toBe(200);
      }
  });

  it('has every text of the document in Russian, with the same code spans', () => {
    const russian = apiRussian as Record<string, string>;
    const code = (text: string) =>
      (text.match(/`[^`]+`/g) ?? []).filter((span) => !/[а-яё]/i.test(span)).sort();
    for (const operations of Object.values(document.paths))
      for (const operation of Object.values(operations))
        for (const text of textsOf(operation)) {
          expect(russian[text], text).toBeDefined();
          expect(code(russian[text]!), text).toEqual(code(text));
        }
  });
});
