// Text files as departments save them: UTF-8 (with or without a BOM), UTF-16 with a BOM, and GBK / GB18030,
// what Chinese Windows writes by default. decodeText reads each back to the same text, and `gongkai import`
// of a GBK copy of the seed report gives the very filing the UTF-8 seed gives.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeText } from '../../../src/import/encoding.ts';
import { FIXTURES, SEED, SEED_TEXT, gongkai } from './support.ts';

/** The first 200 lines of the seed as iconv -t GB18030 wrote them (fixtures/README.md). */
const GBK_SAMPLE = new Uint8Array(readFileSync(join(FIXTURES, 'gbk-sample.txt')));
const SAMPLE_TEXT = SEED_TEXT.split('\n').slice(0, 200).join('\n') + '\n';

/**
 * Node has a GB18030 decoder but no encoder: one made from the decoder, by reading every two-byte GBK code
 * (lead 0x81–0xFE, trail 0x40–0xFE but 0x7F) back to its character. ASCII is itself. Enough for text that is
 * all GBK, as a report is; checked against iconv's bytes below.
 */
function gbkEncoder(): (text: string) => Uint8Array {
  const decoder = new TextDecoder('gb18030', { fatal: true, ignoreBOM: true });
  const table = new Map<string, number>();
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (!table.has(ch)) table.set(ch, (lead << 8) | trail);
    }
  }
  return (text) => {
    const out: number[] = [];
    for (const ch of text) {
      const code = ch.codePointAt(0)!;
      if (code < 0x80) out.push(code);
      else {
        const pair = table.get(ch);
        if (pair === undefined) throw new Error(`U+${code.toString(16)} (${ch}) is not in GBK`);
        out.push(pair >> 8, pair & 0xff);
      }
    }
    return new Uint8Array(out);
  };
}
const toGbk = gbkEncoder();

const utf16 = (text: string, order: 'le' | 'be') => {
  const out = new Uint8Array(2 + 2 * text.length);
  out.set(order === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]);
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    out.set(order === 'le' ? [u & 0xff, u >> 8] : [u >> 8, u & 0xff], 2 + 2 * i);
  }
  return out;
};

describe('decodeText', () => {
  it('GBK bytes written by iconv (not valid UTF-8) decode as GB18030 to exactly the seed\'s text', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(GBK_SAMPLE)).toThrow();
    const r = decodeText(GBK_SAMPLE);
    expect(r.encoding).toBe('gb18030');
    expect(r.text).toBe(SAMPLE_TEXT);
    expect(r.text.startsWith(' 第一部分 概况\n')).toBe(true);
  });

  it('the test\'s own GBK encoder writes the bytes iconv wrote', () => {
    expect(toGbk(SAMPLE_TEXT)).toEqual(GBK_SAMPLE);
  });

  it('the whole seed in GBK decodes back to the whole seed', () => {
    const r = decodeText(toGbk(SEED_TEXT));
    expect(r).toEqual({ text: SEED_TEXT, encoding: 'gb18030' });
  });

  it('UTF-8 without a BOM, as it is; with one, the BOM dropped', () => {
    const bytes = new TextEncoder().encode(SEED_TEXT);
    expect(decodeText(bytes)).toEqual({ text: SEED_TEXT, encoding: 'utf-8' });
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]))).toEqual({ text: SEED_TEXT, encoding: 'utf-8' });
    // ASCII and empty input are UTF-8 too.
    expect(decodeText(new TextEncoder().encode('plain ASCII\n'))).toEqual({ text: 'plain ASCII\n', encoding: 'utf-8' });
    expect(decodeText(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8' });
  });

  it('UTF-16 with a BOM, little- and big-endian (Notepad\'s "Unicode"), the BOM dropped', () => {
    const text = SAMPLE_TEXT + '𠀀 (outside the BMP)\n';
    expect(decodeText(utf16(text, 'le'))).toEqual({ text, encoding: 'utf-16le' });
    expect(decodeText(utf16(text, 'be'))).toEqual({ text, encoding: 'utf-16be' });
  });

  it('a U+FEFF inside the text is kept: only a leading BOM is dropped', () => {
    const text = 'a\uFEFFb';
    expect(decodeText(new TextEncoder().encode(text)).text).toBe(text);
  });
});

describe('gongkai import of a GBK text file', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-import-gbk-'));
    // The same file name as the seed's, so that the filing's source names it alike.
    writeFileSync(join(dir, 'report-2023.txt'), toGbk(SEED_TEXT));
  });

  it('gives the filing the UTF-8 seed gives: the same cells read, nothing unplaced, the same findings', async () => {
    const r = await gongkai(['import', 'report-2023.txt', '--out', 'gbk.json'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Read from report-2023.txt: 439 cells (99 figures, 324 blank, 16 ────) in the tables; 38 cells (38 figures, 0 blank, 0 ────) in the attachment.');
    expect(r.stdout).toContain('Not placed: 0.');
    expect(r.stdout).toContain('Missing: 0.');
    expect(r.stdout).toMatch(/Accounting checks: 2 error\(s\)/);
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(join(dir, 'gbk.json'), 'utf8'))).toEqual(SEED);
  });
});
