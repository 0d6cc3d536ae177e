import type { FastifyInstance } from 'fastify';
import { countryName } from '../domain/countries.ts';
import { issueTerms } from '../domain/taxonomy.ts';
import type { RecordStore } from '../store/store.ts';
import { html } from './html.ts';

/** A first home page: the latest published records and links to the API. The full web app follows. */
export function registerPages(app: FastifyInstance, store: RecordStore): void {
  app.get('/', async (_request, reply) => {
    const total = await store.countRecords({ statuses: ['published'] });
    const page = await store.listRecords({ statuses: ['published'], limit: 50 });
    const body = html`<!doctype html>
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>BHR Tracker</title>
        </head>
        <body>
          <header>
            <h1>BHR Tracker</h1>
            <p>Allegations of corporate human-rights abuse against workers: ${total} published records.</p>
            <p>JSON API: <a href="/api/v1/records">/api/v1/records</a></p>
          </header>
          <main>
            <h2>Records</h2>
            <ul>
              ${page.records.map(
                (record) =>
                  html`<li>
                    <a href="/api/v1/records/${encodeURIComponent(record.id)}">${record.title}</a>
                    <small
                      >${record.dateReported} · ${countryName(record.location.country)} ·
                      ${record.issues.map((id) => issueTerms.label(id)).join(', ')}</small
                    >
                  </li>`,
              )}
            </ul>
          </main>
        </body>
      </html>`;
    return reply.type('text/html; charset=utf-8').send(body.value);
  });
}
