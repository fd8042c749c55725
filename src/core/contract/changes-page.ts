// GET /v1/changes: a page of the change feed. Pass `next` as `since` to continue; `caughtUp` once the
// page reaches the feed's last entry.
import * as v from 'valibot';
import { ChangeSchema } from './change.ts';

const Cursor = v.pipe(v.string(), v.regex(/^\d+$/), v.description('a sequence number, as a string'));

export const ChangesPageSchema = v.strictObject({
  results: v.array(ChangeSchema),
  next: Cursor,
  last: Cursor,
  caughtUp: v.boolean(),
});

export type ChangesPage = v.InferOutput<typeof ChangesPageSchema>;
