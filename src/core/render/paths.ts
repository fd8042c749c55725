// Paths of a version's files, relative to the version: the API, storage and a mirror all use them.
import type { Classification } from '../model/code.ts';

export const FILING_PATH = 'filing.json';
export const FINDINGS_PATH = 'findings.json';
export const DATA_PACKAGE_PATH = 'datapackage.json';
export const CSVW_PATH = 'csv-metadata.json';

export const tableCsvPath = (tableId: string): string => `tables/${tableId}.csv`;
export const tableJsonPath = (tableId: string): string => `tables/${tableId}.json`;
export const codeListPath = (c: Classification): string => `codelists/${c}.csv`;
