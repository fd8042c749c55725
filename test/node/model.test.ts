// The filing model: templates decide the tables; invalid filings get located errors, never a crash or a coercion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normaliseDecimal } from '../../src/core/decimal.ts';
import { parseFiling } from '../../src/core/model/parse.ts';
import { NINE_TABLE } from '../../src/core/templates/index.ts';

const SEED = JSON.parse(readFileSync(join(import.meta.dirname, '../../data/filings/140602-xzspfwglj/2023.json'), 'utf8'));
const seed = () => structuredClone(SEED);

function nineTable() {
  const f = seed();
  f.template = 'nine-table';
  const byId = new Map(f.tables.map((t: { id: string }) => [t.id, t]));
  f.tables = NINE_TABLE.tables.map((def) => ({ ...(byId.get(def.id) as object), number: def.number }));
  return f;
}

function issues(f: unknown) {
  const r = parseFiling(f);
  if (r.ok) throw new Error('expected the filing to be refused');
  return r.issues;
}

describe('templates', () => {
  it('the seed validates on its ten-table template', () => {
    expect(parseFiling(seed()).ok).toBe(true);
  });

  it('a nine-table filing (no 公开10表, 三公 seventh) validates', () => {
    const f = nineTable();
    expect(f.tables).toHaveLength(9);
    expect(f.tables[6].id).toBe('three-public');
    expect(f.tables.some((t: { id: string }) => t.id === 'related-information')).toBe(false);
    const r = parseFiling(f);
    expect(r.ok ? [] : r.issues).toEqual([]);
  });

  it('a filing that lacks a table its template requires is refused, naming the table', () => {
    const f = seed();
    f.tables = f.tables.filter((t: { id: string }) => t.id !== 'three-public');
    const found = issues(f);
    expect(found).toEqual([expect.objectContaining({ path: '/tables', message: expect.stringContaining('"three-public" (公开09表 财政拨款“三公”经费支出决算表)') })]);
  });

  it('a ten-table table in a nine-table filing is an unknown table', () => {
    const f = nineTable();
    f.tables.push(seed().tables[9]);
    expect(issues(f)).toEqual([expect.objectContaining({ path: '/tables/9/id', message: expect.stringContaining('unknown table "related-information"') })]);
  });
});

describe('invalid filings get located errors', () => {
  const cases: [string, (f: any) => void, string, RegExp][] = [
    ['a wrong type', (f) => (f.year = '2023'), '/year', /whole number/],
    ['NaN as a year', (f) => (f.year = Number.NaN), '/year', /.+/],
    ['a malformed code', (f) => (f.tables[1].sections[0].rows[1].code = '20'), '/tables/1/sections/0/rows/1/code', /3, 5 or 7 digits/],
    ['an economic code of 7 digits', (f) => (f.tables[5].sections[0].rows[1].code = '3010101'), '/tables/5/sections/0/rows/1/code', /economic code here has 3\/5 digits/],
    ['"NaN" in an amount cell', (f) => (f.tables[0].sections[0].rows[0].values.amount = 'NaN'), '/tables/0/sections/0/rows/0/values/amount', /decimal string/],
    ['text in an amount cell', (f) => (f.tables[0].sections[0].rows[0].values.amount = '一千'), '/tables/0/sections/0/rows/0/values/amount', /got "一千"/],
    ['a JSON number in an amount cell', (f) => (f.tables[0].sections[0].rows[0].values.amount = 1322.38), '/tables/0/sections/0/rows/0/values/amount', /JSON number 1322.38/],
    ['a negative amount', (f) => (f.tables[1].sections[0].rows[0].values.total = '-1.00'), '/tables/1/sections/0/rows/0/values/total', /negative figure -1.00/],
    ['a fractional vehicle count', (f) => (f.tables[9].sections[2].rows[0].values.value = '1.5'), '/tables/9/sections/2/rows/0/values/value', /whole number/],
    ['an unknown table', (f) => (f.tables[0].id = 'balance-sheet'), '/tables/0/id', /unknown table "balance-sheet"/],
    ['an unknown column', (f) => (f.tables[1].sections[0].rows[0].values.bonus = '1.00'), '/tables/1/sections/0/rows/0/values/bonus', /does not declare/],
    ['an unknown field', (f) => (f.extra = true), '/extra', /unknown field "extra"/],
    ['a region code of five digits', (f) => (f.department.regionCode = '14060'), '/department/regionCode', /six digits/],
    ['a department id with capitals', (f) => (f.department.id = 'Shuocheng'), '/department/id', /lower-case/],
    ['a grade that is not 优良中差', (f) => (f.performance.projects[0].grade = 'A'), '/performance/projects/0/grade', /优, 良, 中, 差/],
    // Bidirectional and invisible controls in names: stored and served as they came, they make a name read otherwise.
    ['a right-to-left override in the department name', (f) => (f.department.name = '朔城区\u202E局务服务'), '/department/name', /U\+202E at character 4/],
    ['a left-to-right embedding in a unit name', (f) => (f.department.units = ['\u202A下属单位']), '/department/units/0', /U\+202A at character 1/],
    ['a first-strong isolate in a row name', (f) => (f.tables[1].sections[0].rows[1].name = '一般公共\u2068服务支出\u2069'), '/tables/1/sections/0/rows/1/name', /U\+2068/],
    ['a pop directional isolate in a column title', (f) => (f.tables[1].sections[0].columns[0].title = '合计\u2069'), '/tables/1/sections/0/columns/0/title', /U\+2069/],
    ['a zero-width space in a table title', (f) => (f.tables[0].title = '收入\u200B支出决算总表'), '/tables/0/title', /U\+200B/],
    ['a right-to-left mark in a table unit', (f) => (f.tables[0].unit = '万元\u200F'), '/tables/0/unit', /U\+200F/],
    ['a zero-width joiner in the report title', (f) => (f.title = '决算\u200D'), '/title', /U\+200D/],
  ];
  for (const [name, edit, path, message] of cases) {
    it(`${name} → ${path || '/'}`, () => {
      const f = seed();
      edit(f);
      const found = issues(f);
      expect(found.some((i) => i.path === path && message.test(i.message)), JSON.stringify(found)).toBe(true);
    });
  }

  it('reports every problem at once, not the first only', () => {
    const f = seed();
    f.year = 'x';
    f.tables[0].sections[0].rows[0].values.amount = 'abc';
    f.department.regionCode = 1;
    expect(issues(f).map((i) => i.path).sort()).toEqual(['/department/regionCode', '/tables/0/sections/0/rows/0/values/amount', '/year']);
  });

  it('never throws, whatever the input', () => {
    for (const input of [null, undefined, 1, 'x', [], {}, { format: 'gongkai.filing/1', tables: 'x' }, { tables: [null] }]) {
      expect(() => parseFiling(input)).not.toThrow();
      expect(parseFiling(input).ok).toBe(false);
    }
  });
});

describe('normalisation where it is safe', () => {
  it('full-width digits, thousands separators and spaces in amounts; split codes', () => {
    const f = seed();
    f.tables[0].sections[0].rows[0].values.amount = '１，３２２.３８';
    f.tables[1].sections[0].rows[3].values.total = ' 809.46 ';
    f.tables[1].sections[0].rows[3].code = '201 03 01';
    f.tables[2].sections[0].rows[0].values.total = '1,322.38';
    const r = parseFiling(f);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.filing.tables[0]!.sections[0]!.rows[0]!.values.amount).toBe('1322.38');
    expect(r.filing.tables[1]!.sections[0]!.rows[3]!.values.total).toBe('809.46');
    expect(r.filing.tables[1]!.sections[0]!.rows[3]!.code).toBe('2010301');
    expect(r.filing.tables[2]!.sections[0]!.rows[0]!.values.total).toBe('1322.38');
  });

  it('keeps a blank apart from 0.00, and the printed precision', () => {
    const r = parseFiling(seed());
    if (!r.ok) throw new Error('seed invalid');
    const income = r.filing.tables[0]!.sections[0]!.rows;
    expect(income.find((x) => x.key === 'other')!.values.amount).toBe('0.00');
    expect(income.find((x) => x.key === 'business')!.values.amount).toBeNull();
    expect(r.filing.tables[1]!.sections[0]!.rows.find((x) => x.code === '20132')!.values.total).toBe('4.60');
  });

  it('refuses what is not safe to guess', () => {
    for (const s of ['1,32,2.38', '1 322,38', '12a', '--1', '0x10', '1e5', '', '.', '01.5']) expect(normaliseDecimal(s), s).toBeNull();
    expect(normaliseDecimal('+4.60')).toBe('4.60');
    expect(normaliseDecimal('.5')).toBe('0.5');
  });
});
