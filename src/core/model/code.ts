import * as v from 'valibot';

/**
 * A classification code (科目代码). Functional codes are 类/款/项 = 3/5/7 digits, economic 类/款 = 3/5.
 * Codes printed split into columns ("201 03 01") or with full-width digits are joined here.
 */
export const CodeSchema = v.pipe(
  v.string('a code (科目代码) is a string of digits such as "2010301"'),
  v.transform((s) => s.replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/[\s\u3000|/]+/g, '')),
  v.regex(/^\d{3}(\d{2}){0,2}$/, (i) => `a code (科目代码) has 3, 5 or 7 digits (类/款/项); got ${JSON.stringify(i.input)}`),
);

export type Code = v.InferOutput<typeof CodeSchema>;

export type Classification = 'functional' | 'economic';

/** 类 = 1, 款 = 2, 项 = 3. */
export function levelOf(code: string): 1 | 2 | 3 {
  return code.length === 3 ? 1 : code.length === 5 ? 2 : 3;
}

export function parentOf(code: string): string | undefined {
  return code.length > 3 ? code.slice(0, code.length - 2) : undefined;
}

export const CODE_LENGTHS: Record<Classification, readonly number[]> = {
  functional: [3, 5, 7],
  economic: [3, 5],
};
