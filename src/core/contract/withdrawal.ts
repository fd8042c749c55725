// POST /v1/admin/datasets/{d}/{y}/versions/{n}/withdraw (200): the version withdrawn, and the change
// feed's sequence number of its tombstone.
import * as v from 'valibot';
import { DepartmentIdSchema, VersionNumberSchema, YearSchema } from './fields.ts';

export const WithdrawalSchema = v.strictObject({
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  version: VersionNumberSchema,
  status: v.literal('withdrawn'),
  reason: v.string(),
  seq: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

export type Withdrawal = v.InferOutput<typeof WithdrawalSchema>;
