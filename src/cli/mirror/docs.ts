// The API's JSON documents in the mirror: a dataset's and a version's (fetched when they change, read
// against the API's schemas, kept byte for byte) and the catalog /v1/datasets, rebuilt locally from the
// dataset documents so that a sync never downloads the whole catalog again.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type * as v from 'valibot';
import type { CatalogPage } from '../../core/contract/catalog-page.ts';
import { DatasetSchema } from '../../core/contract/dataset.ts';
import type { DatasetItem } from '../../core/contract/dataset-item.ts';
import { parseDocument } from '../../core/contract/issues.ts';
import { DATASETS_PATH } from '../../core/contract/urls.ts';
import { CliError, EXIT } from '../exit.ts';
import { INDEX, type Tree } from './tree.ts';
import { jsonOf, parseJson, type Fetched, type Source } from './source.ts';

/**
 * GET a JSON document and read it against its schema; null with the reason when it is not one (the
 * reason names each mismatch by its place in the document).
 */
export async function fetchDoc<S extends v.GenericSchema>(source: Source, apiPath: string, schema: S): Promise<{ ok: true; fetched: Fetched; doc: v.InferOutput<S> } | { ok: false; problem: string }> {
  const fetched = await source.get(apiPath, { accept: 'application/json' });
  if (fetched.status !== 200) return { ok: false, problem: `${apiPath} answered ${fetched.status}` };
  const json = jsonOf(fetched);
  if (json === null || typeof json !== 'object') return { ok: false, problem: `${apiPath} is not JSON` };
  const parsed = parseDocument(schema, json, source.url(apiPath));
  if (!parsed.ok) return { ok: false, problem: parsed.problem };
  return { ok: true, fetched, doc: parsed.value };
}

/** A document the mirror holds, read against its schema; null when it is absent or not (or no longer) one. */
export async function heldDoc<S extends v.GenericSchema>(tree: Tree, file: string, schema: S): Promise<v.InferOutput<S> | null> {
  const body = await tree.read(file);
  if (!body) return null;
  const parsed = parseDocument(schema, parseJson(body), file);
  return parsed.ok ? parsed.value : null;
}

/** /v1/datasets as one page with every dataset the mirror holds, in the API's order (department, year). */
export async function rebuildCatalog(tree: Tree): Promise<number> {
  const root = join(tree.root, 'v1', 'datasets');
  const items: DatasetItem[] = [];
  for (const d of (await readdir(root, { withFileTypes: true }).catch(() => [])).filter((e) => e.isDirectory())) {
    for (const y of (await readdir(join(root, d.name), { withFileTypes: true })).filter((e) => e.isDirectory())) {
      const file = join(root, d.name, y.name, INDEX);
      const body = await tree.read(file);
      if (!body) continue;
      const json = parseJson(body);
      const parsed = parseDocument(DatasetSchema, json, file);
      if (!parsed.ok) throw new CliError(`${parsed.problem}; remove it and run the mirror again`, EXIT.verification);
      // A catalog item is the dataset document without its version list (the API's datasetView), as the
      // server wrote it (the parsed copy would have the schema's member order).
      const { versions: _versions, ...item } = json as typeof parsed.value;
      items.push(item);
    }
  }
  items.sort((a, b) => (a.departmentId < b.departmentId ? -1 : a.departmentId > b.departmentId ? 1 : a.year - b.year));
  const page: CatalogPage = { items, links: { self: DATASETS_PATH, next: null } };
  await tree.write(tree.docFile(DATASETS_PATH), JSON.stringify(page, null, 2) + '\n');
  return items.length;
}
