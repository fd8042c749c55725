// A version as one zip for people: every file under its path in the version (tables/income.csv…), the
// manifest.json that lists each with its sha256 among them, so an unzipped version checks against it.
// Deterministic: the entries in manifest order, every timestamp the publication's, so the same version is
// always the same bytes. Text is deflated; the department's PDF (already compressed) is stored.
import { zipSync, type Zippable } from 'fflate';

export interface ZipFile {
  path: string;
  mediaType: string;
  body: Uint8Array;
}

/** The DOS timestamps a zip holds start in 1980; a later date is kept as given (UTC). */
export function versionZip(files: readonly ZipFile[], modified: Date): Uint8Array<ArrayBuffer> {
  const mtime = Math.max(modified.getTime(), Date.UTC(1980, 0, 2));
  const entries: Zippable = {};
  for (const f of files) {
    if (f.path in entries) throw new Error(`zip: ${f.path} twice`);
    entries[f.path] = [f.body, { level: f.mediaType === 'application/pdf' ? 0 : 6, mtime }];
  }
  return zipSync(entries) as Uint8Array<ArrayBuffer>;
}
