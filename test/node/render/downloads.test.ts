// The pure renderers behind the downloads for people: the printed header, the flat shapes, the zip.
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import seed from '../../../data/filings/140602-xzspfwglj/2023.json';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { tableLayout, type TableLayout } from '../../../src/core/render/layout.ts';
import { layoutCsv } from '../../../src/core/render/table-csv.ts';
import { flatColumns, renderTableShape } from '../../../src/core/render/table-shapes.ts';
import { printedTitle, withZhHeader, zhHeaders } from '../../../src/core/render/table-zh.ts';
import { versionZip } from '../../../src/core/zip.ts';

const parsed = parseFiling(seed);
if (!parsed.ok) throw new Error('the seed filing does not parse');
const filing = parsed.filing;
const layoutOf = (id: string): TableLayout => tableLayout(filing, filing.tables.find((t) => t.id === id)!);

describe('the Chinese header', () => {
  it('prints group·title and 栏次, and keeps the published rows', () => {
    const l = layoutOf('government-fund');
    const csv = layoutCsv(l);
    const zh = withZhHeader(csv, l);
    expect(zh.split('\r\n')[0]!.split(',').slice(8)).toEqual(['年初结转和结余（栏次1）', '本年收入（栏次2）', '本年支出·小计（栏次3）', '本年支出·基本支出（栏次4）', '本年支出·项目支出（栏次5）', '年末结转和结余（栏次6）']);
    expect(zh.slice(zh.indexOf('\r\n'))).toBe(csv.slice(csv.indexOf('\r\n')));
  });

  it('refuses a CSV whose header is not the layout\'s, rather than naming other columns', () => {
    const csv = layoutCsv(layoutOf('income'));
    expect(() => withZhHeader(csv, layoutOf('expenditure'))).toThrow(/header is not its layout's/);
  });

  it('gives two columns with one printed title their keys, and neutralises a formula-like title', () => {
    const l = layoutOf('expenditure');
    const [a, b] = l.columns;
    const same = { ...l, columns: [{ ...a!, title: '=合计', lanci: undefined }, { ...b!, title: '=合计', lanci: undefined }, ...l.columns.slice(2)] } as TableLayout;
    expect(zhHeaders(same).slice(8, 10)).toEqual([`=合计（${a!.key}）`, `=合计（${b!.key}）`]);
    const zh = withZhHeader(layoutCsv(same), same);
    expect(zh.split('\r\n')[0]).toContain(`,'=合计（${a!.key}）,`);
    expect(printedTitle({ ...a!, group: '本年支出', title: '基本支出', lanci: 2 })).toBe('本年支出·基本支出（栏次2）');
  });
});

describe('flat shapes', () => {
  it('objects, arrays and ndjson carry the same records, codes and amounts as strings', () => {
    const l = layoutOf('three-public');
    const objects = JSON.parse(renderTableShape(l, 'objects')) as Record<string, unknown>[];
    const [header, ...rows] = JSON.parse(renderTableShape(l, 'arrays')) as unknown[][];
    const nd = renderTableShape(l, 'ndjson');
    expect(nd.endsWith('\n')).toBe(true);
    expect(nd.trimEnd().split('\n').map((x) => JSON.parse(x))).toEqual(objects);
    expect(header).toEqual(flatColumns(l));
    expect(rows).toEqual(objects.map((o) => header!.map((k) => o[k as string])));
    for (const o of objects) for (const [k, value] of Object.entries(o)) expect(value === null || typeof value === 'string', k).toBe(true);
  });
});

describe('versionZip', () => {
  it('is deterministic and unzips to the files as given', () => {
    const files = [
      { path: 'filing.json', mediaType: 'application/json', body: new TextEncoder().encode('{"a":1}') },
      { path: 'tables/income.csv', mediaType: 'text/csv', body: new TextEncoder().encode('id,名称\r\n') },
      { path: 'source/report.pdf', mediaType: 'application/pdf', body: new Uint8Array([37, 80, 68, 70]) },
    ];
    const when = new Date('2024-09-01T08:00:00Z');
    const zip = versionZip(files, when);
    expect(versionZip(files, when)).toEqual(zip);
    const out = unzipSync(zip);
    expect(Object.keys(out)).toEqual(files.map((f) => f.path));
    for (const f of files) expect(out[f.path]).toEqual(f.body);
    expect(() => versionZip([files[0]!, files[0]!], when)).toThrow(/twice/);
  });
});
