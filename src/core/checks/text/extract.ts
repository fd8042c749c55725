// Reading the figures out of 情况说明 and the attachment's text. The text is free, but it follows the
// Ministry's script closely: "<subject><amount>万元", "增加<amount>万元，增长<rate>%", "占比<rate>%",
// "完成年初预算的<rate>%", "<n>个项目自评等级为“优”". Each figure gets its subject (the words before it in
// its clause), its role, and links to the figures it is computed from. Nothing here looks at the tables.
import { normaliseDecimal } from '../../decimal.ts';
import type { Filing } from '../../model/filing.ts';
import type { Context } from '../context.ts';
import type { ExtractedFigure, TextLocation } from '../finding.ts';
import { scopeOf, type Scope } from './scope.ts';
import { sectionFields, sentences } from './walk.ts';

export type Role = ExtractedFigure['role'];
export type Measure = 'budget' | 'final';

export interface SentenceInfo {
  readonly location: TextLocation;
  readonly scope: Scope;
  readonly figures: Figure[];
  /** Where the sentence starts in its paragraph. */
  readonly start: number;
}

export interface Figure {
  readonly kind: 'amount' | 'percent' | 'count';
  /** Canonical decimal as printed ("1322.38", "0"). */
  readonly printed: string;
  readonly unit: string;
  role: Role;
  /** The subject as read, cleaned (收入总计, 因公出国（境）费支出); for counts of the attachment `projects` or `grade:优`. */
  entity: string;
  /** Whether the amount is a budget (年初预算, 全年预算) or an actual (决算). */
  measure: Measure | undefined;
  /** Direction of a change or a growth rate; a change printed without a verb (较上年决算446.58万元) takes its rate's. */
  sign: 1 | -1 | undefined;
  /** A share's or a completion rate's explicit base, as printed (本年支出合计, 政府采购支出总额). */
  base: string | undefined;
  readonly sentence: SentenceInfo;
  /** Section key: figures of one section share a context (the 其中 base of shares). */
  readonly section: string;
  /** growth → its change; share and completion → their numerator. */
  from?: Figure;
  /** share → the stated base (其中 / 主要用于); completion → the stated budget. */
  over?: Figure;
  /** The subject's most recent stated actual before a change, in the same paragraph. */
  current?: Figure;
  readonly checkedBy: string[];
  note?: string;
}

export interface TextFigures {
  readonly figures: readonly Figure[];
  readonly sentences: readonly SentenceInfo[];
}

const UNITS = '万元|亿元|千元|元|%|个|辆|人次|批次|台（套）|台|套|家|项|人';
// A figure: digits (with a thousands comma), a unit. Scanned with exec (faster than matchAll here). It never
// starts inside a number: without the lookbehind a long run of digits costs quadratic time.
const FIGURE = new RegExp(`(?<![\\d.])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s*(${UNITS})`, 'g');
const NUMERIC = '0123456789.';
const AMOUNT_UNITS = new Set(['万元', '亿元', '千元', '元']);
const BOUNDARY = new Set([...'，、：；。！？'].map((c) => c.charCodeAt(0)));
/** 单价100万元（含）以上: a threshold, not a figure. */
const THRESHOLD_AFTER = /\s*(?:（含）)?(?:以上|以下|及以上)/y;
/** Digits already canonical (no separator, no leading zero): most figures. */
const SIMPLE = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const MARKER = /其中|主要用于|以下方面|：$/;
const DIGIT = /[0-9\uFF10-\uFF19]/;

const GROWTH_UP = /(?:增长|增加|上升|提高)了?(?:约)?$/;
const GROWTH_DOWN = /(?:下降|减少|降低)了?(?:约)?$/;
const SHARE = /占(?:比|(.+?)的?(?:比重|比例)?)?为?$/; // 占比, 占本年支出合计的, or 占 alone after a 其中 item
const COMPLETION = /完成(.*?)的?$/;
const EXECUTION = /(?:预算支出进度|支出进度|预算执行率|执行率|执行进度)(?:为|达)?$/;
const ITEM = /^(?:\d+[、.．]|[（(][一二三四五六七八九十\d]+[）)])([^，。；：0-9]+（(?:类|款|项)）)[。；]?$/;
const COMPARED = /^(?:较|比|与)(?:上年|上一年度?|\d{4}年度?)(?:决算)?(?:数)?(?:相比)?$/;
/** The year compared with, before a change's verb or its subject: 比2023年度减少, 较上年决算数. */
const COMPARED_AT = /(?:较|比|与)(?:上年|上一年度?|\d{4}年度?)(?:决算)?(?:数)?(?:相比)?/g;
/** The year before named as a figure's own (上年决算数为, 2022年度收入总计), not as the year compared with (比上年) or a source of funds (上年结转). */
const PRIOR = /(?<![较比与同])(?:上一?年|(\d{4})年)(?!度?(?:初|末|底|结转|结余))/g;
const PRIOR_WORDS = /上一?年度?(?:同期)?/g;

const FOLD: Record<string, string> = { '(': '（', ')': '）', ':': '：', ';': '；', '％': '%', '．': '.' };
const TO_FOLD = /[\uFF10-\uFF19():;％．]|,(?!\d{3})/g;

/** Half-width punctuation to full-width, full-width digits to ASCII; same length, so positions stay valid. */
function normalise(text: string): string {
  return text.replace(TO_FOLD, (c) => FOLD[c] ?? (c === ',' ? '，' : String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
}

/** The figures of a filing's text, read once a run and shared by every rule that needs them. */
export function textOf(ctx: Context): TextFigures {
  return ctx.memo('text', () => extractText(ctx.filing));
}

export function extractText(filing: Filing): TextFigures {
  const fields = [
    ...sectionFields('narrative', 'narrative/explanation', filing.narrative.explanation),
    ...(filing.performance ? sectionFields('performance', 'performance/sections', filing.performance.sections) : []),
  ];
  const figures: Figure[] = [];
  const allSentences: SentenceInfo[] = [];
  const priorYear = String(filing.year - 1);
  let sectionKey = '';
  let base: Figure | undefined; // the amount a 其中 list is part of
  let lastStated: Figure | undefined; // the latest stated actual in the section
  let scope: Scope = 'other';
  for (const field of fields) {
    if (field.kind !== 'paragraph' || field.section === undefined) continue;
    if (field.section !== sectionKey) {
      sectionKey = field.section;
      base = undefined;
      lastStated = undefined;
      scope = scopeOf(field.part, field.headings ?? []);
    }
    // The subject carries over within a paragraph: 支出决算1322.38万元 is the 决算 of the subject named before it.
    let inheritedEntity = '';
    let inheritedCurrent: Figure | undefined;
    if (!DIGIT.test(field.text) && !MARKER.test(field.text)) continue; // most of the attachment's prose states no figure
    for (const s of sentences(field.text)) {
      // An item named in a sentence of its own ("1、一般公共服务支出（类）档案事务（款）行政运行（项）。"): the
      // subject of the figures that follow it in the paragraph (年初预算为…，支出决算为…).
      const item = s.text.includes('）') ? ITEM.exec(s.text.replace(/\s+/g, '')) : null;
      if (item) {
        inheritedEntity = cleanEntity(item[1]!).entity;
        inheritedCurrent = undefined;
        continue;
      }
      if (!DIGIT.test(s.text)) {
        if (MARKER.test(s.text)) base = lastStated; // a bare 其中： introduces a list of the amount just stated
        continue;
      }
      const text = normalise(s.text);
      const sentence: SentenceInfo = { location: { part: field.part, path: field.path, excerpt: s.text }, scope, figures: [], start: s.start };
      allSentences.push(sentence);
      // A 其中 / 主要用于 list: shares in it are of the amount stated just before.
      const marker = MARKER.exec(text);
      let baseSet = marker === null;
      let previousEnd = 0;
      FIGURE.lastIndex = 0;
      for (let m = FIGURE.exec(text); m !== null; m = FIGURE.exec(text)) {
        const start = m.index;
        if (start > 0 && NUMERIC.includes(text[start - 1] as string)) continue; // the tail of a longer number or code
        const end = start + m[0].length;
        const unit = m[2] as string;
        THRESHOLD_AFTER.lastIndex = end;
        if (THRESHOLD_AFTER.test(text)) continue;
        const digits = m[1] as string;
        const printed = SIMPLE.test(digits) ? digits : normaliseDecimal(digits);
        if (printed === null) continue;
        if (!baseSet && marker!.index < start) {
          base = lastAmount(sentence.figures) ?? lastStated;
          baseSet = true;
        }
        const lead = leadOf(text, start, previousEnd);
        previousEnd = end;
        const kind = unit === '%' ? 'percent' : AMOUNT_UNITS.has(unit) ? 'amount' : 'count';
        const figure = read(kind, printed, unit, lead, text, end, sentence, sectionKey, priorYear);
        sentence.figures.push(figure);
        figures.push(figure);

        if (figure.kind === 'amount') {
          if (figure.entity === '' || figure.entity === '支出' || figure.entity === '收入') figure.entity = inheritedEntity;
          else if (figure.role !== 'prior' || figure.entity !== inheritedEntity) {
            inheritedEntity = figure.entity;
            inheritedCurrent = undefined;
          }
          if (figure.role === 'stated' && figure.measure !== 'budget') {
            inheritedCurrent = figure;
            lastStated = figure;
          }
          if (figure.role === 'change') figure.current = inheritedCurrent;
        } else if (figure.kind === 'percent') {
          link(figure, sentence.figures, base);
        }
      }
      if (!baseSet) base = lastAmount(sentence.figures) ?? lastStated;
    }
  }
  return { figures, sentences: allSentences };
}

/** The last stated actual amount of a sentence so far. */
function lastAmount(figures: readonly Figure[]): Figure | undefined {
  for (let i = figures.length - 1; i >= 0; i--) {
    const f = figures[i] as Figure;
    if (f.kind === 'amount' && f.role === 'stated' && f.measure !== 'budget') return f;
  }
  return undefined;
}

/** The words before a figure in its clause, not reaching back past the previous figure. */
function leadOf(text: string, start: number, previousEnd: number): string {
  let i = start;
  while (i > previousEnd && !BOUNDARY.has(text.charCodeAt(i - 1))) i--;
  return text.slice(i, start).trim();
}

function read(kind: Figure['kind'], printed: string, unit: string, lead: string, text: string, end: number, sentence: SentenceInfo, section: string, priorYear: string): Figure {
  // Every figure has every field from the start (one object shape for the engine to optimise).
  const figure: Figure = {
    kind, printed, unit, role: 'stated', entity: '', measure: undefined, sign: undefined, base: undefined, sentence, section,
    from: undefined, over: undefined, current: undefined, checkedBy: [], note: undefined,
  };
  if (kind === 'percent') return readPercent(figure, lead);
  if (kind === 'count') {
    const trail = text.slice(end, end + 16);
    const grade = /^(?:个)?(?:二级)?项目(?:自评)?(?:等级|结果)?(?:为|评为|评定为)?[“"「『]?([优良中差])/.exec(trail);
    if (grade) return Object.assign(figure, { role: 'count', entity: `grade:${grade[1]}` });
    if (/^(?:个)?(?:二级)?项目/.test(trail) || /涉及(?:二级)?项目(?:共|数)?$/.test(lead)) return Object.assign(figure, { role: 'count', entity: 'projects' });
    return Object.assign(figure, { role: 'count', entity: cleanEntity(lead).entity });
  }
  const up = GROWTH_UP.exec(lead);
  const down = up ? null : GROWTH_DOWN.exec(lead);
  if (up || down) {
    const subject = cleanEntity(lead.slice(0, (up ?? down)!.index).replace(COMPARED_AT, ''));
    return Object.assign(figure, { role: 'change', sign: up ? 1 : -1, entity: subject.entity, measure: subject.measure });
  }
  if (COMPARED.test(lead)) return Object.assign(figure, { role: 'change' });
  if (kind === 'amount' && isPrior(lead, priorYear)) {
    const { entity, measure } = cleanEntity(lead.replace(PRIOR_WORDS, ''));
    return Object.assign(figure, { role: 'prior', entity, measure });
  }
  const { entity, measure } = cleanEntity(lead);
  return Object.assign(figure, { entity, measure });
}

/** Whether an amount's lead dates it to the year before the report's. */
function isPrior(lead: string, priorYear: string): boolean {
  if (!lead.includes('上') && !lead.includes(priorYear)) return false;
  PRIOR.lastIndex = 0;
  for (let m = PRIOR.exec(lead); m !== null; m = PRIOR.exec(lead)) if (m[1] === undefined || m[1] === priorYear) return true;
  return false;
}

function readPercent(figure: Figure, lead: string): Figure {
  const body = lead.replace(/^(?:与上年相比|比上年|较上年)/, '');
  if (GROWTH_UP.test(body)) return Object.assign(figure, { role: 'growth', sign: 1, entity: '增长' });
  if (GROWTH_DOWN.test(body)) return Object.assign(figure, { role: 'growth', sign: -1, entity: '下降' });
  const share = SHARE.exec(body);
  if (share) return Object.assign(figure, { role: 'share', entity: '占比', base: share[1] ? cleanEntity(share[1]).entity : undefined });
  if (EXECUTION.test(body)) return Object.assign(figure, { role: 'execution', entity: '预算支出进度' });
  const completion = COMPLETION.exec(body);
  if (completion) return Object.assign(figure, { role: 'completion', entity: `完成${completion[1] ?? ''}`, base: completion[1] || undefined });
  return Object.assign(figure, { role: 'stated', entity: cleanEntity(body).entity, note: 'a percentage of an unrecognised kind' });
}

/** A percentage's operands: a growth rate its change, a share or completion rate its numerator and base. */
function link(figure: Figure, inSentence: readonly Figure[], base: Figure | undefined): void {
  // Search backwards from the figure before this one.
  for (let i = inSentence.length - 2; i >= 0; i--) {
    const f = inSentence[i] as Figure;
    if (f.kind !== 'amount') continue;
    if (figure.role === 'growth') {
      if (f.role !== 'change') continue;
      figure.from = f;
      f.sign ??= figure.sign;
      return;
    }
    if (f.role !== 'stated') continue;
    if (figure.role === 'share') {
      figure.from = f;
      break;
    }
    if (figure.role === 'completion') {
      if (f.measure === 'budget') figure.over ??= f;
      else figure.from ??= f;
      if (figure.from && figure.over) return;
    }
  }
  if (figure.role === 'share' && !figure.base) figure.over = base;
}

const PREFIX = /^(?:其中[：]?|[0-9]+[、.．]|（[一二三四五六七八九十0-9]+）|[一二三四五六七八九十]+、|截至|与上年相比|本部门（单位）|本部门|本单位|我单位|我部门)+/;
const NOISE = /[\s“”"「」『』‘’]+/g;
const YEARS = /\d{4}\s*年(?:度)?(?:\d{1,2}月(?:\d{1,2}日)?)?/g;
const BUDGET = /(?:年初|全年|调整后?)预算(?:数)?$|(?<!一般公共|政府性基金|国有资本经营|公共)预算数?$/;

const LEADING = /^(?:共有|共计|共|合计为)/;
const TRAILING = /(?:为|共计|共|达|是|约)$/; // not 计: 合计, 总计 end with it
const FINAL = /决算数?/g;

/** A subject as printed → a comparable key, and whether it names a budget or an actual (决算). */
export function cleanEntity(lead: string): { entity: string; measure: Measure | undefined } {
  // Each pattern runs only where it can apply: this is called for every figure of the text.
  let s = lead.replace(NOISE, '');
  if (DIGIT.test(s)) s = s.replace(YEARS, '');
  s = s.replace(PREFIX, '').replace(LEADING, '').replace(TRAILING, '');
  let measure: Measure | undefined;
  if (s.includes('预算') && BUDGET.test(s)) {
    measure = 'budget';
    s = s.replace(BUDGET, '');
  }
  if (s.includes('决算')) {
    measure ??= 'final';
    s = s.replace(FINAL, '');
  }
  return { entity: s, measure };
}
