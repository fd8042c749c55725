// The API's JSON documents in the mirror: a dataset's and a version's (fetched when they change, kept
// byte for byte) and the catalog /v1/datasets, rebuilt locally from the dataset documents so that a
// sync never downloads the whole catalog again.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { INDEX, type DatasetRef, type Tree } from './tree.ts';
import { jsonOf, type Fetched, type Source } from './source.ts';

export const datasetApiPath = (d: DatasetRef) => `/v1/datasets/${d.departmentId}/${d.year}`;
export const versionApiPath = (d: DatasetRef, n: number | 'latest') => `${datasetApiPath(d)}/versions/${n}`;

export interface DatasetDoc {
  id: string;
  departmentId: string;
  year: number;
  status: 'published' | 'withdrawn';
  latestVersion: number;
  versions: { version: number; status: string; sha256: string }[];
  [member: string]: unknown;
}

/** GET a JSON document; null with the reason when it is not one. */
export async function fetchDoc(source: Source, apiPath: string): Promise<{ ok: true; fetched: Fetched; doc: unknown } | { ok: false; problem: string }> {
  const fetched = await source.get(apiPath, { accept: 'application/json' });
  if (fetched.status !== 200) return { ok: false, problem: `${apiPath} answered ${fetched.status}` };
  const doc = jsonOf(fetched);
  if (doc === null || typeof doc !== 'object') return { ok: false, problem: `${apiPath} is not JSON` };
  return { ok: true, fetched, doc };
}

/** /v1/datasets as one page with every dataset the mirror holds, in the API's order (department, year). */
export async function rebuildCatalog(tree: Tree): Promise<number> {
  const root = join(tree.root, 'v1', 'datasets');
  const items: { departmentId: string; year: number }[] = [];
  for (const d of (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory())) {
    for (const y of (await readdir(join(root, d.name), { withFileTypes: true })).filter((e) => e.isDirectory())) {
      const body = await tree.read(join(root, d.name, y.name, INDEX));
      if (!body) continue;
      const doc = JSON.parse(new TextDecoder().decode(body)) as DatasetDoc;
      // A catalog item is the dataset document without its version list (the API's datasetView).
      const { versions: _versions, ...item } = doc;
      items.push(item);
    }
  }
  items.sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : a.year - b.year));
  await tree.write(tree.docFile('/v1/datasets'), JSON.stringify({ items, links: { self: '/v1/datasets', next: null } }, null, 2) + '\n');
  return items.length;
}
