// A figure stated in the text as an operand, in the filing's unit (a text may quote 元 where the tables print 万元).
import { scaleOf } from '../../decimal.ts';
import { Exact } from '../../exact.ts';
import type { Operand } from '../context.ts';
import type { Bilingual, Location } from '../finding.ts';
import type { Figure } from './extract.ts';

const FACTORS: Record<string, number> = { 元: 0, 千元: 3, 万元: 4, 亿元: 8 };

class StatedOperand implements Operand {
  readonly value: Exact;
  readonly printed = 1;
  readonly scale: number;

  constructor(private readonly figure: Figure, filingUnit: string) {
    this.value = valueOf(figure, filingUnit);
    this.scale = scaleOf(figure.printed);
  }

  get locations(): Location[] {
    return [this.figure.sentence.location];
  }

  get label(): Bilingual {
    const what = this.figure.entity || (this.figure.kind === 'percent' ? '' : '金额');
    return { zh: `文中“${what}”`, en: `the text's "${what}"` };
  }
}

function valueOf(figure: Figure, filingUnit: string): Exact {
  const value = Exact.parse(figure.printed);
  const from = FACTORS[figure.unit];
  const to = FACTORS[filingUnit];
  return figure.kind === 'amount' && from !== undefined && to !== undefined && from !== to ? value.shift(from - to) : value;
}

export function statedOperand(figure: Figure, filingUnit: string): Operand {
  return new StatedOperand(figure, filingUnit);
}

export function mark(figure: Figure | undefined, rule: string): void {
  if (figure && !figure.checkedBy.includes(rule)) figure.checkedBy.push(rule);
}

export function note(figure: Figure, text: string): void {
  if (figure.checkedBy.length === 0 && figure.note === undefined) figure.note = text;
}
