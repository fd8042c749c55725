// The department registry the administrator keeps: who is expected to publish, from which year, in which
// region, under which parent; and each region's deadline for a year. Records as the Registry stores them,
// and the administrator's requests that make and change them.
import * as v from 'valibot';

const ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** A department id (as filings and keys name it). */
export const DepartmentIdSchema = v.pipe(v.string(), v.regex(ID, 'a department id such as 140602-xzspfwglj: a-z, 0-9 and -, at most 64'));
/** A county-level 行政区划代码 (six digits, GB/T 2260): a deadline and a department belong to one. */
export const RegionCodeSchema = v.pipe(v.string(), v.regex(/^\d{6}$/, 'a six-digit region code (行政区划代码) such as 140602'));
export const FiscalYearSchema = v.pipe(v.number(), v.integer('a whole year'), v.minValue(1990, 'a fiscal year from 1990'), v.maxValue(2100, 'a fiscal year before 2100'));

/** Printable text only: no control character and no bidirectional override or isolate (a name is shown to people). */
const printable = (max: number, what: string) => v.pipe(
  v.string(),
  v.trim(),
  v.minLength(1, `${what} is not empty`),
  v.maxLength(max, `${what} is at most ${max} characters`),
  v.check((s) => !/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(s), `${what} has a control or formatting character (bidirectional controls included); type it as printed`),
);
export const DepartmentNameSchema = printable(200, 'a name');

/** A calendar date, YYYY-MM-DD, that exists. */
export const DateSchema = v.pipe(
  v.string(),
  v.regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2024-08-31'),
  v.check((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
  }, 'a date that exists'),
);

export const DepartmentRecordSchema = v.strictObject({
  id: v.string(),
  name: v.string(),
  nameEn: v.nullable(v.string()),
  /** Other names the department is printed under (a former name, a short name). */
  aliases: v.array(v.string()),
  /** Its county-level 行政区划代码 (six digits). */
  regionCode: v.string(),
  /** The department it reports to (一级单位 of a 二级单位), by id; null for a first-level department. */
  parentId: v.nullable(v.string()),
  /** The first fiscal year it is expected to publish; null: not expected yet (the coverage ledger leaves it out). */
  firstYear: v.nullable(v.pipe(v.number(), v.integer())),
  createdAt: v.string(),
  updatedAt: v.string(),
});
export type DepartmentRecord = v.InferOutput<typeof DepartmentRecordSchema>;

const editable = {
  name: DepartmentNameSchema,
  nameEn: v.optional(v.nullable(printable(300, 'an English name')), null),
  aliases: v.optional(v.pipe(v.array(DepartmentNameSchema), v.maxLength(20, 'at most 20 other names')), []),
  regionCode: RegionCodeSchema,
  parentId: v.optional(v.nullable(DepartmentIdSchema), null),
  firstYear: v.optional(v.nullable(FiscalYearSchema), null),
};

/** POST /v1/admin/departments: a new department. */
export const NewDepartmentSchema = v.strictObject({ id: DepartmentIdSchema, ...editable });
export type NewDepartment = v.InferOutput<typeof NewDepartmentSchema>;

/** PATCH /v1/admin/departments/{id}: the fields given change, the others stay. */
export const DepartmentChangeSchema = v.pipe(
  v.strictObject({
    name: v.optional(editable.name),
    nameEn: v.optional(v.nullable(printable(300, 'an English name'))),
    aliases: v.optional(editable.aliases),
    regionCode: v.optional(RegionCodeSchema),
    parentId: v.optional(v.nullable(DepartmentIdSchema)),
    firstYear: v.optional(v.nullable(FiscalYearSchema)),
  }),
  v.check((o) => Object.keys(o).length > 0, 'name at least one field to change (name, nameEn, aliases, regionCode, parentId, firstYear)'),
);
export type DepartmentChange = v.InferOutput<typeof DepartmentChangeSchema>;

/** What data/departments.json lists: the registry's first contents (more fields there are ignored). */
export const SeedDepartmentSchema = v.object({
  id: DepartmentIdSchema,
  name: DepartmentNameSchema,
  nameEn: v.optional(v.nullable(v.string()), null),
  aliases: v.optional(v.array(DepartmentNameSchema), []),
  regionCode: RegionCodeSchema,
  parentId: v.optional(v.nullable(DepartmentIdSchema), null),
  firstYear: v.optional(v.nullable(FiscalYearSchema), null),
});
export type SeedDepartment = v.InferOutput<typeof SeedDepartmentSchema>;

/** A region's deadline for a year, as the administrator entered it: the date itself, or the approval date (批复). */
export const DeadlineRecordSchema = v.strictObject({
  regionCode: v.string(),
  year: v.pipe(v.number(), v.integer()),
  /** Entered as the deadline (YYYY-MM-DD); null when only the approval date was. */
  deadline: v.nullable(v.string()),
  /** The date the region's finance bureau approved the final accounts (批复, YYYY-MM-DD), when entered. */
  approvalDate: v.nullable(v.string()),
  note: v.nullable(v.string()),
  updatedAt: v.string(),
});
export type DeadlineRecord = v.InferOutput<typeof DeadlineRecordSchema>;

/** PUT /v1/admin/deadlines/{region}/{year}: either date, or both (the deadline then rules); both null clears it. */
export const DeadlineInputSchema = v.strictObject({
  deadline: v.optional(v.nullable(DateSchema), null),
  approvalDate: v.optional(v.nullable(DateSchema), null),
  note: v.optional(v.nullable(printable(500, 'a note')), null),
});
export type DeadlineInput = v.InferOutput<typeof DeadlineInputSchema>;
