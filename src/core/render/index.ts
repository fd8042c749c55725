// Pure renderers of a published version (issue 4): no I/O, runs in workerd, Node and the browser.
export type { RenderedFile, VersionContext } from './types.ts';
export { renderVersionFiles, renderVersionContent, renderVersionMetadata, canonicalFiling, MEDIA_TYPES } from './version.ts';
export { renderTableCsv, layoutCsv, fieldsCsv } from './table-csv.ts';
export { renderTableJson, tableJson, TableJsonSchema, TableCellSchema, TABLE_JSON_FORMAT, type TableJson } from './table-json.ts';
export { dataPackageBody, dataPackageHead, datasetFacts, digests, semver, datasetName, LAYOUT_MAJOR, DATA_LICENSES, DATA_PACKAGE_PROFILE, type Digest } from './datapackage.ts';
export { DataPackageSchema, type DataPackage } from './datapackage-schema.ts';
export { csvwBody, csvwHead } from './csvw.ts';
export { renderCodeListCsv, codeList, CLASSIFICATIONS, type CodeEntry } from './codelists.ts';
export { jsonSchemas, type JsonSchemaName } from './json-schemas.ts';
export { withBom, neutraliseText, csvField, UTF8_BOM, CSV_LINE_BREAK } from './csv.ts';
export { tableLayout, ROW_FIELDS, type TableLayout, type FlatRow, type ValueColumn } from './layout.ts';
export { tableFields, MISSING_VALUES, type FieldSpec } from './fields.ts';
export * from '../contract/files.ts';
export { withZhHeader, zhHeaders, printedTitle } from './table-zh.ts';
export { renderTableShape, flatRecords, flatColumns, TABLE_SHAPES, isTableShape, type TableShape } from './table-shapes.ts';
