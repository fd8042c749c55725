// The mirror's side of HTTP: GETs against the source with a concurrency limit, retries on transient
// failures, and a count of requests and bytes (what a mirror operator pays for).
import { readAtMost } from '../../core/bytes.ts';
import { MAX_PACK_BYTES } from '../../core/pack.ts';
import { CliError, EXIT } from '../exit.ts';

export type FetchLike = (url: string, init?: RequestInit) => Promise<Response>;

export interface Traffic {
  requests: number;
  bytes: number;
}

export interface Fetched {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/**
 * The most a mirror takes in, so that a hostile server cannot exhaust its memory: a body past its cap is
 * refused on its Content-Length or as soon as the bytes received pass it, never held whole. A log page
 * (1,000 entries) or a document is well under 1 MiB; a pack is one KV value (at most 25 MiB gzip) and at
 * most MAX_PACK_BYTES inflated. Lowered in process by tests.
 */
export const LIMITS = {
  /** A log page or a JSON document, as received. */
  documentBytes: 16 * 1024 * 1024,
  /** A pack, as received (gzip). */
  packBytes: 64 * 1024 * 1024,
  /** A pack, inflated. */
  packInflatedBytes: MAX_PACK_BYTES,
};

/** A body larger than the caller's cap: not read further, not retried. */
export class TooLarge extends CliError {
  constructor(readonly url: string, readonly cap: number, how: string) {
    super(`${url}: ${how} more than ${sizeText(cap)}, the most a mirror accepts for it; not read further`, EXIT.server);
  }
}

/** A cap in words: "256 MiB (268435456 bytes)", or "1000 bytes". */
export function sizeText(n: number): string {
  return n % (1024 * 1024) === 0 ? `${n / (1024 * 1024)} MiB (${n} bytes)` : `${n} bytes`;
}

const RETRIES = 4;
/** A stalled answer is retried rather than waited on for ever. */
const TIMEOUT_MS = 60_000;
const RETRY_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** At most `n` tasks at once, first come first served. */
export class Limiter {
  private active = 0;
  private readonly queue: (() => void)[] = [];
  constructor(private readonly n: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((resolve) => this.queue.push(resolve));
    this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.queue.shift()?.();
    }
  }
}

export class Source {
  readonly base: string;
  readonly traffic: Traffic = { requests: 0, bytes: 0 };
  private readonly limiter: Limiter;

  constructor(base: string, private readonly fetchImpl: FetchLike = fetch, concurrency = 8) {
    let url: URL;
    try {
      url = new URL(base);
    } catch {
      throw new CliError(`${base} is not a URL (e.g. https://gongkai.example.org)`, EXIT.input);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${base}: the source is an http or https URL`, EXIT.input);
    this.base = url.href.replace(/\/$/, '');
    this.limiter = new Limiter(concurrency);
  }

  url(path: string): string {
    return this.base + path;
  }

  /**
   * GET a path of the API. Network errors and 5xx/429 are retried with back-off (Retry-After honoured
   * up to 5 s); other statuses are returned for the caller to judge. Throws only when the source
   * cannot be reached at all, or (TooLarge) when the body is more than `maxBytes`.
   */
  get(path: string, headers: Record<string, string> = {}, maxBytes = LIMITS.documentBytes): Promise<Fetched> {
    return this.limiter.run(async () => {
      let lastError = '';
      for (let attempt = 0; attempt <= RETRIES; attempt++) {
        if (attempt > 0) await sleep(lastDelay(attempt, lastError));
        this.traffic.requests++;
        let res: Response;
        try {
          res = await this.fetchImpl(this.url(path), { headers, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
        } catch (e) {
          const cause = (e as { cause?: { code?: string; message?: string } }).cause;
          lastError = cause?.code ?? cause?.message ?? (e as Error).message;
          continue;
        }
        const declared = res.headers.get('content-length');
        if (declared !== null && Number(declared) > maxBytes) {
          await res.body?.cancel().catch(() => undefined);
          throw new TooLarge(this.url(path), maxBytes, `its Content-Length (${declared} bytes) is`);
        }
        let body: Uint8Array | null;
        try {
          body = await this.read(res, maxBytes);
        } catch (e) {
          lastError = `the connection dropped while reading ${path}: ${(e as Error).message}`;
          continue;
        }
        if (body === null) throw new TooLarge(this.url(path), maxBytes, 'its body is');
        if (RETRY_STATUS.has(res.status) && attempt < RETRIES) {
          lastError = `retry-after:${res.headers.get('retry-after') ?? ''}`;
          continue;
        }
        return { status: res.status, headers: res.headers, body };
      }
      throw new CliError(`cannot reach ${this.base}: ${lastError.startsWith('retry-after:') ? 'it keeps answering with an error' : lastError}`, EXIT.server);
    });
  }

  /** The body, or null as soon as more than `max` bytes have arrived (the rest is not read). */
  private async read(res: Response, max: number): Promise<Uint8Array | null> {
    if (!res.body) return new Uint8Array(0);
    return readAtMost(res.body, max, (n) => (this.traffic.bytes += n));
  }
}

function lastDelay(attempt: number, lastError: string): number {
  const retryAfter = /^retry-after:(\d+)$/.exec(lastError);
  if (retryAfter) return Math.min(5000, Number(retryAfter[1]) * 1000);
  return Math.min(4000, 200 * 2 ** (attempt - 1));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The body as JSON, or null when it is not JSON. */
export function jsonOf(f: Fetched): unknown {
  return parseJson(f.body);
}

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
