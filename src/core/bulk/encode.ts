// Bulk rows → bytes, pure and incremental: an encoder takes rows a batch at a time and gives back the bytes
// ready so far, so that a year of figures (hundreds of MB as text) never has to be in memory at once. The
// Worker's adapter reads the rows from the facts index, compresses CSV and NDJSON, hashes and stores.
//
// One row per printed figure, the columns of contract/bulk.ts BULK_COLUMNS in order. Codes are text
// everywhere (Parquet VARCHAR, JSON strings); the printed value is its exact decimal string, and `yuan`
// is the figure in 元 exactly, from the index's integer fen: a Parquet DECIMAL(18,2) (INT64 unscaled), a
// decimal string in CSV and NDJSON. No float is ever made of an amount.
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { utf8 } from '../bytes.ts';
import { BULK_COLUMNS, BULK_YUAN_PRECISION, BULK_YUAN_SCALE, type BulkFormat } from '../contract/bulk.ts';
import { Exact } from '../exact.ts';
import { CSV_LINE_BREAK, csvField, csvRecord, neutraliseText } from '../render/csv.ts';

export interface BulkRow {
  year: number;
  regionCode: string;
  departmentId: string;
  departmentName: string;
  template: string;
  version: number;
  tableId: string;
  section: string;
  rowId: string;
  rowKey: string;
  rowCode: string | null;
  level: number | null;
  rowName: string;
  columnKey: string;
  value: string;
  unit: string;
  /** The figure in fen (分) where the unit is money, else null. */
  fen: bigint | null;
}

export interface BulkEncoder {
  readonly format: BulkFormat;
  /** Rows encoded so far. */
  readonly rows: number;
  /** Encode a batch; the bytes complete so far (possibly none). */
  write(rows: readonly BulkRow[]): Uint8Array[];
  /** The rest of the file. */
  finish(): Uint8Array[];
}

/** fen → "1322.38" (元, two decimals, exact). */
export const yuanOf = (fen: bigint | null): string | null => (fen === null ? null : Exact.fromUnits(fen, BULK_YUAN_SCALE).toFixed(BULK_YUAN_SCALE));

const NAMES = BULK_COLUMNS.map(([name]) => name);

function values(r: BulkRow): (string | number | null)[] {
  return [r.year, r.regionCode, r.departmentId, r.departmentName, r.template, r.version, r.tableId, r.section, r.rowId, r.rowKey, r.rowCode, r.level, r.rowName, r.columnKey, r.value, r.unit, yuanOf(r.fen)];
}

// Text columns that a spreadsheet could take for a formula (names, above all) are neutralised as the table
// CSVs' are; codes, numbers and decimal strings are written as they are (a negative amount stays "-1.00").
const NEUTRALISED = new Set(['department_name', 'template', 'table_id', 'section', 'row_id', 'row_key', 'row_name', 'column_key', 'unit']);
const NEUTRALISE = NAMES.map((n) => NEUTRALISED.has(n));

/**
 * A function of a text, remembered: a year's files repeat the same few thousand names, keys and units
 * hundreds of thousands of times, and neutralising or quoting each again was most of the encoders' time.
 */
function remembered(f: (text: string) => string): (text: string) => string {
  let seen = new Map<string, string>();
  return (text) => {
    let out = seen.get(text);
    if (out === undefined) {
      if (seen.size >= 65_536) seen = new Map();
      out = f(text);
      seen.set(text, out);
    }
    return out;
  };
}

/**
 * RFC 4180 CSV with a header (csv.ts's fields: CRLF, quoted only where needed). A null is an empty field, an
 * empty text a quoted one (""), so that a reader told so (DuckDB's allow_quoted_nulls = false) tells them apart.
 */
export function csvEncoder(): BulkEncoder {
  let rows = 0;
  let header = true;
  const text = remembered((t) => (t === '' ? '""' : csvField(neutraliseText(t))));
  const plain = remembered((t) => (t === '' ? '""' : csvField(t)));
  const field = NEUTRALISE.map((n) => (n ? text : plain));
  return {
    format: 'csv',
    get rows() { return rows; },
    write(batch) {
      let out = header ? csvRecord(NAMES) : '';
      header = false;
      for (const r of batch) {
        const v = values(r);
        let line = '';
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          if (i > 0) line += ',';
          if (x !== null) line += typeof x === 'number' ? String(x) : field[i]!(x!);
        }
        out += line + CSV_LINE_BREAK;
      }
      rows += batch.length;
      return out ? [utf8.encode(out)] : [];
    },
    finish() {
      return header ? ((header = false), [utf8.encode(csvRecord(NAMES))]) : [];
    },
  };
}

/** One JSON object a line, members in column order; codes and amounts strings, blanks null. */
export function ndjsonEncoder(): BulkEncoder {
  let rows = 0;
  const json = remembered((t) => JSON.stringify(t));
  const keys = NAMES.map((n, i) => `${i === 0 ? '{' : ','}${JSON.stringify(n)}:`);
  return {
    format: 'ndjson',
    get rows() { return rows; },
    write(batch) {
      let out = '';
      for (const r of batch) {
        const v = values(r);
        let line = '';
        for (let i = 0; i < v.length; i++) {
          const x = v[i];
          line += keys[i]! + (x === null ? 'null' : typeof x === 'number' ? String(x) : json(x!));
        }
        out += line + '}\n';
      }
      rows += batch.length;
      return out ? [utf8.encode(out)] : [];
    },
    finish: () => [],
  };
}

type SchemaElement = ConstructorParameters<typeof ParquetWriter>[0]['schema'][number];

/** The Parquet schema: VARCHAR as BYTE_ARRAY UTF8 (STRING), INT32, and yuan as DECIMAL(18,2) on INT64. */
export function parquetSchema(): SchemaElement[] {
  const leaf = (name: string, type: string): SchemaElement => {
    const optional = name === 'row_code' || name === 'level' || name === 'yuan';
    const repetition_type = optional ? 'OPTIONAL' : 'REQUIRED';
    if (type === 'VARCHAR') return { name, type: 'BYTE_ARRAY', converted_type: 'UTF8', logical_type: { type: 'STRING' }, repetition_type };
    if (type === 'INT32') return { name, type: 'INT32', repetition_type };
    return {
      name, type: 'INT64', repetition_type, converted_type: 'DECIMAL', scale: BULK_YUAN_SCALE, precision: BULK_YUAN_PRECISION,
      logical_type: { type: 'DECIMAL', scale: BULK_YUAN_SCALE, precision: BULK_YUAN_PRECISION },
    };
  };
  return [{ name: 'root', num_children: BULK_COLUMNS.length }, ...BULK_COLUMNS.map(([name, type]) => leaf(name, type))];
}

/** Columns whose row groups carry min and max, for readers that skip by them (a year, a region, a line). */
const STATISTICS = new Set(['year', 'region_code', 'department_id', 'version', 'table_id', 'row_code', 'level', 'column_key', 'yuan']);

/**
 * Parquet through hyparquet-writer, a row group every `rowGroupSize` rows, each handed over as it is made
 * (the writer's buffer is emptied after each); dictionary-encoded and snappy-compressed columns.
 */
export function parquetEncoder(o: { rowGroupSize?: number; createdBy?: string } = {}): BulkEncoder {
  const groupSize = o.rowGroupSize ?? 50_000;
  const out: Uint8Array[] = [];
  const writer = new ByteWriter(1 << 20);
  // The writer flushes after each row group (and at the end): its bytes are taken and its buffer reused.
  const take = () => {
    if (writer.index > 0) out.push(new Uint8Array(writer.buffer.slice(0, writer.index)));
    writer.index = 0;
  };
  Object.assign(writer, { flush: take, finish: take });
  const pw = new ParquetWriter({ writer, schema: parquetSchema(), createdBy: o.createdBy ?? 'gongkai (hyparquet-writer)' });
  let columns: (string | number | bigint | null)[][] = NAMES.map(() => []);
  let pending = 0;
  let rows = 0;
  const group = () => {
    if (pending === 0) return;
    void pw.write({ columnData: NAMES.map((name, i) => ({ name, data: columns[i]!, statistics: STATISTICS.has(name) })), rowGroupSize: pending });
    columns = NAMES.map(() => []);
    pending = 0;
  };
  const drain = () => out.splice(0, out.length);
  return {
    format: 'parquet',
    get rows() { return rows; },
    write(batch) {
      for (const r of batch) {
        const v = values(r);
        for (let i = 0; i < v.length - 1; i++) columns[i]!.push(v[i]!);
        columns[v.length - 1]!.push(r.fen); // the unscaled DECIMAL: fen is 元 × 10^2 exactly
        if (++pending === groupSize) group();
      }
      rows += batch.length;
      return drain();
    },
    finish() {
      group();
      void pw.finish();
      return drain();
    },
  };
}

export function bulkEncoder(format: BulkFormat): BulkEncoder {
  return format === 'csv' ? csvEncoder() : format === 'ndjson' ? ndjsonEncoder() : parquetEncoder();
}
