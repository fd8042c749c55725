// A JSON document of the server read against the API's schema. A mirror renders its documents itself
// from what it verified (render.ts); it reads one of the server's only for what the log cannot give:
// a version withdrawn before the mirror held it.
import type * as v from 'valibot';
import { parseDocument } from '../../core/contract/issues.ts';
import { jsonOf, type Fetched, type Source } from './source.ts';

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
