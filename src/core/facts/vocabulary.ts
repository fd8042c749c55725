// What a facts query may name: for each table id, the column keys and fixed-row keys some template lays
// out, and whether its rows carry codes. A query naming anything else is refused with its place before the
// index is read, rather than answered with an empty page that looks like "no such spending".
import { TEMPLATES } from '../templates/index.ts';

export interface TableVocabulary {
  columns: Set<string>;
  /** Each fixed row key and the sections it is laid out in: 01表's grand_total is both 收入总计 and 支出总计. */
  rowSections: Map<string, Set<string>>;
  sections: Set<string>;
  coded: boolean;
}

let built: Map<string, TableVocabulary> | null = null;

export function vocabulary(): Map<string, TableVocabulary> {
  if (built) return built;
  built = new Map();
  for (const template of TEMPLATES) {
    for (const t of template.tables) {
      const v = built.get(t.id) ?? { columns: new Set<string>(), rowSections: new Map<string, Set<string>>(), sections: new Set<string>(), coded: false };
      for (const s of t.sections) {
        v.sections.add(s.id);
        for (const c of s.columns) v.columns.add(c.key);
        for (const r of s.rows) v.rowSections.set(r.key, (v.rowSections.get(r.key) ?? new Set<string>()).add(s.id));
        if (s.classification) v.coded = true;
      }
      built.set(t.id, v);
    }
  }
  return built;
}

const CODE = /^\d{3}(\d{2}){0,2}$/;

/**
 * Why the table, section, row or column cannot be in the index, with the parameter it concerns; null when they
 * can. `oneFigure`: the query sums or compares one figure per filing, so a row key laid out in several sections
 * must name its section (else 收入总计 and 支出总计 would be summed together).
 */
export function vocabularyProblem(q: { table?: string; section?: string; row?: string; column?: string }, options: { oneFigure?: boolean } = {}): { parameter: string; message: string } | null {
  if (q.table === undefined) return q.section !== undefined ? { parameter: 'section', message: 'needs table' } : null;
  const v = vocabulary().get(q.table);
  if (!v) return { parameter: 'table', message: `no template has a table "${q.table}"; tables are ${[...vocabulary().keys()].join(', ')}` };
  if (q.section !== undefined && !v.sections.has(q.section)) return { parameter: 'section', message: `table ${q.table} has no section "${q.section}"; its sections are ${[...v.sections].join(', ')}` };
  if (q.column !== undefined && !v.columns.has(q.column)) return { parameter: 'column', message: `table ${q.table} has no column "${q.column}"; its columns are ${[...v.columns].join(', ')}` };
  if (q.row !== undefined && !v.rowSections.has(q.row) && !(v.coded && CODE.test(q.row))) {
    return { parameter: 'row', message: `table ${q.table} has no row "${q.row}"; a row is ${v.coded ? 'a code of 3, 5 or 7 digits (2010301) or ' : ''}one of ${[...v.rowSections.keys()].join(', ') || '(none)'}` };
  }
  const sections = q.row === undefined ? undefined : v.rowSections.get(q.row);
  if (sections && q.section !== undefined && !sections.has(q.section) && !(v.coded && CODE.test(q.row!))) {
    return { parameter: 'section', message: `row "${q.row}" of table ${q.table} is in section ${[...sections].join(' or ')}, not "${q.section}"` };
  }
  if (options.oneFigure && sections && sections.size > 1 && q.section === undefined) {
    return { parameter: 'row', message: `"${q.row}" is a row of several sections of table ${q.table} (${[...sections].join(', ')}): name one with section=` };
  }
  return null;
}
