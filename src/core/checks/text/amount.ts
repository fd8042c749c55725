// Amounts (and counts) stated in the text against the figure the tables print for the same subject.
// Against one printed cell, the only rounding between the two is the coarser one's: to the same decimals
// (in the filing's unit) the text copies the same figure and any difference is an error; where one prints
// fewer decimals (572.3万元 for 572.28, or 5,722,800元), it must be the other rounded. Against a sum of
// cells, rounding is graded as everywhere. Unknown subjects stay unverified.
import type { Context } from '../context.ts';
import type { TextFigures } from './extract.ts';
import { scaleOf } from '../../decimal.ts';
import { Exact } from '../../exact.ts';
import type { Operand, Within } from '../context.ts';
import type { Bilingual } from '../finding.ts';
import { INFO_LIMIT } from '../grade.ts';
import { isAmount } from '../../model/cell.ts';
import type { Figure } from './extract.ts';
import { isResolved, resolve } from './lexicon.ts';
import { mark, note, statedOperand } from './operand.ts';
import { defineRule } from '../rule.ts';
import { textOf } from './extract.ts';

const RULE = 'text.amount';
const SHIFT: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };
const SAME_FIGURE: Within = { tolerance: Exact.ZERO, note: { zh: '文中所引即表内同一数字，不存在换算尾差', en: 'the text quotes the printed figure itself, so no rounding explains a difference' } };

export function checkTextAmounts(ctx: Context, text: TextFigures): void {
  for (const figure of text.figures) {
    if (figure.kind === 'percent' || figure.role !== 'stated' && figure.role !== 'count') continue;
    if (figure.entity === 'projects' || figure.entity.startsWith('grade:')) continue; // attachment.counts
    const target = resolve(ctx, figure.sentence.scope, figure.entity, figure.measure);
    if (!isResolved(target)) {
      note(figure, target.unresolved);
      continue;
    }
    mark(figure, RULE);
    const stated = statedOperand(figure, ctx.filing.unit);
    const within = target.printed === 1 ? roundingOf(figure, target, ctx.filing.unit) : undefined;
    // The same line printed in another table with the tables' own rounding between them (508.32 in 02表,
    // 508.31 in 05表): a text quoting the other table's figure copies a printed figure too.
    const elsewhere = within && within.tolerance.sign() === 0 ? printedElsewhere(ctx, target, stated.value) : undefined;
    ctx.compare(RULE, stated, target, within && !elsewhere ? { within } : { addends: 1, ...(elsewhere ? { note: elsewhere } : {}) });
  }
}

/** Where another table prints the target's line (same code, or same name) with exactly the stated figure, within 0.01 of the target. */
function printedElsewhere(ctx: Context, target: Operand, value: Exact): Bilingual | undefined {
  const at = target.locations[0];
  if (!at || !('table' in at) || at.section === undefined || at.row === undefined) return undefined;
  if (value.minus(target.value).abs().gt(INFO_LIMIT)) return undefined;
  const row = ctx.table(at.table)?.sections.get(at.section)?.rows.get(at.row);
  if (!row) return undefined;
  for (const table of ctx.filing.tables) {
    for (const section of table.sections) {
      for (const other of section.rows) {
        if (other === row || (row.code !== undefined ? other.code !== row.code : other.name !== row.name)) continue;
        for (const cell of Object.values(other.values)) {
          if (isAmount(cell) && ctx.decimal(cell).eq(value)) {
            return { zh: `与${table.number ?? ''}${table.title}所列相同`, en: `as ${table.number ?? table.title} prints it` };
          }
        }
      }
    }
  }
  return undefined;
}

/** What may lie between a stated amount and the one cell it quotes: half a unit of the coarser's last digit. */
function roundingOf(figure: Figure, cell: Operand, unit: string): Within | undefined {
  const from = SHIFT[figure.unit];
  const to = SHIFT[unit];
  if (figure.kind !== 'amount' || from === undefined || to === undefined || cell.scale === undefined) return undefined;
  const decimals = Math.min(scaleOf(figure.printed) - (from - to), cell.scale); // in the filing's unit
  if (decimals === cell.scale && from === to && scaleOf(figure.printed) === cell.scale) return SAME_FIGURE;
  return {
    tolerance: decimals >= 0 ? Exact.fromUnits(5n, decimals + 1) : Exact.fromUnits(5n * 10n ** BigInt(-decimals - 1), 0),
    note: { zh: `超出保留${Math.max(0, decimals)}位小数的舍入`, en: `more than rounding to ${decimals} decimals` },
  };
}

export const rule = defineRule(RULE, '文字所述金额、数量与表内数据一致', 'Amounts and counts quoted in the text agree with the tables', (ctx) => checkTextAmounts(ctx, textOf(ctx)));
