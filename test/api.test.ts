import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../src/web/server.tsx';
import { DEFAULT_THRESHOLD, REVIEW_THRESHOLD } from '../src/matching/score.ts';
import { SearchQuery } from '../src/search/query.ts';
import type { Stores } from '../src/store/store.ts';
import { aRecord } from './support/records.ts';
import { STORE_BACKENDS } from './support/stores.ts';
import { aUser, anApiToken } from './support/accounts.ts';

describe.each(STORE_BACKENDS)('JSON API on $name', (backend) => {
  let app: FastifyInstance;
  let store: Stores;
  let dispose: () => Promise<void>;
  let publishedId: string;
  let draftId: string;

  beforeAll(async () => {
    ({ store, dispose } = await backend.create());
    const { ids } = await store.records.upsertRecords([
      aRecord({ title: 'Published one', dateReported: '2025-01-01' }),
      aRecord({
        title: 'Hidden draft',
        status: 'draft',
        companies: [{ name: 'Secret Draft Co', role: 'Employer' }],
      }),
      aRecord({ title: 'In Qatar', location: { country: 'QA' }, dateReported: '2024-01-01' }),
    ]);
    [publishedId, draftId] = ids as [string, string];
    app = await buildServer(store);
  });
  afterAll(async () => {
    await app.close();
    await dispose();
  });

  it('lists only published records, page by page with an opaque cursor', async () => {
    const first = (await app.inject('/api/v1/records?pageSize=1')).json();
    expect(first.total).toBe(2);
    expect(first.data).toHaveLength(1);
    const second = (await app.inject(`/api/v1/records?pageSize=1&cursor=${first.next}`)).json();
    expect(second.next).toBeUndefined();
    expect([...first.data, ...second.data].map((record: { title: string }) => record.title)).toEqual([
      'Published one',
      'In Qatar',
    ]);
  });

  it('takes the filters of the search page and returns facet counts on request', async () => {
    const qatar = (await app.inject('/api/v1/records?country=QA&facets=true')).json();
    expect(qatar.data.map((record: { title: string }) => record.title)).toEqual(['In Qatar']);
    expect(qatar.facets.country).toEqual(
      expect.arrayContaining([
        { value: 'QA', count: 1 },
        { value: 'MY', count: 1 },
      ]),
    );
  });

  it('rejects bad queries with a JSON-pointer error, never a 500', async () => {
    for (const url of [
      '/api/v1/records?pageSize=0',
      '/api/v1/records?country=XX',
      '/api/v1/records?issue=bad-weather',
      '/api/v1/records?cursor=%27%20OR%201%3D1--',
      `/api/v1/records?q=${'x'.repeat(600)}`,
      '/api/v1/companies?limit=-1',
    ]) {
      const response = await app.inject(url);
      expect(response.statusCode, url).toBe(400);
      expect(response.json().error.code).toBeTruthy();
    }
    const bad = (await app.inject('/api/v1/records?pageSize=0')).json();
    expect(bad.error).toMatchObject({ code: 'invalid_query', issues: [{ path: '/pageSize' }] });
  });

  it('returns a published record by id or slug and hides a draft', async () => {
    const record = (await app.inject(`/api/v1/records/${publishedId}`)).json();
    expect(record.id).toBe(publishedId);
    expect((await app.inject(`/api/v1/records/${record.slug}`)).json().id).toBe(publishedId);
    const hidden = await app.inject(`/api/v1/records/${draftId}`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json().error.code).toBe('not_found');
  });

  it('lists companies of published records only, and gives one with its records and roles', async () => {
    const companies = (await app.inject('/api/v1/companies')).json();
    expect(companies.data).toEqual([{ id: expect.any(String), name: 'Example Works Sdn Bhd', records: 2 }]);
    const company = (await app.inject(`/api/v1/companies/${companies.data[0].id}`)).json();
    expect(company.records.map((record: { roles: string[] }) => record.roles)).toEqual([
      ['Employer'],
      ['Employer'],
    ]);
    expect((await app.inject('/api/v1/companies?q=secret')).json().data).toEqual([]);
  });

  it('serves an OpenAPI document generated from the model, and its readable page', async () => {
    const document = (await app.inject('/api/v1/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.schemas.Record.properties.affected).toBeDefined();
    expect(document.paths['/api/v1/records'].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(['q', 'country', 'corridor', 'issue', 'from', 'to', 'cursor']),
    );
    const page = await app.inject('/api');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('GET /api/v1/records');
  });

  it('takes writes only with a scoped API token, validated, as drafts that only the workflow publishes', async () => {
    const researcher = await aUser(store, 'researcher');
    const editor = await aUser(store, 'editor');
    const writer = await anApiToken(store, researcher.id, ['records:write']);
    const publisher = await anApiToken(store, editor.id, ['records:write', 'records:publish']);
    const send = (method: 'POST' | 'PUT', url: string, body: unknown, token?: string) =>
      app.inject({
        method,
        url,
        payload: body as object,
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
    const post = (body: unknown, token?: string) => send('POST', '/api/v1/records', body, token);
    expect((await post(aRecord({ title: 'No token given' }))).statusCode).toBe(401);
    expect((await post(aRecord({ title: 'Wrong token' }), `${writer}x`)).statusCode).toBe(401);
    expect((await post(aRecord({ title: 'Not a token of ours' }), 'anything')).statusCode).toBe(401);
    const bad = await post([aRecord(), { ...aRecord(), location: { country: 'XX' } }], writer);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues).toEqual([expect.objectContaining({ path: '/1/location/country' })]);
    const created = await post(aRecord({ title: 'Written through the API', status: 'published' }), writer);
    expect(created.statusCode).toBe(201);
    const draft = created.json();
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    expect((await app.inject(`/api/v1/records/${draft.id}`)).statusCode).toBe(404);

    const edited = await send(
      'PUT',
      `/api/v1/records/${draft.id}`,
      { ...draft, title: 'Edited through the API' },
      writer,
    );
    expect(edited.statusCode).toBe(200);
    const stale = await send('PUT', `/api/v1/records/${draft.id}`, { ...draft, title: 'Stale edit' }, writer);
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('version_conflict');

    const transition = (id: string, body: object, token: string) =>
      send('POST', `/api/v1/records/${id}/transitions`, body, token);
    expect((await transition(draft.id, { transition: 'request-review' }, writer)).json().status).toBe(
      'in_review',
    );
    // The researcher's token cannot publish, whatever it asks for.
    expect((await transition(draft.id, { transition: 'publish' }, writer)).statusCode).toBe(403);
    expect((await transition(draft.id, { transition: 'publish' }, publisher)).json().status).toBe(
      'published',
    );
    const published = await app.inject(`/api/v1/records/${draft.id}`);
    expect(published.json().title).toBe('Edited through the API');
    const history = await app.inject({
      url: `/api/v1/records/${draft.id}/history`,
      headers: { authorization: `Bearer ${publisher}` },
    });
    // A token without a reading scope may not read the history; one with it may.
    expect(history.statusCode).toBe(403);
    const reader = await anApiToken(store, researcher.id, ['records:read']);
    const readable = await app.inject({
      url: `/api/v1/records/${draft.id}/history`,
      headers: { authorization: `Bearer ${reader}` },
    });
    expect(readable.json().data.map((revision: { action: string }) => revision.action)).toEqual([
      'transition',
      'transition',
      'edit',
      'create',
    ]);
  });

  it('screens a batch of names against the companies of published records, with reasons for bad rows', async () => {
    const answer = await app.inject({
      method: 'POST',
      url: '/api/v1/match',
      payload: {
        names: [{ name: 'EXAMPLE WORKS SDN. BHD.', id: 'a' }, { name: 'LLC' }, { name: 'Secret Draft Co' }],
      },
    });
    expect(answer.statusCode).toBe(200);
    const { matcher, threshold, reviewThreshold, results } = answer.json();
    expect(matcher.name).toBe('bhr-name-match');
    expect({ threshold, reviewThreshold }).toEqual({
      threshold: DEFAULT_THRESHOLD,
      reviewThreshold: REVIEW_THRESHOLD,
    });
    expect(results[0].input).toEqual({ name: 'EXAMPLE WORKS SDN. BHD.', id: 'a' });
    expect(results[0].matches[0]).toMatchObject({
      name: 'Example Works Sdn Bhd',
      match: true,
      band: 'match',
    });
    // The published records that name it (other tests in this file publish more).
    const published = await store.search.searchRecords(
      SearchQuery.parse({ company: [results[0].matches[0].companyId] }),
      {
        statuses: ['published'],
      },
    );
    expect(results[0].matches[0].allegations).toBe(published.total);
    expect(results[1].error).toMatch(/only a legal form/);
    // A company named only in a draft is not proposed at all: its name would tell of the draft.
    expect(results[2].matches.map((match: { name: string }) => match.name)).not.toContain('Secret Draft Co');
    // The review threshold is never above the match threshold: what is not a match may still be reviewed.
    const strict = await app.inject({
      method: 'POST',
      url: '/api/v1/match',
      payload: { names: [{ name: 'Example Works' }], threshold: 0.1, reviewThreshold: 0.5 },
    });
    expect(strict.json().reviewThreshold).toBe(0.1);
    const tooMany = await app.inject({
      method: 'POST',
      url: '/api/v1/match',
      payload: { names: Array.from({ length: 1001 }, () => ({ name: 'x' })) },
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.issues[0]).toMatchObject({
      path: '/names',
      message: 'at most 1,000 names per request',
    });
  });

  it('streams exports of a search as CSV and NDJSON', async () => {
    const csv = await app.inject('/api/v1/export.csv?country=QA');
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body.trim().split('\n')).toHaveLength(2);
    const ndjson = await app.inject('/search.ndjson');
    expect(
      ndjson.body
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).title),
    ).toEqual(expect.arrayContaining(['Published one', 'In Qatar']));
    expect(ndjson.body).not.toContain('Hidden draft');
  });
});
