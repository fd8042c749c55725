// The portal's pure modules (no DOM): cell ids from finding locations, chart figures, version diffs.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkFiling } from '../../../src/core/checks/index.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { diffFilings, labelPointer } from '../../../src/portal/dataset/diff.ts';
import { basicProject, economicItems, functionalBreakdown, keyFigures, personnelPublic, yearFigures } from '../../../src/portal/dataset/figures.ts';
import { cellId, idsForPointer, idsForTableLocation, isTableLocation, tableLocationLabel, type Filing } from '../../../src/portal/dataset/model.ts';
import { correction, earlierYear, SEED_PATH } from './fixture.ts';

function seed(): Filing {
  const parsed = parseFiling(JSON.parse(readFileSync(SEED_PATH, 'utf8')));
  if (!parsed.ok) throw new Error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return parsed.filing;
}

describe('ids and labels of finding locations', () => {
  const f = seed();
  const report = checkFiling(f);

  it('every table location of every finding maps to ids of cells the page draws', () => {
    for (const finding of report.findings) {
      for (const l of finding.locations) {
        if (!isTableLocation(l)) continue;
        const ids = idsForTableLocation(f, l);
        expect(ids.length, JSON.stringify(l)).toBeGreaterThan(0);
      }
    }
  });

  it('a cell: table/section/row/column; a row: its name and every cell', () => {
    expect(idsForTableLocation(f, { table: 'expenditure', section: 'main', row: 'total', column: 'project' })).toEqual([cellId('expenditure', 'main', 'total', 'project')]);
    const row = idsForTableLocation(f, { table: 'income', section: 'main', row: '2010303' });
    expect(row[0]).toBe('n/income/main/2010303');
    expect(row).toContain('c/income/main/2010303/fiscal_appropriation');
    expect(idsForTableLocation(f, { table: 'government-fund' })).toEqual(['t/government-fund']);
  });

  it('a JSON Pointer into the text maps to the field, then to what encloses it', () => {
    expect(idsForPointer(f, '/performance/totals/paid')).toEqual(['j/performance/totals/paid', 'j/performance/totals', 'j/performance']);
    const t02 = f.tables.findIndex((t) => t.id === 'income');
    expect(idsForPointer(f, `/tables/${t02}/sections/0/rows/4/values/total`)).toEqual(['c/income/main/2010303/total']);
  });

  it('labels read as printed', () => {
    expect(tableLocationLabel(f, { table: 'expenditure', number: '公开03表', section: 'main', row: 'total', column: 'project', lanci: 3 })).toBe('公开03表 · 合计 · 项目支出（栏次3）');
    expect(tableLocationLabel(f, { table: 'income', section: 'main', row: '2010303', column: 'fiscal_appropriation' })).toBe('公开02表 · 2010303 机关服务 · 财政拨款收入（栏次2）');
    expect(labelPointer(f, '/performance/sections/1/paragraphs/0')).toBe('绩效自评 · 一、项目支出基本情况 · 第1段');
    expect(labelPointer(f, '/performance/totals/paid', 'en')).toBe('Performance evaluation · total · paid');
  });
});

describe('figures for the charts and the overview', () => {
  const f = seed();

  it('functional classes and sections from 支出决算表, with exact shares', () => {
    const { classes, sections } = functionalBreakdown(f);
    expect(classes).toEqual([expect.objectContaining({ code: '201', value: '1322.38', share: '100.00' })]);
    expect(sections.map((s) => [s.code, s.value, s.share])).toEqual([['20103', '1317.78', '99.65'], ['20132', '4.60', '0.35']]);
  });

  it('基本 against 项目, 人员 against 公用', () => {
    expect(basicProject(f).slices.map((s) => [s.value, s.share])).toEqual([['607.16', '45.91'], ['715.22', '54.09']]);
    expect(personnelPublic(f).slices.map((s) => [s.value, s.share])).toEqual([['572.28', '94.26'], ['34.88', '5.74']]);
  });

  it('economic sections, largest first, each with its category', () => {
    const items = economicItems(f).slices;
    expect(items[0]).toMatchObject({ code: '30101', value: '220.40', parent: 'personnel' });
    expect(items.find((s) => s.code === '30201')).toMatchObject({ value: '13.69', parent: 'public' });
    expect(items.every((s) => Number(s.value) > 0)).toBe(true);
  });

  it('key figures link to their cells; a blank is null, not zero', () => {
    const k = keyFigures(f);
    expect(k.find((x) => x.key === 'figIncome')).toMatchObject({ value: '1322.38', cell: { table: 'income-expenditure', row: 'total_income' } });
    expect(k.find((x) => x.key === 'figThreePublic')?.value).toBeNull();
    expect(k.find((x) => x.key === 'figProject')?.share).toBe('54.09');
  });

  it('the totals a trend compares', () => {
    expect(yearFigures(f)).toEqual({ year: 2023, income: '1322.38', expenditure: '1322.38', basic: '607.16', project: '715.22' });
  });
});

describe('the diff of two versions', () => {
  it('finds the one corrected cell, with its difference', () => {
    const a = seed();
    const b = correction(a) as Filing;
    const d = diffFilings(a, b);
    expect(d.rows).toEqual([]);
    expect(d.fields).toEqual([]);
    expect(d.cells).toEqual([expect.objectContaining({ table: 'income', row: '2010303', column: 'fiscal_appropriation', before: '508.31', after: '508.32', delta: '+0.01', tableName: '公开02表 收入决算表' })]);
  });

  it('tells a blank from 0.00, and lists text changes by where they are', () => {
    const a = seed();
    const b = structuredClone(a);
    const row = b.tables.find((t) => t.id === 'income')!.sections[0]!.rows.find((r) => r.code === '2010301')!;
    row.values.other = '0.00';
    b.performance!.sections[1]!.paragraphs[0] = '改正后的句子';
    b.narrative.explanation.push({ heading: '十一、新增', level: 1, paragraphs: ['新增段落'] });
    const d = diffFilings(a, b);
    expect(d.cells).toEqual([expect.objectContaining({ row: '2010301', column: 'other', before: null, after: '0.00' })]);
    expect(d.cells[0]!.delta).toBeUndefined();
    expect(d.fields.find((x) => x.pointer === '/performance/sections/1/paragraphs/0')).toMatchObject({ label: '绩效自评 · 一、项目支出基本情况 · 第1段', after: '改正后的句子' });
    expect(d.fields.some((x) => x.label.startsWith('情况说明 · 十一、新增') && x.after === '新增段落')).toBe(true);
  });

  it('an earlier year differs in every amount', () => {
    const a = seed();
    const b = earlierYear(a, 2022, '0.91') as Filing;
    const d = diffFilings(a, b);
    expect(d.cells.length).toBeGreaterThan(50);
    expect(d.cells.find((c) => c.table === 'income-expenditure' && c.row === 'total_income')).toMatchObject({ before: '1322.38', after: '1203.37', delta: '-119.01' });
  });
});
