import { openStore } from '../src/store/open.ts';
import { computeFigures } from '../src/analytics/figures.ts';
import { aggregate } from '../src/analytics/aggregate.ts';
import { SearchQuery } from '../src/search/query.ts';
const store = await openStore('.bench/million.sqlite');
await store.prepareSearch();
const q = SearchQuery.parse({from:'2020-01-01', to:'2020-12-31'});
for (const input of [{}, {from:'2020-01-01', to:'2020-12-31'}]) {
  const q = SearchQuery.parse(input);
  for (let i = 0; i < 5; i++) {
    let t = performance.now();
    const sel = await store.selectRecords(q, { statuses: ['published'] });
    const t1 = performance.now();
    aggregate(sel.columns, sel.positions, { limit: 50 });
    const t2 = performance.now();
    await computeFigures(store, q, { statuses: ['published'] });
    console.log(JSON.stringify(input), 'select', (t1 - t).toFixed(1), 'aggregate', (t2 - t1).toFixed(1), 'compute', (performance.now() - t2).toFixed(1));
  }
}
await store.close();
