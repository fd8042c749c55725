// text.prior-year: the year before's figure of a subject, as each place of the narrative implies it (stated, the
// current figure less its change, the current figure over its growth rate), is the same everywhere. Cases from the
// seed's and the Shanghai sample's own sentences, one sentence edited at a time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiling, type Finding } from '../../../src/core/checks/index.ts';
import type { Filing } from '../../../src/core/model/filing.ts';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { added, check, editText, ofRule, seedWith, SEED } from './support.ts';

const RULE = 'text.prior-year';
const ONE = '/narrative/explanation/0/paragraphs/0';
const excerpts = (f: Finding) => f.locations.map((l) => ('excerpt' in l ? l.excerpt : ''));
const paths = (f: Finding) => f.locations.map((l) => ('path' in l ? l.path : l.table));
const serious = (findings: readonly Finding[]) => findings.filter((x) => x.severity === 'error' || x.severity === 'warning');

describe('text.prior-year on the seed', () => {
  it('passes: 收入总计 and 支出总计 (and 财政拨款’s two 总计) imply the same year before, 875.80', () => {
    const report = check(SEED);
    expect(ofRule(report, RULE)).toEqual([]);
    expect(report.rules.find((r) => r.id === RULE)).toMatchObject({ status: 'passed', checked: 2 });
  });

  it('reports two changes that each agree with their rate but imply different years before, at both sentences', () => {
    // 1322.38 − 406.58 = 915.80, and 406.58 ÷ 915.80 = 44.40%: text.growth has nothing to say.
    const found = added(check(seedWith((f) => editText(f, '支出总计增加446.58万元，增长50.99%', '支出总计增加406.58万元，增长44.40%'))));
    expect(found.map((x) => [x.rule, x.severity, x.expected, x.actual, x.difference])).toEqual([[RULE, 'error', '875.80', '915.80', '40.00']]);
    expect(paths(found[0]!)).toEqual([ONE, ONE]);
    expect(excerpts(found[0]!)).toEqual(['与上年相比，收入总计增加446.58万元，增长50.99%，支出总计增加406.58万元，增长44.40%。', '2023年度收入总计1,322.38万元，支出总计1,322.38万元。']);
    expect(found[0]!.message.zh).toContain('1322.38 − 406.58');
  });

  it('reads a prior-year figure stated outright (上年决算数为…, 2022年度…) and holds the changes to it', () => {
    const stated = (figure: string) => seedWith((f) => editText(f, '支出总计1,322.38万元。', `支出总计1,322.38万元，上年决算数为${figure}万元。`));
    const clean = check(stated('875.80'));
    expect(added(clean)).toEqual([]);
    expect(clean.rules.find((r) => r.id === RULE)!.checked).toBe(3); // the two changes against it, and 财政拨款's pair
    expect(clean.extracted.figures.find((x) => x.value === '875.80')).toMatchObject({ role: 'prior', subject: '支出总计', checkedBy: [RULE] });

    const off = added(check(stated('885.80')));
    expect(off.map((x) => [x.rule, x.severity, x.expected, x.actual])).toEqual([
      [RULE, 'error', '885.80', '875.80'],
      [RULE, 'error', '885.80', '875.80'],
    ]);
    expect(excerpts(off[0]!)).toEqual(['与上年相比，收入总计增加446.58万元，增长50.99%，支出总计增加446.58万元，增长50.99%。', '2023年度收入总计1,322.38万元，支出总计1,322.38万元，上年决算数为885.80万元。']);

    // Dated by the year: not held against 01表's current 收入总计 (text.amount), only against the changes.
    expect(added(check(seedWith((f) => editText(f, '2023年度收入总计1,322.38万元', '2022年度收入总计875.80万元，2023年度收入总计1,322.38万元'))))).toEqual([]);
  });

  it('notes a one-cent difference as rounding', () => {
    const found = added(check(seedWith((f) => editText(f, '支出总计1,322.38万元。', '支出总计1,322.38万元，上年决算数为875.81万元。'))));
    expect(found.map((x) => [x.rule, x.severity])).toEqual([[RULE, 'info'], [RULE, 'info']]);
  });
});

const CLEAN = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/shanghai-sample-2024.json'), 'utf8')) as Filing;

/** The sample with one sentence edited (none without arguments). */
function shanghai(section?: number, paragraph?: number, from = '', to = '') {
  const f = structuredClone(CLEAN);
  if (section !== undefined && paragraph !== undefined) {
    const p = f.narrative.explanation[section]!.paragraphs;
    expect(p[paragraph]).toContain(from);
    p[paragraph] = p[paragraph]!.replace(from, to);
  }
  const parsed = parseFiling(f);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues.slice(0, 3)));
  return checkFiling(parsed.filing);
}

describe('text.prior-year on the Shanghai sample', () => {
  it('finds nothing to compare in the clean sample: each subject is compared with 2023 once', () => {
    const report = shanghai();
    expect(ofRule(report, RULE)).toEqual([]);
    expect(report.rules.find((r) => r.id === RULE)!.status).toBe('skipped');
  });

  const CAR = '2、公务用车购置及运行维护费支出6.85万元。';
  it('holds 公务用车 in 具体情况 to its 2023 figure in 总体情况 (6.85 + 0.77 = 7.62)', () => {
    const clean = shanghai(11, 2, CAR, '2、公务用车购置及运行维护费支出6.85万元，比2023年度减少0.77万元。');
    expect(serious(clean.findings)).toEqual([]);
    expect(clean.rules.find((r) => r.id === RULE)).toMatchObject({ status: 'passed', checked: 1 });

    const off = shanghai(11, 2, CAR, '2、公务用车购置及运行维护费支出6.85万元，比2023年度减少0.87万元。');
    const found = off.findings.filter((x) => x.rule === RULE);
    expect(found.map((x) => [x.severity, x.expected, x.actual, x.difference])).toEqual([['error', '7.62', '7.72', '0.10']]);
    // This sentence, the one comparing with 2023 in 总体情况, and the one stating the current 6.85 there.
    expect(paths(found[0]!)).toEqual(['/narrative/explanation/11/paragraphs/2', '/narrative/explanation/10/paragraphs/1', '/narrative/explanation/10/paragraphs/0']);
    expect(serious(off.findings).map((x) => x.rule)).toEqual([RULE]);
  });

  const RECEPTION = '3、公务接待费支出2.13万元。';
  it('holds a growth rate alone to the year before within the rate’s rounding: 2.13 ÷ (1 − 19.01%) ≈ 2.63', () => {
    const clean = shanghai(11, 5, RECEPTION, '3、公务接待费支出2.13万元，比2023年度下降19.01%。');
    expect(serious(clean.findings)).toEqual([]);
    expect(clean.rules.find((r) => r.id === RULE)).toMatchObject({ status: 'passed', checked: 1 });

    const off = shanghai(11, 5, RECEPTION, '3、公务接待费支出2.13万元，比2023年度下降29.01%。');
    const found = serious(off.findings);
    expect(found.map((x) => [x.rule, x.severity, x.expected, x.actual])).toEqual([[RULE, 'error', '2.63', '3.00']]);
    expect(paths(found[0]!)).toEqual(['/narrative/explanation/11/paragraphs/5', '/narrative/explanation/10/paragraphs/1', '/narrative/explanation/10/paragraphs/0']);
  });

  const RUNNING = '机关运行经费支出152.47万元，';
  it('reads 2023年度…万元 in a 2024 report as the year before’s figure', () => {
    const clean = shanghai(16, 0, RUNNING, '2023年度机关运行经费支出160.12万元，2024年度机关运行经费支出152.47万元，');
    expect(serious(clean.findings)).toEqual([]);
    expect(clean.extracted.figures.find((x) => x.value === '160.12')).toMatchObject({ role: 'prior', checkedBy: [RULE] });

    const off = shanghai(16, 0, RUNNING, '2023年度机关运行经费支出160.21万元，2024年度机关运行经费支出152.47万元，');
    expect(serious(off.findings).map((x) => [x.rule, x.expected, x.actual, paths(x)])).toEqual([[RULE, '160.21', '160.12', ['/narrative/explanation/16/paragraphs/0']]]);
  });
});
