// What a department gets back for a published version (POST /v1/submissions, 201), also replayed to an
// idempotent retry. Its links are full URLs, so that the command line can print them as they are.
import * as v from 'valibot';
import { SummarySchema, type Summary } from '../checks/finding.ts';
import { FINDINGS_PATH, MANIFEST_PATH } from './files.ts';
import { AbsoluteUrlSchema, DepartmentIdSchema, IsoTimeSchema, Sha256Schema, VersionNumberSchema, YearSchema } from './fields.ts';
import { absolute, datasetPath, filePath, versionPath } from './urls.ts';

export const ReceiptSchema = v.strictObject({
  /** published: version 1; corrected: a later version. */
  status: v.picklist(['published', 'corrected']),
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  version: VersionNumberSchema,
  publishedAt: IsoTimeSchema,
  /** The sha256 of manifest.json, as the change feed announces it. */
  manifestSha256: Sha256Schema,
  findings: SummarySchema,
  links: v.strictObject({ self: AbsoluteUrlSchema, dataset: AbsoluteUrlSchema, manifest: AbsoluteUrlSchema, findings: AbsoluteUrlSchema }),
});

export type Receipt = v.InferOutput<typeof ReceiptSchema>;

export function receiptDocument(origin: string, departmentId: string, year: number, version: number, publishedAt: string, manifestSha256: string, findings: Summary): Receipt {
  return {
    status: version === 1 ? 'published' : 'corrected',
    departmentId,
    year,
    version,
    publishedAt,
    manifestSha256,
    findings,
    links: {
      self: absolute(origin, versionPath(departmentId, year, version)),
      dataset: absolute(origin, datasetPath(departmentId, year)),
      manifest: absolute(origin, filePath(departmentId, year, version, MANIFEST_PATH)),
      findings: absolute(origin, filePath(departmentId, year, version, FINDINGS_PATH)),
    },
  };
}
