// What a rule is: a stable id, a title, and the function that runs it on a filing's context. Each rule file
// exports its definition; `rules.ts` lists them (adding a rule is one new file and one line there).
import type { Context, RuleId } from './context.ts';
import type { Bilingual } from './finding.ts';

export type { RuleId };

export interface Rule<I extends string = string> {
  readonly id: I;
  readonly title: Bilingual;
  readonly run: (ctx: Context) => void;
  /** Runs after every other rule (text.unread needs to know which figures the others used). */
  readonly last?: boolean;
}

export function defineRule<const I extends string>(id: I, zh: string, en: string, run: (ctx: Context) => void, options: { last?: boolean } = {}): Rule<I> {
  return { id, title: { zh, en }, run, ...(options.last ? { last: true } : {}) };
}
