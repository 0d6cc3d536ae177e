import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { NameIndex } from './src/matching/name-index.ts';
import { normaliseName } from './src/matching/normalise.ts';
import { scorePair } from './src/matching/score.ts';
const pairs = parse(readFileSync('/work/shared/matching/dev.csv','utf8'),{columns:true}) as any[];
const names=[...new Set(pairs.map(p=>p.name_b))];
const index=new NameIndex(); names.forEach((n,i)=>index.add({id:String(i),name:n}));
const mode=process.argv[2]; const filt=process.argv[3]??'';
for (const p of pairs) {
  if (filt && !p.stratum.includes(filt) && p.source!==filt) continue;
  const a=normaliseName(p.name_a), b=normaliseName(p.name_b);
  const s=scorePair(a,b,index.weight);
  const found=index.search(p.name_a,{limit:10}).some(m=>m.match&&m.name===p.name_b);
  if (mode==='fn' && p.label==='1' && !found) console.log(s.score.toFixed(2), p.stratum.padEnd(12).slice(0,12), '|', p.name_a, '|', p.name_b, '|', a.squashed, '/', b.squashed, '|', s.explanations.map(e=>e.feature+':'+e.score).join(' '));
  if (mode==='fp' && p.label==='0' && found) console.log(s.score.toFixed(2), p.stratum.padEnd(12).slice(0,12), '|', p.name_a, '|', p.name_b, '|', a.squashed, '/', b.squashed, '|', s.explanations.map(e=>e.feature+':'+e.score).join(' '));
}
