// A filing's facts: one row per printed figure (a cell holding an amount), with what identifies it across
// filings — the table's semantic id, the row's code or key, the column's key — the value exactly as printed
// with its unit, and the value in fen (分, 1/100 元) as an integer where the unit is money, so that an index
// sums it exactly. A blank cell and a printed ──── are not facts: a blank is not a zero.
import { Exact } from '../exact.ts';
import { isAmount } from '../model/cell.ts';
import { levelOf } from '../model/code.ts';
import type { Filing } from '../model/filing.ts';
import type { Provenance } from '../model/provenance.ts';
import { amountFactor } from '../render/fiscal.ts';

export interface Fact {
  table: string;
  section: string;
  /** "{section}:{key or code}", unique in the table (the table CSV's id). */
  rowId: string;
  /** The row's code where it has one, else its key: what a query names. */
  row: string;
  rowCode: string | null;
  /** 1 = 类, 2 = 款, 3 = 项; null for a fixed row. */
  level: number | null;
  rowName: string;
  column: string;
  /** As printed: an exact decimal string. */
  value: string;
  /** As printed: the table's unit, or the row's own (辆). */
  unit: string;
  /** The value in fen where the unit is money and the value is whole fen; null otherwise. */
  fen: bigint | null;
  /** The page of the department's PDF it was printed on, where the submission carried its provenance. */
  page: number | null;
}

export function filingFacts(filing: Filing, provenance?: Provenance): Fact[] {
  const pages = new Map((provenance?.cells ?? []).map((c) => [`${c.table}|${c.section}|${c.row}|${c.column}`, c.page]));
  const out: Fact[] = [];
  for (const t of filing.tables) {
    for (const s of t.sections) {
      for (const r of s.rows) {
        const row = r.code ?? r.key;
        if (row === undefined) continue;
        const unit = r.unit ?? t.unit;
        const factor = r.unit ? undefined : amountFactor(unit);
        for (const [column, cell] of Object.entries(r.values)) {
          if (!isAmount(cell)) continue;
          out.push({
            table: t.id, section: s.id, rowId: `${s.id}:${row}`, row, rowCode: r.code ?? null, level: r.code ? levelOf(r.code) : null,
            rowName: r.name, column, value: cell, unit, fen: factor === undefined ? null : toFen(cell, factor), page: pages.get(`${t.id}|${s.id}|${row}|${column}`) ?? null,
          });
        }
      }
    }
  }
  return out;
}

/** value × factor yuan in fen, when that is a whole number of fen. */
export function toFen(value: string, factor: number): bigint | null {
  const fen = Exact.parse(value).times(factor).shift(2);
  const per = 10n ** BigInt(fen.scale);
  return fen.units % per === 0n ? fen.units / per : null;
}

/** Fen as yuan, exactly: 132238n → "1322.38". */
export function fenToYuan(fen: bigint): string {
  return Exact.fromUnits(fen, 2).toFixed(2);
}

/**
 * Facts as the index stores them, one JSON text: [table, section, rowId, row, code, level, name, column,
 * value, unit, fen, page] per fact (fen as a number: a department's figure in fen is far below 2^53).
 * Made once where the filing is checked (the Worker, in parallel), so that the sequencer never parses a filing.
 */
export function factRows(facts: readonly Fact[]): { json: string; cells: number } {
  const safe = (fen: bigint | null) => (fen !== null && fen <= BigInt(Number.MAX_SAFE_INTEGER) && fen >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(fen) : null);
  return { json: JSON.stringify(facts.map((f) => [f.table, f.section, f.rowId, f.row, f.rowCode, f.level, f.rowName, f.column, f.value, f.unit, safe(f.fen), f.page])), cells: facts.length };
}

/** Why a text is not fact rows as factRows makes them, or null (checked where they cross into storage). */
export function factRowsProblem(json: string): string | null {
  let rows: unknown;
  try {
    rows = JSON.parse(json);
  } catch {
    return 'not JSON';
  }
  if (!Array.isArray(rows)) return 'not an array';
  for (const [i, r] of rows.entries()) {
    if (!Array.isArray(r) || r.length !== 12) return `row ${i} is not 12 members`;
    if (![0, 1, 2, 3, 6, 7, 8, 9].every((k) => typeof r[k] === 'string')) return `row ${i} has a text member that is not text`;
    if (![4].every((k) => r[k] === null || typeof r[k] === 'string') || ![5, 10, 11].every((k) => r[k] === null || Number.isSafeInteger(r[k]))) return `row ${i} has a code, level, fen or page of the wrong type`;
  }
  return null;
}
