// The seed report's text imports to its hand transcription, cell for cell, text and attachment included.
import { describe, expect, it } from 'vitest';
import { parseFiling } from '../../../src/core/model/parse.ts';
import { importReportText } from '../../../src/import/text/index.ts';
import { DEPARTMENTS, SEED, SEED_TEXT } from './support.ts';

describe('import: the seed report', () => {
  const { filing, report } = importReportText(SEED_TEXT, { sourceName: 'report-2023.txt', departments: DEPARTMENTS });

  it('is equal to the transcription, the whole filing', () => {
    expect(filing).toEqual(SEED);
  });

  it('validates, and reads every cell with nothing left unplaced', () => {
    expect(parseFiling(filing)).toMatchObject({ ok: true });
    expect(report.problems).toEqual([]);
    // 99 printed figures and 16 ──── in the ten tables, 38 figures in the attachment (the transcription's counts).
    expect(report.tables).toEqual({ figures: 99, blanks: 324, notApplicable: 16 });
    expect(report.attachment.figures).toBe(38);
  });

  it('detects the template and takes id and region code from the departments list', () => {
    expect(report.notes.map((n) => n.message)).toEqual([
      'template shanxi-2023: its 10 tables were found in order',
      '朔州市朔城区行政审批服务管理局: id 140602-xzspfwglj and region code 140602 from data/departments.json',
    ]);
  });

  it('says the department id and region code are missing when the name is not in the list', () => {
    const r = importReportText(SEED_TEXT, { sourceName: 'report-2023.txt', departments: [] });
    expect(r.report.problems.map((p) => [p.kind, p.place])).toEqual([['missing', 'department'], ['missing', 'department']]);
    expect(r.report.problems[0]!.message).toContain('--department-id');
    expect(r.report.problems[1]!.message).toContain('--region-code');
    const given = importReportText(SEED_TEXT, { sourceName: 'report-2023.txt', departmentId: '140602-xzspfwglj', regionCode: '140602' });
    expect(given.filing).toEqual(SEED);
    expect(given.report.problems).toEqual([]);
  });

  it('takes --template when given, and reports an unknown one', () => {
    expect(importReportText(SEED_TEXT, { sourceName: 'report-2023.txt', departments: DEPARTMENTS, template: 'shanxi-2023' }).filing).toEqual(SEED);
    const r = importReportText(SEED_TEXT, { departments: DEPARTMENTS, template: 'no-such' });
    expect(r.report.problems[0]).toMatchObject({ kind: 'missing', place: 'template' });
    expect(r.report.problems[0]!.message).toContain('unknown template "no-such"');
  });

  it('reads the text the same with Windows line ends and a byte-order mark', () => {
    const crlf = '\uFEFF' + SEED_TEXT.replace(/\n/g, '\r\n');
    expect(importReportText(crlf, { sourceName: 'report-2023.txt', departments: DEPARTMENTS }).filing).toEqual(SEED);
  });
});
