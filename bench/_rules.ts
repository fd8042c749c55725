import { readFileSync } from 'node:fs';
import { Context } from '../src/core/checks/context.ts';
import { textOf } from '../src/core/checks/text/extract.ts';
import { RULES } from '../src/core/checks/rules.ts';
import { parseFiling } from '../src/core/model/parse.ts';
const p = parseFiling(JSON.parse(readFileSync(process.argv[2] ?? 'data/filings/140602-xzspfwglj/2023.json','utf8')));
if (!p.ok) throw 1;
const t = new Map<string, number>();
const add=(k:string,v:number,i:number)=>{ if(i>=1000) t.set(k,(t.get(k)??0)+v) };
for (let i=0;i<3000;i++){ let a=performance.now(); const ctx = new Context(p.filing); add('ctor',performance.now()-a,i); a=performance.now(); textOf(ctx); add('textOf',performance.now()-a,i);
  for (const r of RULES) { const a=performance.now(); r.run(ctx); const b=performance.now(); add(r.id,b-a,i); }
}
const tot=[...t.values()].reduce((a,b)=>a+b,0);
console.log('total per run', (tot/2000).toFixed(3));
[...t].sort((a,b)=>b[1]-a[1]).slice(0,12).forEach(([k,v])=>console.log((v/2000*1000).toFixed(1)+'us',k));
