import { openStore } from '../src/store/open.ts';
import { aggregate } from '../src/analytics/aggregate.ts';
import { SearchQuery } from '../src/search/query.ts';
import { FACETS } from '../src/search/query.ts';
const store = await openStore('.bench/million.sqlite');
await store.prepareSearch();
const q = SearchQuery.parse({from:'2020-01-01', to:'2020-12-31'});
const sel = await store.selectRecords(q, { statuses: ['published'] });
const c = sel.columns;
console.log('positions', sel.positions.length, 'sizes', FACETS.map(f => f + ':' + c.dictionaries.get(f)!.values.length).join(' '));
console.log('child rows', Object.entries(c.offsets).map(([k, v]) => k + ':' + v[v.length-1]).join(' '));
for (let i = 0; i < 5; i++) {
  const t = performance.now();
  aggregate(c, sel.positions, { limit: 50 });
  console.log((performance.now() - t).toFixed(1));
}
await store.close();
