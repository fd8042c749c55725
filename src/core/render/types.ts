/** One file of a published version, rendered once at publication and served from storage as is. */
export interface RenderedFile {
  /** Path under the version, e.g. "tables/income.csv"; the same path the API and a mirror serve. */
  readonly path: string;
  readonly mediaType: string;
  /** UTF-8 text. */
  readonly body: string;
}

/** What a rendering knows of the version it belongs to. Files use relative links only, so a mirror serves them unchanged. */
export interface VersionContext {
  readonly departmentId: string;
  readonly year: number;
  readonly version: number;
  /** ISO 8601 time of publication. */
  readonly publishedAt: string;
  /** The version this one corrects, if any. */
  readonly corrects?: number;
}
