// Operands: the figures a comparison is made of (a cell, a sum of cells, a figure stated in the text).
// They are classes, not object literals with closures: the engine makes hundreds per filing, and their
// locations and labels are built only for the few comparisons that fail.
import { Exact } from '../exact.ts';
import { isAmount, type Cell } from '../model/cell.ts';
import type { Row } from '../model/table.ts';
import type { TableRef } from './table-ref.ts';
import type { Bilingual, Location, TableLocation } from './finding.ts';

const ZERO = Exact.ZERO;

/** What a cell operand asks of the engine's context: parsed figures and locations (kept apart: no import cycle). */
export interface CellContext {
  decimal(printed: string): Exact;
  locate(ref: TableRef, sectionId: string, row: Row | undefined, rowId: string, column?: string): TableLocation;
}

/** A figure taking part in a comparison: its value (blank = 0), how many printed amounts make it up, where and what it is. */
export interface Operand {
  readonly value: Exact;
  /** Printed amounts it is made of (a blank or ──── cell counts none). */
  readonly printed: number;
  readonly locations: readonly Location[];
  readonly label: Bilingual;
  /** Decimals printed (the most among its parts): differences are shown to this precision. */
  readonly scale?: number;
}

/** Sum of operands: printed counts add up, labels join with ＋ (built on demand). */
export function sumOf(operands: readonly Operand[], label?: Bilingual): Operand {
  return new SumOperand(operands, label);
}

export class CellOperand implements Operand {
  readonly value: Exact;
  readonly printed: number;
  readonly scale: number;
  private location: TableLocation | undefined;

  constructor(
    private readonly ctx: CellContext,
    private readonly ref: TableRef,
    private readonly sectionId: string,
    private readonly row: Row | undefined,
    private readonly rowId: string,
    private readonly column: string,
    raw: Cell | undefined,
  ) {
    const printed = isAmount(raw);
    this.printed = printed ? 1 : 0;
    this.value = printed ? ctx.decimal(raw) : ZERO;
    this.scale = this.value.scale; // a parsed figure keeps its printed decimals
  }

  private at(): TableLocation {
    return (this.location ??= this.ctx.locate(this.ref, this.sectionId, this.row, this.rowId, this.column));
  }

  get locations(): Location[] {
    return [this.at()];
  }

  get label(): Bilingual {
    const { ref, sectionId, row, rowId, column } = this;
    const at = this.at();
    const sdef = ref.def.sections.find((s) => s.id === sectionId);
    const rowName = row?.name || sdef?.rows.find((r) => r.key === rowId)?.name || '';
    const colDef = ref.sections.get(sectionId)?.section.columns.find((c) => c.key === column) ?? sdef?.columns.find((c) => c.key === column);
    const where = [ref.table.number ?? ref.def.number ?? ref.def.title, /^\d+$/.test(rowId) ? rowId : '', rowName, colDef?.title ?? column]
      .filter(Boolean)
      .join(' ');
    return {
      zh: `${where}${at.line !== undefined ? `（行次${at.line}）` : ''}${at.lanci !== undefined ? `（栏次${at.lanci}）` : ''}`,
      en: `${where}${at.line !== undefined ? ` (line ${at.line})` : ''}${at.lanci !== undefined ? ` (col. ${at.lanci})` : ''}`,
    };
  }
}

class SumOperand implements Operand {
  readonly value: Exact;
  readonly printed: number;
  readonly scale: number;

  constructor(
    private readonly operands: readonly Operand[],
    private readonly given: Bilingual | undefined,
  ) {
    let value = ZERO;
    let printed = 0;
    let scale = 0;
    for (const o of operands) {
      value = value.plus(o.value);
      printed += o.printed;
      if ((o.scale ?? 0) > scale) scale = o.scale ?? 0;
    }
    this.value = value;
    this.printed = printed;
    this.scale = scale;
  }

  /** The addends that carry a figure: a blank adds nothing, and naming every blank would bury the message. */
  private shown(): readonly Operand[] {
    const printed = this.operands.filter((o) => o.printed > 0);
    return printed.length > 0 ? printed : this.operands;
  }

  get locations(): Location[] {
    return this.shown().flatMap((o) => o.locations);
  }

  get label(): Bilingual {
    const shown = this.shown();
    return this.given ?? { zh: shown.map((o) => o.label.zh).join(' ＋ '), en: shown.map((o) => o.label.en).join(' + ') };
  }
}

/** The same operand under another name (operands are class instances: spreading one would drop its getters). */
export function relabel(o: Operand, label: Bilingual): Operand {
  return {
    value: o.value,
    printed: o.printed,
    ...(o.scale !== undefined ? { scale: o.scale } : {}),
    get locations() {
      return o.locations;
    },
    label,
  };
}

