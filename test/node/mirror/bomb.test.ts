// What a hostile server (no key needed) cannot do to a mirror's memory: a gzip bomb for a logged version's
// pack is given up while it is inflated, past the cap; a body larger than its cap is refused on its
// Content-Length or as soon as the bytes received pass it. Each is a refusal of that one version (exit 4),
// the others kept, or (a log page) a server failure (exit 3) that stops the run before anything is written.
// The caps are lowered in process (LIMITS) so that the bombs stay small.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { mirrorCommand } from '../../../src/cli/mirror/command.ts';
import { mirror } from '../../../src/cli/mirror/index.ts';
import { LIMITS, Source, TooLarge, type FetchLike } from '../../../src/cli/mirror/source.ts';
import { compress, encodePack, inflatePack, MAX_PACK_BYTES } from '../../../src/core/pack.ts';
import { sha256 } from './forge.ts';
import { compareWithApi, publishedServer, startProxy, versionOf, type Published } from './support.ts';

const MiB = 1024 * 1024;
const DEFAULTS = { ...LIMITS };
afterEach(() => Object.assign(LIMITS, DEFAULTS));

/** A gzip of `members` × 16 MiB of zeros (members concatenated, as gunzip reads them): about 16 KB each. */
const member = gzipSync(Buffer.alloc(16 * MiB), { level: 9 });
const bomb = (members: number) => Buffer.concat(Array.from({ length: members }, () => member));
const quiet = new Writable({ write: (_c, _e, done) => done() });

describe('inflating a pack', () => {
  it('gives up past the cap, without inflating the rest', async () => {
    const b = bomb(16); // 256 MiB inflated
    expect(b.byteLength).toBeLessThan(MiB);
    const started = performance.now();
    const r = await inflatePack(new Uint8Array(b), MiB);
    expect(r).toMatchObject({ ok: false, tooLarge: true });
    expect(performance.now() - started).toBeLessThan(2000);
    // The default cap is the documented one.
    expect(MAX_PACK_BYTES).toBe(256 * MiB);
  });

  it('inflates a pack under the cap, and refuses an uncompressed one over it', async () => {
    const body = 'x'.repeat(100_000);
    const packed = encodePack([{ path: 'a.txt', mediaType: 'text/plain', sha256: sha256(body), bytes: body.length, body }]);
    const r = await inflatePack(await compress(packed), MiB);
    expect(r.ok && new TextDecoder().decode(r.pack.get('a.txt')!.body)).toBe(body);
    expect(await inflatePack(packed, 1000)).toMatchObject({ ok: false, tooLarge: true });
    expect(await inflatePack(new Uint8Array(member.subarray(0, 100)), MiB)).toMatchObject({ ok: false, tooLarge: false });
  });
});

describe('reading a body', () => {
  /** A fetch that answers every path with `chunks` chunks of 64 KiB, streamed, with the headers given; counts what was pulled. */
  const streaming = (chunks: number, headers: Record<string, string> = {}) => {
    const pulled = { bytes: 0 };
    const fetchImpl: FetchLike = async () => {
      let left = chunks;
      const stream = new ReadableStream<Uint8Array>({
        pull(c) {
          if (left-- <= 0) return c.close();
          pulled.bytes += 64 * 1024;
          c.enqueue(new Uint8Array(64 * 1024));
        },
      }, { highWaterMark: 0 });
      return new Response(stream, { status: 200, headers });
    };
    return { pulled, fetchImpl };
  };

  it('is refused on a Content-Length over the cap, before any of it is read', async () => {
    const { pulled, fetchImpl } = streaming(64, { 'content-length': String(4 * MiB) });
    const source = new Source('http://gongkai.test', fetchImpl, 1);
    const e = (await source.get('/v1/packs/a/2023/1', {}, MiB).catch((x: unknown) => x)) as TooLarge;
    expect(e).toBeInstanceOf(TooLarge);
    expect(e.code).toBe(3);
    expect(e.message).toBe(`http://gongkai.test/v1/packs/a/2023/1: its Content-Length (${4 * MiB} bytes) is more than 1 MiB (${MiB} bytes), the most a mirror accepts for it; not read further`);
    expect(pulled.bytes).toBe(0);
    expect(source.traffic.requests).toBe(1); // not retried
  });

  it('without a Content-Length, is given up as soon as the bytes received pass the cap', async () => {
    const { pulled, fetchImpl } = streaming(1024); // 64 MiB if read whole
    const source = new Source('http://gongkai.test', fetchImpl, 1);
    const e = (await source.get('/v1/log?since=0&limit=1000').catch((x: unknown) => x)) as TooLarge;
    expect(e).toBeInstanceOf(TooLarge);
    expect(e.message).toContain(`http://gongkai.test/v1/log?since=0&limit=1000: its body is more than ${LIMITS.documentBytes / MiB} MiB`);
    expect(pulled.bytes).toBeLessThanOrEqual(LIMITS.documentBytes + 3 * 64 * 1024);
    expect(source.traffic.bytes).toBeLessThanOrEqual(pulled.bytes);
    // Under the cap it is read whole.
    const small = streaming(4);
    expect((await new Source('http://gongkai.test', small.fetchImpl, 1).get('/x')).body.byteLength).toBe(4 * 64 * 1024);
  });
});

const suite = publishedServer('bomb', 3);
const packOf = (p: Published) => `/v1/packs/${p.departmentId}/${p.year}/1`;
const trust = () => suite.server.platform.file;

describe('a mirror served a bomb', () => {
  it('refuses the version whose pack inflates past the cap (exit 4, naming the URL and the cap), keeps the others, and completes on the next run', async () => {
    LIMITS.packInflatedBytes = 2 * MiB; // a genuine pack here is about 0.5 MiB inflated
    const victim = suite.pubs[1]!;
    const proxy = await startProxy(suite.server.url, { alter: (path) => (path === packOf(victim) ? bomb(4) : undefined) }); // 64 MiB inflated
    const dir = suite.tmp();
    try {
      const r = await mirror({ source: proxy.url, dir, trust: trust(), out: quiet, tty: false });
      expect(r.refused).toEqual([{ path: packOf(victim), problem: `${proxy.url}${packOf(victim)}: inflated, it is more than 2 MiB (${2 * MiB} bytes), the most a mirror accepts for a pack; not inflated further, nothing of this version is kept` }]);
      expect(r.errors).toEqual([]);
      expect(r.versionsAdded).toBe(2);
      expect(existsSync(join(dir, versionOf(victim, 1)))).toBe(false);
      for (const p of suite.pubs.filter((x) => x !== victim)) expect(existsSync(join(dir, versionOf(p, 1), 'manifest.json'))).toBe(true);

      // As the command line reports it: exit 4.
      const before = process.exitCode;
      try {
        process.exitCode = 0;
        await mirrorCommand(proxy.url, dir, {});
        expect(process.exitCode).toBe(4);
      } finally {
        process.exitCode = before;
      }

      proxy.options.alter = undefined;
      const again = await mirror({ source: proxy.url, dir, out: quiet, tty: false });
      expect(again.refused).toEqual([]);
      expect(again.errors).toEqual([]);
      expect(again.versionsAdded).toBe(1);
      expect((await compareWithApi(dir, suite.server.url)).mismatches).toEqual([]);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('refuses a pack larger than the cap on what is received, on its Content-Length', async () => {
    LIMITS.packBytes = 256 * 1024; // a genuine pack here is about 60 KB
    const victim = suite.pubs[2]!;
    const proxy = await startProxy(suite.server.url, { alter: (path) => (path === packOf(victim) ? Buffer.alloc(MiB, 7) : undefined) });
    const dir = suite.tmp();
    try {
      const r = await mirror({ source: proxy.url, dir, trust: trust(), out: quiet, tty: false });
      expect(r.refused).toEqual([{ path: packOf(victim), problem: `${proxy.url}${packOf(victim)}: its Content-Length (${MiB} bytes) is more than 262144 bytes, the most a mirror accepts for it; not read further; nothing of this version is kept` }]);
      expect(r.versionsAdded).toBe(2);
      expect(existsSync(join(dir, versionOf(victim, 1)))).toBe(false);
    } finally {
      await proxy.stop();
    }
  }, 120_000);

  it('stops on a log page larger than the cap for documents (exit 3, naming the URL), before anything is written', async () => {
    LIMITS.documentBytes = 1024; // the log page here is a few KB
    const dir = suite.tmp();
    const e = (await mirror({ source: suite.server.url, dir, trust: trust(), out: quiet, tty: false }).catch((x: unknown) => x)) as TooLarge;
    expect(e).toBeInstanceOf(TooLarge);
    expect(e.code).toBe(3);
    expect(e.message).toMatch(new RegExp(`^${suite.server.url}/v1/log\\?since=0&limit=1000: (its Content-Length \\(\\d+ bytes\\)|its body) is more than 1024 bytes, the most a mirror accepts for it`));
    for (const p of suite.pubs) expect(existsSync(join(dir, versionOf(p, 1)))).toBe(false);
  }, 120_000);
});
