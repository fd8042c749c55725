// The attachment (项目支出绩效自评): totals, payments within budget, execution rate, grades, counts,
// and its project total against 03表.
import { describe, expect, it } from 'vitest';
import { added, check, editText, ofRule, seedWith, SEED, setCell, status, where } from './support.ts';

const seedReport = check(SEED);
const ATTACHMENT_RULES = ['attachment.totals', 'attachment.paid-within-budget', 'attachment.execution-rate', 'attachment.grades', 'attachment.counts', 'attachment.project-total'];

describe('attachment.totals', () => {
  it('passes on the seed: the 12 projects add up to 791.96 and 652.22', () => {
    expect(ofRule(seedReport, 'attachment.totals')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'attachment.totals')!.checked).toBe(2);
  });
  it('reports a 总计 that is not the sum of the projects, with every project cell', () => {
    const found = added(check(seedWith((f) => (f.performance!.projects[4]!.budget = '4.00')))).filter((x) => x.rule === 'attachment.totals');
    expect(found.map((x) => [x.severity, x.expected, x.actual, x.locations.length])).toEqual([['error', '792.96', '791.96', 13]]);
    expect(found[0]!.locations.map(where)).toContain('performance:/performance/projects/4/budget');
  });
});

describe('attachment.paid-within-budget', () => {
  it('passes on the seed', () => expect(ofRule(seedReport, 'attachment.paid-within-budget')).toEqual([]));
  it('reports a project paid beyond its budget (rows’ figures swapped in transcription)', () => {
    const found = ofRule(
      check(
        seedWith((f) => {
          f.performance!.projects[0]!.paid = '1.20';
          f.performance!.projects[1]!.paid = '120.00';
        }),
      ),
      'attachment.paid-within-budget',
    );
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['performance:/performance/projects/1/paid', 'performance:/performance/projects/1/budget']]]);
  });
});

describe('attachment.execution-rate', () => {
  it('reports the seed’s 82.26%', () => expect(ofRule(seedReport, 'attachment.execution-rate').map((x) => x.severity)).toEqual(['error']));
  it('passes once the rate reads 82.36%', () => {
    const report = check(seedWith((f) => editText(f, '预算支出进度82.26%', '预算支出进度82.36%')));
    expect(ofRule(report, 'attachment.execution-rate')).toEqual([]);
    expect(status(report, 'attachment.execution-rate')).toBe('passed');
  });
});

describe('attachment.grades', () => {
  it('passes on the seed: 9 优 (≥ 90), 2 良 (87.61), 1 中 (77.37)', () => expect(ofRule(seedReport, 'attachment.grades')).toEqual([]));
  it('reports a grade outside its score band', () => {
    const found = ofRule(check(seedWith((f) => (f.performance!.projects[2]!.grade = '良'))), 'attachment.grades');
    expect(found.map((x) => [x.severity, x.locations.map(where)])).toEqual([['error', ['performance:/performance/projects/2/grade', 'performance:/performance/projects/2/score']]]);
    expect(found[0]!.message.zh).toContain('77.37');
  });
  it('draws the band at 90 and 80', () => {
    const found = ofRule(
      check(
        seedWith((f) => {
          f.performance!.projects[0]!.score = '89.99'; // graded 优
          f.performance!.projects[10]!.score = '80.00'; // graded 良
        }),
      ),
      'attachment.grades',
    );
    expect(found.map((x) => where(x.locations[0]))).toEqual(['performance:/performance/projects/0/grade']);
  });
});

describe('attachment.counts', () => {
  it('passes on the seed: 12 projects, 9 优, 2 良, 1 中, 0 差', () => {
    expect(ofRule(seedReport, 'attachment.counts')).toEqual([]);
    expect(seedReport.rules.find((r) => r.id === 'attachment.counts')!.checked).toBe(6);
  });
  it('reports a stated grade count that the projects do not bear out', () => {
    const found = ofRule(check(seedWith((f) => editText(f, '9个项目自评等级为“优”', '8个项目自评等级为“优”'))), 'attachment.counts');
    expect(found.map((x) => [x.severity, x.expected, x.actual, x.locations.map(where)])).toEqual([
      ['error', '9', '8', ['narrative:/narrative/explanation/19/paragraphs/0', 'performance:/performance/projects']],
    ]);
  });
  it('reports a stated number of projects that the attachment does not bear out', () => {
    const found = ofRule(check(seedWith((f) => editText(f, '涉及 12个项目', '涉及 13个项目'))), 'attachment.counts');
    expect(found.map((x) => [x.expected, x.actual, where(x.locations[0])])).toEqual([['12', '13', 'performance:/performance/sections/4/paragraphs/0']]);
  });
});

describe('attachment.project-total', () => {
  it('reports the seed’s 652.22 against 715.22', () => expect(ofRule(seedReport, 'attachment.project-total').map((x) => x.severity)).toEqual(['error']));
  it('passes when the attachment covers 03表’s 项目支出', () => {
    const report = check(seedWith((f) => setCell(f, 'expenditure', 'main', 'total', 'project', '652.22')));
    expect(ofRule(report, 'attachment.project-total')).toEqual([]);
  });
});

describe('without an attachment', () => {
  it('skips every attachment rule, saying why', () => {
    const report = check(
      seedWith((f) => {
        delete f.performance;
      }),
    );
    for (const rule of ATTACHMENT_RULES) {
      expect(status(report, rule)).toBe('skipped');
      expect(ofRule(report, rule).map((x) => [x.severity, x.message.en])).toEqual([['skipped', 'the filing carries no performance self-evaluation attachment']]);
    }
  });
});
