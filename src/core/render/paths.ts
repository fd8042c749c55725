// The names of a version's files live in core/contract/files.ts; this module stays for the modules that
// still import them from here (the version renderer, storage).
export { CSVW_PATH, DATA_PACKAGE_PATH, FILING_PATH, FINDINGS_PATH, ORIGINAL_PATH, PROVENANCE_PATH, codeListPath, tableCsvPath, tableJsonPath } from '../contract/files.ts';
