// POST /v1/submissions?dryRun=1 (200): the accounting checks of a signed filing; nothing stored.
import * as v from 'valibot';
import { FindingSchema, RuleResultSchema, SummarySchema } from '../checks/finding.ts';
import { DepartmentIdSchema, YearSchema } from './fields.ts';

export const DryRunSchema = v.strictObject({
  dryRun: v.literal(true),
  departmentId: DepartmentIdSchema,
  year: YearSchema,
  summary: SummarySchema,
  findings: v.array(FindingSchema),
  rules: v.array(RuleResultSchema),
});

export type DryRun = v.InferOutput<typeof DryRunSchema>;
