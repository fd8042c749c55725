// Does a structurally valid filing follow its template? Unknown tables, missing tables, unknown
// columns or rows, codes of the wrong classification, negative or fractional figures where the
// template forbids them. Accounting identities are not checked here: they are findings, not refusals.
import { CODE_LENGTHS } from './code.ts';
import { isAmount } from './cell.ts';
import type { Filing } from './filing.ts';
import { pointer, type InputIssue } from './issue.ts';
import { TEMPLATES, templateById, type SectionDef } from '../templates/index.ts';

export function conformanceIssues(filing: Filing): InputIssue[] {
  const issues: InputIssue[] = [];
  const template = templateById(filing.template);
  if (!template) {
    return [{ path: '/template', message: `unknown template "${filing.template}"; known: ${TEMPLATES.map((t) => t.id).join(', ')}` }];
  }
  const seen = new Set<string>();
  filing.tables.forEach((table, ti) => {
    const at = (...rest: (string | number)[]) => pointer(['tables', ti, ...rest]);
    const def = template.tables.find((t) => t.id === table.id);
    if (!def) {
      issues.push({ path: at('id'), message: `unknown table "${table.id}": template ${template.id} has ${template.tables.map((t) => t.id).join(', ')}` });
      return;
    }
    if (seen.has(table.id)) issues.push({ path: at('id'), message: `table "${table.id}" appears twice` });
    seen.add(table.id);
    const sectionIds = new Set<string>();
    table.sections.forEach((section, si) => {
      const sdef = def.sections.find((s) => s.id === section.id);
      if (!sdef) {
        issues.push({ path: at('sections', si, 'id'), message: `table ${def.number ?? def.id} has no section "${section.id}"; it has ${def.sections.map((s) => s.id).join(', ')}` });
        return;
      }
      if (sectionIds.has(section.id)) issues.push({ path: at('sections', si, 'id'), message: `section "${section.id}" appears twice` });
      sectionIds.add(section.id);
      issues.push(...sectionIssues(section, sdef, (...rest) => at('sections', si, ...rest)));
    });
    for (const sdef of def.sections) {
      if (!sectionIds.has(sdef.id)) issues.push({ path: at('sections'), message: `table ${def.number ?? def.id} lacks its section "${sdef.id}"` });
    }
  });
  for (const def of template.tables) {
    if (!seen.has(def.id)) {
      issues.push({
        path: '/tables',
        message: `template ${template.id} requires table "${def.id}" (${def.number ?? ''} ${def.title}); the filing does not carry it (an empty table is carried with its statement 说明：本表无数据)`,
      });
    }
  }
  return issues;
}

type At = (...rest: (string | number)[]) => string;

function sectionIssues(section: Filing['tables'][number]['sections'][number], def: SectionDef, at: At): InputIssue[] {
  const issues: InputIssue[] = [];
  const columns = new Map(def.columns.map((c) => [c.key, c]));
  const declared = new Set<string>();
  section.columns.forEach((c, ci) => {
    if (!columns.has(c.key)) issues.push({ path: at('columns', ci, 'key'), message: `unknown column "${c.key}"; this section has ${[...columns.keys()].join(', ')}` });
    if (declared.has(c.key)) issues.push({ path: at('columns', ci, 'key'), message: `column "${c.key}" appears twice` });
    declared.add(c.key);
  });
  const fixedRows = new Map(def.rows.map((r) => [r.key, r]));
  const identities = new Set<string>();
  section.rows.forEach((row, ri) => {
    const fixed = row.key === undefined ? undefined : fixedRows.get(row.key);
    if (row.key !== undefined && !fixed) {
      issues.push({ path: at('rows', ri, 'key'), message: `unknown row "${row.key}"; this section's fixed rows are ${[...fixedRows.keys()].join(', ') || 'none'}` });
    }
    if (row.code !== undefined) {
      if (def.classification) {
        if (!CODE_LENGTHS[def.classification].includes(row.code.length)) {
          const lengths = CODE_LENGTHS[def.classification].join('/');
          issues.push({ path: at('rows', ri, 'code'), message: `a ${def.classification} code here has ${lengths} digits; got "${row.code}"` });
        }
      } else if (!fixed?.code) {
        issues.push({ path: at('rows', ri, 'code'), message: 'this section has no classification codes' });
      } else if (fixed.code !== row.code) {
        issues.push({ path: at('rows', ri, 'code'), message: `row "${fixed.key}" stands for code ${fixed.code}; got "${row.code}"` });
      }
    }
    if (row.key === undefined && row.code === undefined) {
      issues.push({ path: at('rows', ri), message: 'a row needs a code (科目代码) or a key naming a fixed row of the template' });
    }
    const identity = row.key ?? `code:${row.code}`;
    if (identities.has(identity)) issues.push({ path: at('rows', ri), message: `row ${row.key ?? row.code} appears twice` });
    identities.add(identity);
    for (const [key, cell] of Object.entries(row.values)) {
      const column = columns.get(key);
      if (!column || !declared.has(key)) {
        issues.push({ path: at('rows', ri, 'values', key), message: `value for column "${key}", which this section does not declare` });
        continue;
      }
      if (!isAmount(cell)) continue;
      if (cell.startsWith('-') && !column.signed && !fixed?.signed) {
        issues.push({ path: at('rows', ri, 'values', key), message: `negative figure ${cell} where the template allows none` });
      }
      if (fixed?.measure === 'count' && cell.includes('.') && !/\.0+$/.test(cell)) {
        issues.push({ path: at('rows', ri, 'values', key), message: `a count (${fixed.unit ?? 'items'}) is a whole number; got ${cell}` });
      }
    }
  });
  return issues;
}
