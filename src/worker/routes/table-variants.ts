// A table's derived downloads, made at read time from the version's own files: the CSV with the headers
// as printed (?header=zh) and the flat JSON shapes (?_shape=objects|arrays|ndjson, tables/{id}.ndjson).
//
// Both need the table's layout, so the version's filing.json is read from the same pack and parsed with
// the filing schema (parseFiling: never an unchecked cast). For header=zh only the header line of the
// published CSV is replaced: the rows stay the published bytes, which is cheaper than rendering the
// table again and correct by construction, since withZhHeader first checks the published header is this
// layout's field list (the same columns in the same order) and refuses otherwise. A parsed filing is
// kept per isolate by its sha256 (a few), so a reader going through the tables parses it once.
import type { Context } from 'hono';
import { utf8 } from '../../core/bytes.ts';
import { parseFiling } from '../../core/model/parse.ts';
import type { Filing } from '../../core/model/filing.ts';
import { tableLayout, type TableLayout } from '../../core/render/layout.ts';
import { renderTableShape, SHAPE_MEDIA_TYPES, type TableShape } from '../../core/render/table-shapes.ts';
import { withZhHeader } from '../../core/render/table-zh.ts';
import type { AppEnv, PackEntry } from '../env.ts';
import { problem } from '../problem.ts';
import { readFile } from './version-read.ts';

const text = new TextDecoder();

export interface Variant {
  body: Uint8Array<ArrayBuffer>;
  /** Distinct from the published file's: its sha256 and the variant's name. */
  etag: string;
  mediaType?: string;
  filename?: string;
}

const parsed = new Map<string, Filing>();
const KEEP = 8;

async function layoutOf(c: Context<AppEnv>, d: string, y: number, n: number, tableId: string): Promise<TableLayout> {
  const file = await readFile(c, d, y, n, 'filing.json');
  let filing = parsed.get(file.meta.sha256);
  if (!filing) {
    const result = parseFiling(JSON.parse(text.decode(file.body)) as unknown);
    if (!result.ok) return problem({ status: 500, type: 'internal', title: 'Unreadable filing', detail: `the filing of version ${n} of ${d}/${y} does not parse` });
    filing = result.filing;
    if (parsed.size >= KEEP) parsed.delete(parsed.keys().next().value!);
    parsed.set(file.meta.sha256, filing);
  }
  const table = filing.tables.find((t) => t.id === tableId);
  if (!table) return problem({ status: 404, type: 'not-found', title: 'Unknown file', detail: `version ${n} of ${d}/${y} has no table "${tableId}"` });
  return tableLayout(filing, table);
}

/** The published CSV with the Chinese header line. */
export async function zhCsv(c: Context<AppEnv>, d: string, y: number, n: number, tableId: string, csv: PackEntry): Promise<Variant> {
  const layout = await layoutOf(c, d, y, n, tableId);
  const body = utf8.encode(withZhHeader(text.decode(csv.body), layout)) as Uint8Array<ArrayBuffer>;
  const name = csv.meta.filename?.replace(/\.csv$/, '-中文表头.csv');
  return { body, etag: `${csv.meta.sha256}-zh`, ...(name ? { filename: name } : {}) };
}

/** One flat shape of the table; its ETag is the table JSON's sha256 (the same layout) and the shape. */
export async function tableShape(c: Context<AppEnv>, d: string, y: number, n: number, tableId: string, json: PackEntry, shape: TableShape): Promise<Variant> {
  const layout = await layoutOf(c, d, y, n, tableId);
  const body = utf8.encode(renderTableShape(layout, shape)) as Uint8Array<ArrayBuffer>;
  const name = shape === 'ndjson' ? json.meta.filename?.replace(/\.json$/, '.ndjson') : json.meta.filename;
  return { body, etag: `${json.meta.sha256}-${shape}`, mediaType: SHAPE_MEDIA_TYPES[shape], ...(name ? { filename: name } : {}) };
}
