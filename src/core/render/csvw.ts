// csv-metadata.json: the W3C CSV on the Web (2015) description of the same CSV files the Data
// Package describes, drawn from the same field list. URLs are relative to this file.
//
// Each column's `titles` holds its Chinese title (zh) and its machine name (und): the CSV header
// carries machine names, and CSVW validators require a metadata title to match the header's.
import type { Classification } from '../model/code.ts';
import { CLASSIFICATIONS, codeListFields } from './codelists.ts';
import { CSV_LINE_BREAK } from './csv.ts';
import { tableTitle, type DatasetFacts } from './datapackage.ts';
import { CLASSIFICATION_TITLES, MISSING_VALUES, tableFields, type FieldSpec } from './fields.ts';
import type { TableLayout } from './layout.ts';
import { codeListPath, tableCsvPath } from '../contract/files.ts';
import type { VersionContext } from './types.ts';

const XSD: Readonly<Record<FieldSpec['type'], string>> = { string: 'string', integer: 'integer', number: 'decimal' };

export interface CsvwColumn {
  name: string;
  titles: { zh: string; und: string };
  'dc:description': string;
  datatype: string | { base: string; format?: string; minimum?: number; maximum?: number };
  required: boolean;
}

export interface CsvwTable {
  url: string;
  'dc:title': string;
  tableSchema: {
    columns: CsvwColumn[];
    primaryKey: string;
    aboutUrl: string;
    foreignKeys?: { columnReference: string; reference: { resource: string; columnReference: string } }[];
  };
  null: string[];
}

export function csvwColumn<R>(f: FieldSpec<R>): CsvwColumn {
  const base = XSD[f.type];
  const facets = {
    ...(f.pattern !== undefined ? { format: f.pattern } : {}),
    ...(f.minimum !== undefined ? { minimum: f.minimum } : {}),
    ...(f.maximum !== undefined ? { maximum: f.maximum } : {}),
  };
  return {
    name: f.name,
    titles: { zh: f.title, und: f.name },
    'dc:description': f.description,
    datatype: Object.keys(facets).length ? { base, ...facets } : base,
    required: f.required,
  };
}

function codeListTable(c: Classification): CsvwTable {
  return {
    url: codeListPath(c),
    'dc:title': `${CLASSIFICATION_TITLES[c]}（本数据集所用）`,
    tableSchema: { columns: codeListFields(c).map(csvwColumn), primaryKey: 'code', aboutUrl: '{#code}' },
    null: [''],
  };
}

/** The members that name the version: rendered at the commit. */
export function csvwHead(facts: DatasetFacts, context: VersionContext) {
  return {
    '@context': ['http://www.w3.org/ns/csvw', { '@language': 'zh' }],
    'dc:title': facts.title,
    'dc:publisher': facts.departmentName,
    'dc:created': { '@value': context.publishedAt, '@type': 'xsd:dateTime' },
    'dc:identifier': `${context.departmentId}/${context.year}/versions/${context.version}`,
  };
}

/** The members that do not: the dialect and every table's schema. */
export function csvwBody(layouts: readonly TableLayout[]) {
  const tables: CsvwTable[] = layouts.map((layout) => {
    const { table, classification: c } = layout;
    return {
      url: tableCsvPath(table.id),
      'dc:title': tableTitle(layout),
      tableSchema: {
        columns: tableFields(layout).map(csvwColumn),
        primaryKey: 'id',
        aboutUrl: '{#id}',
        ...(c ? { foreignKeys: [{ columnReference: 'code', reference: { resource: codeListPath(c), columnReference: 'code' } }] } : {}),
      },
      null: [...MISSING_VALUES],
    };
  });
  return {
    dialect: {
      encoding: 'utf-8',
      lineTerminators: [CSV_LINE_BREAK, '\n'],
      quoteChar: '"',
      doubleQuote: true,
      delimiter: ',',
      header: true,
      headerRowCount: 1,
      skipInitialSpace: false,
      trim: false,
    },
    tables: [...tables, ...CLASSIFICATIONS.map(codeListTable)],
  };
}
