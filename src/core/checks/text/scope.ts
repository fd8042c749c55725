// Which part of the report a paragraph speaks about, from the headings above it. The same words mean
// different figures in different sections: 支出总计 is 01表's in 一、 and 04表's in 四、财政拨款收支….
import type { Part } from './walk.ts';

export type Scope =
  | 'summary' | 'income' | 'expenditure' | 'fiscal' | 'general' | 'basic' | 'government-fund' | 'state-capital'
  | 'three-public' | 'running' | 'procurement' | 'assets' | 'performance' | 'other';

// Most specific first: 九、财政拨款“三公”经费支出决算 is about 三公, not about 财政拨款 at large.
const SCOPES: readonly [RegExp, Scope][] = [
  [/三公/, 'three-public'],
  [/机关运行经费/, 'running'],
  [/政府采购/, 'procurement'],
  [/国有资产/, 'assets'],
  [/绩效/, 'performance'],
  [/政府性基金/, 'government-fund'],
  [/国有资本经营/, 'state-capital'],
  [/基本支出/, 'basic'],
  [/一般公共预算财政拨款支出/, 'general'],
  [/财政拨款收支|财政拨款收入支出/, 'fiscal'],
  [/收入支出决算总体|收支决算总体/, 'summary'],
  [/收入决算/, 'income'],
  [/支出决算/, 'expenditure'],
];

export function scopeOf(part: Part, headings: readonly string[]): Scope {
  if (part === 'performance') return 'performance';
  // The innermost heading that names a scope decides; an outer one (十、其他重要事项) is the fallback.
  for (let i = headings.length - 1; i >= 0; i--) {
    const heading = headings[i] as string;
    for (const [pattern, scope] of SCOPES) if (pattern.test(heading)) return scope;
  }
  return 'other';
}
