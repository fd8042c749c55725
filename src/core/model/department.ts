import * as v from 'valibot';
import { NameSchema, SlugSchema } from './key.ts';

export const DepartmentSchema = v.strictObject({
  /** Stable URL-safe ASCII id: region code and an abbreviation, e.g. "140602-xzspfwglj". */
  id: SlugSchema,
  /** The name as printed. */
  name: NameSchema,
  /** 行政区划代码 (GB/T 2260), six digits; 朔城区 is 140602. */
  regionCode: v.pipe(v.string(), v.regex(/^\d{6}$/, 'a region code (行政区划代码) has six digits')),
  /** Subordinate units named in 机构设置 (下属二级单位). */
  units: v.array(NameSchema),
});

export type Department = v.InferOutput<typeof DepartmentSchema>;
