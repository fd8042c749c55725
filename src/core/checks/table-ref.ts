// A filing's table as the rules see it: found by id, its sections' rows indexed by key and code.
import type { Row, Section, Table } from '../model/table.ts';
import type { TableId, TemplateTable } from '../templates/types.ts';

export interface SectionIndex {
  readonly section: Section;
  /** Rows by fixed-row key and by code. */
  readonly rows: ReadonlyMap<string, Row>;
}

export interface TableRef {
  readonly id: TableId;
  readonly table: Table;
  readonly def: TemplateTable;
  readonly sections: ReadonlyMap<string, SectionIndex>;
  /** Any printed figure other than zero. */
  readonly hasData: boolean;
}
