// The read API as the portal uses it. Same origin, so no CORS; failures become ApiError with the
// problem+json detail when the server gave one.
import type { CatalogPage } from '../core/contract/catalog-page.ts';
import type { Dataset } from '../core/contract/dataset.ts';
import type { DatasetItem } from '../core/contract/dataset-item.ts';
import type { ProblemDocument } from '../core/contract/problem.ts';
import type { PublicKey } from '../core/contract/public-key.ts';
import { catalogPath, datasetPath, filePath, versionPath } from '../core/contract/urls.ts';
import type { VersionSummary } from '../core/contract/version-summary.ts';

// The response documents' types and the URL shapes are the API's own (core/contract): only types are
// imported from the schemas, so no schema library is bundled into the pages.
export { datasetPath, filePath, versionPath };
export type { CatalogPage, DatasetItem };
export type { Summary as FindingsSummary } from '../core/checks/finding.ts';
export type DatasetDetail = Dataset;
export type VersionInfo = VersionSummary;
export type PublicKeyInfo = PublicKey;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(`${status}: ${detail}`);
  }
}

async function problemOf(r: Response): Promise<ApiError> {
  let detail = r.statusText;
  try {
    const p = (await r.json()) as Partial<ProblemDocument>;
    detail = p.detail ?? p.title ?? detail;
  } catch { /* not JSON */ }
  return new ApiError(r.status, detail);
}

export async function getJson<T>(url: string, init?: RequestInit): Promise<T> {
  const r = await fetch(url, { headers: { accept: 'application/json' }, ...init });
  if (!r.ok) throw await problemOf(r);
  return (await r.json()) as T;
}

export async function getBytes(url: string): Promise<Uint8Array<ArrayBuffer>> {
  const r = await fetch(url);
  if (!r.ok) throw await problemOf(r);
  return new Uint8Array(await r.arrayBuffer());
}

/** The bytes and the URL they were answered for (Content-Location, for files under versions/latest). */
export async function getFile(url: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; location: string }> {
  const r = await fetch(url);
  if (!r.ok) throw await problemOf(r);
  return { bytes: new Uint8Array(await r.arrayBuffer()), location: r.headers.get('content-location') ?? new URL(r.url).pathname };
}

export function catalogUrl(params: { q?: string; region?: string; year?: string; department?: string; limit?: number }): string {
  return catalogPath({ q: params.q, region: params.region, year: params.year, department: params.department, limit: params.limit ?? 100 });
}

export function datasetPageUrl(d: string, y: number, v?: number): string {
  const u = new URLSearchParams({ d, y: String(y) });
  if (v !== undefined) u.set('v', String(v));
  return `/dataset?${u}`;
}
