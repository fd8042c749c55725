// RFC 9457 problem details: every error the API gives is one of these (core/contract/problem.ts).
import type { ProblemDocument } from '../core/contract/problem.ts';

export interface ProblemInit {
  status: number;
  title: string;
  detail: string;
  /** A short slug; the type URI is /docs#problem-<slug>. */
  type?: string;
  headers?: Record<string, string>;
  extra?: Record<string, unknown>;
}

export class Problem extends Error {
  constructor(readonly init: ProblemInit) {
    super(init.detail);
  }
}

export function problem(init: ProblemInit): never {
  throw new Problem(init);
}

export function problemResponse(init: ProblemInit, instance: string): Response {
  const body: ProblemDocument = {
    type: init.type ? `/docs#problem-${init.type}` : 'about:blank',
    title: init.title,
    status: init.status,
    detail: init.detail,
    instance,
    ...init.extra,
  };
  return new Response(JSON.stringify(body, null, 2) + '\n', {
    status: init.status,
    headers: {
      'content-type': 'application/problem+json; charset=utf-8',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      ...init.headers,
    },
  });
}

/** A write the transparency log cannot record (no platform key, or not the log's): nothing was stored. */
export function logUnavailable(detail: string): never {
  return problem({ status: 503, type: 'log-unavailable', title: 'Cannot record', detail: `${detail}; nothing was stored`, headers: { 'retry-after': '60' } });
}
