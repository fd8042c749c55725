// What every rule works with: the filing's tables indexed by id (never by position), cells as operands
// with their locations, and a recorder that grades comparisons into findings and counts.
import { scaleOf } from '../decimal.ts';
import { Exact } from '../exact.ts';
import { isAmount } from '../model/cell.ts';
import type { Filing } from '../model/filing.ts';
import type { Row } from '../model/table.ts';
import { templateById, type Template } from '../templates/index.ts';
import type { TableId } from '../templates/types.ts';
import type { Bilingual, Finding, Location, Severity, TableLocation } from './finding.ts';
import { gradeAmount, gradeRatio, percentOf } from './grade.ts';
import { describe, fill, layoutOf, type Meaning, type Params, type Place } from './meaning.ts';
import { CellOperand, type Operand } from './operand.ts';
import type { SectionIndex, TableRef } from './table-ref.ts';

const ZERO = Exact.ZERO;

/** A rule's id as the engine records it (findings.json and the portal key on it); rules.ts lists them. */
export type RuleId = string;

export type { SectionIndex, TableRef } from './table-ref.ts';

/** A meaning as the filing's table prints it: the table, and the place of each presentation. */
export interface Laid {
  readonly ref: TableRef;
  readonly places: readonly Place[];
}

/** The figures of some meanings, by meaning and parameters; `presentation` picks one of several printed places. */
export type Figures = (meaning: Meaning, params?: Params, presentation?: number) => Operand;

/** Why a table-bound rule cannot run: the template lacks the table, the filing lacks it, or it carries no data. */
export type Absence = { kind: 'template' | 'missing' | 'empty'; reason: Bilingual; location: TableLocation };

/** The only rounding two figures can differ by (0 for the same printed figure), and why. */
export interface Within {
  readonly tolerance: Exact;
  readonly note: Bilingual;
}

interface Tally {
  checked: number;
  passed: number;
}

export { relabel, sumOf, type Operand } from './operand.ts';

export class Context {
  readonly filing: Filing;
  readonly template: Template | undefined;
  readonly findings: Finding[] = [];
  private readonly tallies = new Map<string, Tally>();
  private readonly tables = new Map<string, TableRef>();
  private readonly memos = new Map<string, unknown>();
  private readonly decimals = new Map<string, Exact>();

  private readonly skipped = new Set<string>();

  /** `template` checks a filing against a template that is not registered (a region's layout under study). */
  constructor(filing: Filing, template?: Template) {
    this.filing = filing;
    this.template = template ?? templateById(filing.template);
    for (const table of filing.tables) {
      const def = this.template?.tables.find((t) => t.id === table.id);
      if (!def || this.tables.has(table.id)) continue;
      const sections = new Map<string, SectionIndex>();
      let hasData = false;
      for (const section of table.sections) {
        const rows = new Map<string, Row>();
        for (const row of section.rows) {
          if (row.key !== undefined) rows.set(row.key, row);
          if (row.code !== undefined && !rows.has(row.code)) rows.set(row.code, row);
          // A canonical decimal is non-zero exactly when it has a non-zero digit.
          if (!hasData) hasData = Object.values(row.values).some((c) => isAmount(c) && /[1-9]/.test(c));
        }
        // A fixed row (class_201) that the filing carries by its code only is found by its key too.
        for (const fixed of def.sections.find((d) => d.id === section.id)?.rows ?? []) {
          if (fixed.code !== undefined && !rows.has(fixed.key)) {
            const byCode = rows.get(fixed.code);
            if (byCode) rows.set(fixed.key, byCode);
          }
        }
        sections.set(section.id, { section, rows });
      }
      this.tables.set(table.id, { id: def.id, table, def, sections, hasData });
    }
  }

  /** A printed amount as a decimal; the same figure recurs across tables, so each is parsed once. */
  decimal(printed: string): Exact {
    let d = this.decimals.get(printed);
    if (!d) this.decimals.set(printed, (d = Exact.parse(printed)));
    return d;
  }

  /** Work shared by several rules within one run (the text fields, say); never kept across filings. */
  memo<T>(key: string, compute: () => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute());
    return this.memos.get(key) as T;
  }

  // ── tables ────────────────────────────────────────────────────────────────

  table(id: string): TableRef | undefined {
    return this.tables.get(id);
  }

  /** The table if a rule can use it, or why not. `allowEmpty` for rules that read a no-data table as zeros. */
  use(id: TableId, allowEmpty = false): TableRef | Absence {
    const ref = this.tables.get(id);
    if (ref && (ref.hasData || allowEmpty)) return ref;
    const def = this.template?.tables.find((t) => t.id === id);
    const location: TableLocation = def?.number ? { table: id, number: def.number } : { table: id };
    if (!def) {
      return {
        kind: 'template',
        location,
        reason: { zh: `模板 ${this.filing.template} 不含此表（${id}）`, en: `template ${this.filing.template} has no table ${id}` },
      };
    }
    const name = `${def.number ?? ''}${def.title}`;
    if (!ref) return { kind: 'missing', location, reason: { zh: `报告缺少${name}`, en: `the filing does not carry ${name}` } };
    return { kind: 'empty', location, reason: { zh: `${name}无数据${ref.table.statement ? `（${ref.table.statement}）` : ''}`, en: `${name} carries no data` } };
  }

  // ── meanings ──────────────────────────────────────────────────────────────

  /** Where the template prints a meaning, in the filing's table; or why it cannot be used (the template lays it out in no table, or the table is missing or empty). */
  meaning(meaning: Meaning, allowEmpty = false): Laid | Absence {
    const layout = this.template && layoutOf(this.template, meaning);
    if (!layout) {
      const { zh, en, home } = describe(meaning);
      const def = this.template?.tables.find((t) => t.id === home);
      return {
        kind: 'template',
        location: def?.number ? { table: home, number: def.number } : { table: home },
        reason: { zh: `模板 ${this.filing.template} 未列示${zh}`, en: `template ${this.filing.template} does not lay out ${en}` },
      };
    }
    const ref = this.use(layout.table, allowEmpty);
    return isAbsence(ref) ? ref : { ref, places: layout.places };
  }

  /** A meaning's figure: the cell its place names with the parameters filled in (a missing row reads as blank). */
  figure(laid: Laid, params: Params = {}, presentation = 0): Operand {
    const place = laid.places[Math.min(presentation, laid.places.length - 1)]!;
    const row = fill(place.row, params);
    let section = place.section;
    if (typeof section !== 'string') section = section.find((s) => laid.ref.sections.get(s)?.rows.has(row)) ?? section[0]!;
    return this.cell(laid.ref, section, row, fill(place.column, params));
  }

  /**
   * The meanings an identity relates, or undefined (the rule skipped, with the reason) where the template lacks one
   * or the table that prints it is missing or empty. `presentations` is the most places any of them is printed in.
   */
  figures(rule: RuleId, meanings: readonly Meaning[], allowEmpty = false): (Figures & { presentations: number }) | undefined {
    const laid = new Map<Meaning, Laid>();
    let presentations = 1;
    for (const m of meanings) {
      const found = this.meaning(m, allowEmpty);
      if (isAbsence(found)) {
        this.skipFor(rule, found);
        return undefined;
      }
      laid.set(m, found);
      if (found.places.length > presentations) presentations = found.places.length;
    }
    const get = (m: Meaning, params?: Params, presentation?: number): Operand => {
      const l = laid.get(m);
      if (!l) throw new Error(`${rule}: meaning ${m} was not asked for`);
      return this.figure(l, params, presentation);
    };
    return Object.assign(get, { presentations });
  }

  /** Run `check` on a table, or record why the rule is skipped for it. */
  withTable(rule: RuleId, id: TableId, check: (ref: TableRef) => void): void {
    const ref = this.use(id);
    if (isAbsence(ref)) this.skipFor(rule, ref);
    else check(ref);
  }

  tableName(ref: TableRef): string {
    return `${ref.table.number ?? ref.def.number ?? ''}${ref.def.title}`;
  }

  /** A cell as an operand; a missing row or column reads as blank (0), located where it would be. */
  cell(ref: TableRef, sectionId: string, rowId: string, column: string): Operand {
    const index = ref.sections.get(sectionId);
    const row = index?.rows.get(rowId);
    const raw = row?.values[column];
    return new CellOperand(this, ref, sectionId, row, rowId, column, raw);
  }

  locate(ref: TableRef, sectionId: string, row: Row | undefined, rowId: string, column?: string): TableLocation {
    const sdef = ref.def.sections.find((s) => s.id === sectionId);
    const fixed = sdef?.rows.find((r) => r.key === rowId);
    const line = row?.line ?? fixed?.line;
    const col = column === undefined ? undefined : ref.sections.get(sectionId)?.section.columns.find((c) => c.key === column) ?? sdef?.columns.find((c) => c.key === column);
    const number = ref.table.number ?? ref.def.number;
    return {
      table: ref.id,
      ...(number ? { number } : {}),
      section: sectionId,
      row: row?.key ?? row?.code ?? rowId, // a fixed row by its key (class_201), a coded row by its code
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
      ...(col?.lanci !== undefined ? { lanci: col.lanci } : {}),
    };
  }

  // ── recording ─────────────────────────────────────────────────────────────

  private tally(rule: RuleId): Tally {
    let t = this.tallies.get(rule);
    if (!t) this.tallies.set(rule, (t = { checked: 0, passed: 0 }));
    return t;
  }

  counts(rule: string): Tally {
    return this.tallies.get(rule) ?? { checked: 0, passed: 0 };
  }

  pass(rule: RuleId): void {
    const t = this.tally(rule);
    t.checked++;
    t.passed++;
  }

  /** A finding for a comparison that was evaluated (not a skip). */
  fail(rule: RuleId, severity: Exclude<Severity, 'skipped'>, finding: Omit<Finding, 'rule' | 'severity'>): void {
    this.tally(rule).checked++;
    this.findings.push({ rule, severity, ...finding });
  }

  skip(rule: RuleId, locations: readonly Location[], reason: Bilingual): void {
    this.tally(rule);
    this.findings.push({ rule, severity: 'skipped', locations: [...locations], message: reason });
  }

  /** Skip for an absence, once a rule and reason (several identities may lack the same table). */
  skipFor(rule: RuleId, absence: Absence): void {
    const key = `${rule}|${absence.reason.en}`;
    if (this.skipped.has(key)) return;
    this.skipped.add(key);
    this.skip(rule, [absence.location], { zh: `未检查：${absence.reason.zh}`, en: `not checked: ${absence.reason.en}` });
  }

  /**
   * Grade `actual` against `expected` as amounts. `relation` 'le' holds when actual ≤ expected (an inequality:
   * only the excess is graded). Identities where nothing is printed on either side are not evaluated.
   */
  compare(
    rule: RuleId,
    actual: Operand,
    expected: Operand,
    options: { relation?: 'eq' | 'le'; addends?: number; note?: Bilingual; cap?: Exclude<Severity, 'skipped'>; within?: Within } = {},
  ): void {
    if (actual.printed === 0 && expected.printed === 0) return;
    const relation = options.relation ?? 'eq';
    const difference = actual.value.minus(expected.value);
    const sign = difference.sign();
    if (sign === 0 || (relation === 'le' && sign < 0)) return this.pass(rule);
    const addends = options.addends ?? Math.max(1, expected.printed);
    // `within`: the one rounding that can lie between the two sides is known; past it is an error, not a note.
    const w = options.within;
    const { grade, tolerance } = w ? { grade: difference.abs().lte(w.tolerance) ? ('pass' as const) : ('error' as const), tolerance: w.tolerance } : gradeAmount(difference, addends);
    if (grade === 'pass') return this.pass(rule);
    const severity = options.cap && grade === 'error' ? options.cap : grade;
    const note = w?.note ?? options.note;
    const op = relation === 'le' ? '>' : '≠';
    const relEn = relation === 'le' ? 'exceeds' : 'differs from';
    const scale = Math.max(actual.scale ?? 0, expected.scale ?? 0);
    const d = signed(difference, scale);
    const [a, e] = [actual.label, expected.label]; // getters that build the text: once each
    this.fail(rule, severity, {
      locations: [...actual.locations, ...expected.locations],
      expected: expected.value.toFixed(scale),
      actual: actual.value.toFixed(scale),
      difference: difference.toFixed(scale),
      tolerance: tolerance.toFixed(),
      message: {
        zh: `${a.zh} ${fmt(actual, 'zh', scale)} ${op} ${e.zh} ${fmt(expected, 'zh', scale)}，相差 ${d}${gradeNoteZh(severity)}${note ? `；${note.zh}` : ''}`,
        en: `${a.en} ${fmt(actual, 'en', scale)} ${relEn} ${e.en} ${fmt(expected, 'en', scale)} by ${d}${gradeNoteEn(severity)}${note ? `; ${note.en}` : ''}`,
      },
    });
  }

  /** Grade a printed percentage against part ÷ whole × 100 (whole ≠ 0), recomputed from the printed figures. */
  comparePercent(rule: RuleId, printed: string, part: Exact, whole: Exact, describe: () => { locations: readonly Location[]; label: Bilingual }): void {
    const { grade, tolerance } = gradeRatio(printed, part, whole);
    if (grade === 'pass') return this.pass(rule);
    const { locations, label } = describe(); // built only for a finding
    const recomputed = percentOf(part, whole);
    const scale = scaleOf(printed);
    const shown = recomputed.toFixed(scale);
    const precise = recomputed.toFixed(scale + 2);
    this.fail(rule, 'error', {
      locations: [...locations],
      expected: shown,
      actual: Exact.parse(printed).toFixed(scale),
      difference: Exact.parse(printed).minus(Exact.parse(shown)).toFixed(scale),
      tolerance: tolerance.toFixed(),
      message: {
        zh: `${label.zh}：所述 ${printed}%，按所列数字重算为 ${precise}%（约 ${shown}%），相差超过末位半个单位（${tolerance.toFixed()}）`,
        en: `${label.en}: stated ${printed}%, recomputed from the printed figures as ${precise}% (${shown}%), more than half a unit of the last digit (${tolerance.toFixed()}) apart`,
      },
    });
  }
}

export function isAbsence<T extends object>(x: T | Absence): x is Absence {
  return 'kind' in x && 'reason' in x;
}

function fmt(o: Operand, lang: 'zh' | 'en', scale: number): string {
  if (o.printed === 0 && o.value.eq(ZERO)) return lang === 'zh' ? '（空白）' : '(blank)';
  return o.value.toFixed(scale);
}

function signed(b: Exact, scale: number): string {
  return b.sign() > 0 ? `+${b.toFixed(scale)}` : b.toFixed(scale);
}

function gradeNoteZh(s: Severity): string {
  return s === 'info' ? '（不超过0.01，属单位换算尾数误差）' : s === 'warning' ? '（在各加数舍入误差之和以内）' : '';
}

function gradeNoteEn(s: Severity): string {
  return s === 'info' ? ' (within 0.01: a unit-conversion rounding artefact)' : s === 'warning' ? " (within the addends' combined rounding)" : '';
}
