// Findings located in the department's own PDF: each cell and each sentence a finding names gets the page it
// was printed on, from the provenance the import recorded (cells by table, section, row and column; text by
// its JSON Pointer; a table as a whole by its first page).
import type { Provenance } from '../model/provenance.ts';
import type { Finding, Location } from './finding.ts';

export function withPages(findings: readonly Finding[], provenance: Provenance): Finding[] {
  const cells = new Map<string, number>();
  const rows = new Map<string, number>();
  for (const c of provenance.cells) {
    cells.set(`${c.table}|${c.section}|${c.row}|${c.column}`, c.page);
    const row = `${c.table}|${c.section}|${c.row}`;
    if (!rows.has(row)) rows.set(row, c.page);
  }
  const text = provenance.text ?? {};
  const pageOf = (l: Location): number | undefined => {
    if ('path' in l) {
      // A sentence's paragraph, or the nearest enclosing field the provenance knows.
      for (let p = l.path; p; p = p.slice(0, p.lastIndexOf('/'))) if (text[p] !== undefined) return text[p];
      return undefined;
    }
    if (l.section && l.row) {
      const cell = l.column ? cells.get(`${l.table}|${l.section}|${l.row}|${l.column}`) : undefined;
      return cell ?? rows.get(`${l.table}|${l.section}|${l.row}`) ?? provenance.tables[l.table]?.pages[0];
    }
    return provenance.tables[l.table]?.pages[0];
  };
  return findings.map((f) => ({
    ...f,
    locations: f.locations.map((l) => {
      const page = pageOf(l);
      return page === undefined ? l : { ...l, page };
    }),
  }));
}
