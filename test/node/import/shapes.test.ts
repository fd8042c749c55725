// Reports in the shapes real departments publish (fixtures made from the seed's text by shapes.ts): each
// imports to the filing it stands for, with nothing unplaced.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { importReportText } from '../../../src/import/text/index.ts';
import { shapes } from './fixtures/shapes.ts';
import { DEPARTMENTS, FIXTURES } from './support.ts';

const read = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
const NAMES = ['nine-table', 'eight-table', 'split-codes', 'thousands', 'page-break', 'layout'];

describe('import: other shapes of report', () => {
  it('the fixtures are what shapes.ts makes (regenerate with npx tsx test/node/import/fixtures/generate.ts)', () => {
    const made = shapes();
    expect(made.map((s) => s.name)).toEqual(NAMES);
    for (const s of made) {
      expect(read(`${s.name}.txt`), s.name).toBe(s.text);
      expect(JSON.parse(read(`${s.name}.json`)), s.name).toEqual(s.filing);
    }
  });

  for (const name of NAMES) {
    it(`${name}: imports to the filing it stands for`, () => {
      const expected = JSON.parse(read(`${name}.json`));
      const { filing, report } = importReportText(read(`${name}.txt`), { sourceName: `${name}.txt`, departments: DEPARTMENTS });
      expect(report.problems).toEqual([]);
      expect(filing).toEqual(expected);
      expect(parseFiling(filing)).toMatchObject({ ok: true });
    });
  }

  it('nine-table: 三公 is 公开07表 and there is no 公开10表; eight-table: no 国有资本经营 table either', () => {
    const nine = importReportText(read('nine-table.txt'), { departments: DEPARTMENTS });
    expect(nine.filing.template).toBe('nine-table');
    const tables = nine.filing.tables as { id: string; number: string }[];
    expect(tables.map((t) => `${t.number} ${t.id}`).slice(6)).toEqual(['公开07表 three-public', '公开08表 government-fund', '公开09表 state-capital']);
    const eight = importReportText(read('eight-table.txt'), { departments: DEPARTMENTS });
    expect(eight.filing.template).toBe('eight-table');
    expect((eight.filing.tables as unknown[]).length).toBe(8);
  });

  it('the shapes are what they claim: split codes, separators, a repeated header, columns aligned with spaces', () => {
    expect(read('split-codes.txt')).toMatch(/^201 03 01 行政运行 809\.46/m);
    expect(read('split-codes.txt')).toContain('类 款 项 科目名称');
    expect(read('thousands.txt')).toMatch(/^合计 1,322\.38 1,322\.38/m);
    expect(read('page-break.txt').match(/^栏次 1 2 3 4 5 6 7$/gm)).toHaveLength(2);
    expect(read('page-break.txt')).toMatch(/^-6-$/m);
    expect(read('layout.txt')).toMatch(/^2010301 {3}行政运行 {2,}809\.46 {2,}809\.46$/m);
    expect(read('layout.txt')).toMatch(/^ {10}机构事务$/m);
  });
});
