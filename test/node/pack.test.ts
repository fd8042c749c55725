// The storage pack: many files in one KV value, one slice per read.
import { describe, expect, it } from 'vitest';
import { encodePack, Pack } from '../../src/core/pack.ts';

const files = [
  { path: 'filing.json', mediaType: 'application/json', sha256: 'a'.repeat(64), bytes: 25, body: '{"名称":"行政审批"}' },
  { path: 'tables/income.csv', mediaType: 'text/csv', sha256: 'b'.repeat(64), bytes: 3, body: new Uint8Array([0x61, 0x2c, 0x62]), filename: '收入.csv' },
  { path: 'empty.txt', mediaType: 'text/plain', sha256: 'c'.repeat(64), bytes: 0, body: '' },
];

describe('pack', () => {
  it('round-trips every file with its metadata, byte for byte', () => {
    const bytes = encodePack(files);
    const pack = Pack.decode(bytes.buffer)!;
    expect(pack.paths()).toEqual(files.map((f) => f.path));
    expect(new TextDecoder().decode(pack.get('filing.json')!.body)).toBe('{"名称":"行政审批"}');
    expect([...pack.get('tables/income.csv')!.body]).toEqual([0x61, 0x2c, 0x62]);
    expect(pack.get('tables/income.csv')!.meta).toEqual({ path: 'tables/income.csv', mediaType: 'text/csv', sha256: 'b'.repeat(64), bytes: 3, filename: '收入.csv' });
    expect(pack.get('empty.txt')!.body.byteLength).toBe(0);
    expect(pack.get('nothing')).toBeUndefined();
    expect(pack.withdrawn).toBeUndefined();
    // A pack built from another's entries is the same pack.
    const again = encodePack(pack.paths().map((p) => ({ ...pack.get(p)!.meta, body: pack.get(p)!.body })));
    expect([...again]).toEqual([...bytes]);
  });

  it('stores files with the same bytes once', () => {
    const same = { mediaType: 'application/json', sha256: 'd'.repeat(64), bytes: 25, body: '{"名称":"行政审批"}' };
    const one = encodePack([{ path: 'filing.json', ...same }]);
    const two = encodePack([{ path: 'submission.json', ...same }, { path: 'filing.json', ...same }]);
    const pack = Pack.decode(two.buffer)!;
    expect(new TextDecoder().decode(pack.get('submission.json')!.body)).toBe('{"名称":"行政审批"}');
    expect(new TextDecoder().decode(pack.get('filing.json')!.body)).toBe('{"名称":"行政审批"}');
    const bodiesLength = (bytes: Uint8Array<ArrayBuffer>) => bytes.byteLength - 12 - new DataView(bytes.buffer).getUint32(8);
    expect(bodiesLength(two)).toBe(25); // a second header entry, not a second body
    expect(bodiesLength(one)).toBe(25);
    // A claimed digest that does not match the bytes never makes two files share bytes.
    const liar = Pack.decode(encodePack([{ path: 'a', ...same }, { path: 'b', ...same, body: '{"名称":"行政审查"}' }]).buffer)!;
    expect(new TextDecoder().decode(liar.get('b')!.body)).not.toBe(new TextDecoder().decode(liar.get('a')!.body));
  });

  it('carries a withdrawal with no files', () => {
    const pack = Pack.decode(encodePack([], { withdrawn: '误传了他单位的报表' }).buffer)!;
    expect(pack.withdrawn).toBe('误传了他单位的报表');
    expect(pack.paths()).toEqual([]);
  });

  it('refuses metadata that does not match the bytes', () => {
    expect(() => encodePack([{ ...files[0]!, bytes: 5 }])).toThrow(/25 bytes, its metadata says 5/);
  });

  it('reads anything that is not a whole pack as absent, never as a wrong file', () => {
    const bytes = encodePack(files);
    expect(Pack.decode(bytes.slice(0, bytes.byteLength - 1).buffer)).toBeNull(); // truncated
    expect(Pack.decode(new TextEncoder().encode('{"filing.json":"…"}').buffer as ArrayBuffer)).toBeNull(); // another layout
    expect(Pack.decode(new ArrayBuffer(3))).toBeNull();
    const corrupt = bytes.slice();
    corrupt[14] = 0x7b; // inside the header
    expect(Pack.decode(corrupt.buffer)).toBeNull();
  });
});
