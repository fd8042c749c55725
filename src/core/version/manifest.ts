// The manifest's schema lives with the other wire documents in core/contract; this module stays for the
// modules that still import it from here (storage and the submission path, being rewritten).
export * from '../contract/manifest.ts';
export { MANIFEST_PATH, SUBMISSION_PATH } from '../contract/files.ts';
