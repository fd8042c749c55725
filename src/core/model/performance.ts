import * as v from 'valibot';
import { AmountSchema, CellSchema } from './cell.ts';
import { NameSchema } from './key.ts';
import { TextSectionSchema } from './narrative.ts';

export const GRADES = ['优', '良', '中', '差'] as const;

export const ProjectSchema = v.strictObject({
  /** The project's number or code as printed. */
  code: NameSchema,
  name: NameSchema,
  /** 预算指标 */
  budget: CellSchema,
  /** 支付金额 */
  paid: CellSchema,
  /** 得分 */
  score: v.optional(v.nullable(AmountSchema)),
  /** 自评结果 */
  grade: v.optional(v.nullable(v.picklist(GRADES, 'a grade (自评结果) is one of 优, 良, 中, 差'))),
});

/** 项目支出绩效自评 attachment: its tables and its text. */
export const PerformanceSchema = v.strictObject({
  title: NameSchema,
  /** The printed 总计 line of the projects table. */
  totals: v.strictObject({ budget: CellSchema, paid: CellSchema }),
  projects: v.pipe(v.array(ProjectSchema), v.maxLength(2000)),
  sections: v.array(TextSectionSchema),
});

export type Project = v.InferOutput<typeof ProjectSchema>;
export type Performance = v.InferOutput<typeof PerformanceSchema>;
