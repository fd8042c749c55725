// POST /v1/admin/datasets/{d}/{y}/versions/{n}/withdraw (200): the version withdrawn, the change feed's
// sequence number of its tombstone, and its signed transparency-log entry.
import * as v from 'valibot';
import { LogRefSchema } from './log.ts';
import { DepartmentIdSchema, VersionNumberSchema, YearSchema } from './fields.ts';

export const WithdrawalSchema = v.strictObject({
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  version: VersionNumberSchema,
  status: v.literal('withdrawn'),
  reason: v.string(),
  seq: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  /** The withdrawal's entry in the transparency log, signed by the platform key. */
  log: v.nullable(LogRefSchema),
});

export type Withdrawal = v.InferOutput<typeof WithdrawalSchema>;
