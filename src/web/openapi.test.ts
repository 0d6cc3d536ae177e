import { describe, expect, it } from 'vitest';
import { STORE_BACKENDS } from '../../test/support/stores.ts';
import type { OpenApiDocument } from './openapi.ts';
import { buildServer } from './server.tsx';

describe('the OpenAPI document built from the registered routes', () => {
  it('describes every route of the JSON API, each once, and needs a token exactly where the route does', async () => {
    const { store, dispose } = await STORE_BACKENDS[0]!.create();
    const app = await buildServer(store);
    try {
      const document: OpenApiDocument = (await app.inject('/api/v1/openapi.json')).json();
      const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
        Object.entries(operations).map(([method, operation]) => ({
          route: `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`,
          secured: Boolean(operation.security?.length),
        })),
      );
      const registered = app.accessTable
        .filter(
          ({ method, url }) =>
            method !== 'HEAD' && url.startsWith('/api/v1/') && !url.endsWith('openapi.json'),
        )
        .map(({ method, url, access }) => ({ route: `${method} ${url}`, secured: access !== 'public' }));
      expect(documented.filter(({ route }) => route.includes(' /api/'))).toEqual(
        expect.arrayContaining(registered),
      );
      expect(registered).toHaveLength(documented.filter(({ route }) => route.includes(' /api/')).length);
      expect(documented.map(({ route }) => route)).toContain('GET /feed.atom');
    } finally {
      await app.close();
      await dispose();
    }
  });
});
