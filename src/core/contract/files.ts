// The names of a version's files, relative to the version: the API, storage, the portal and a mirror
// all use them. Pure constants: nothing here pulls in a schema library.
import type { Classification } from '../model/code.ts';

export const FILING_PATH = 'filing.json';
export const FINDINGS_PATH = 'findings.json';
export const DATA_PACKAGE_PATH = 'datapackage.json';
export const CSVW_PATH = 'csv-metadata.json';
/** The version's files with their sizes and sha256, and the department's signature. */
export const MANIFEST_PATH = 'manifest.json';
/** The request body as the department signed it. */
export const SUBMISSION_PATH = 'submission.json';
/** Where each imported figure was printed (page, position), when the submission carried it. */
export const PROVENANCE_PATH = 'provenance.json';
/** The department's report PDF, when the submission carried it. */
export const ORIGINAL_PATH = 'source/report.pdf';

export const tableCsvPath = (tableId: string): string => `tables/${tableId}.csv`;
export const tableJsonPath = (tableId: string): string => `tables/${tableId}.json`;
export const codeListPath = (c: Classification): string => `codelists/${c}.csv`;
