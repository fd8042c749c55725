// Every rule the engine runs, in report order. Ids are stable: findings.json and the portal key on them.
import type { Bilingual } from './finding.ts';

export interface RuleDef {
  readonly id: string;
  readonly title: Bilingual;
}

const rule = (id: string, zh: string, en: string): RuleDef => ({ id, title: { zh, en } });

export const RULES = [
  rule('document.required-tables', '模板要求的表和栏目齐全', 'Every table and section the template requires is present'),
  rule('document.empty-statement', '空表附“本表无数据”说明，且说明不与数据并存', 'An empty table carries its statement, and no statement is printed over figures'),
  rule('document.placeholder', '无未替换的占位符（XX、××、某某、{单位}）', 'No placeholder left in names or text (XX, ××, 某某, {单位})'),
  rule('document.year', '标题与文字中的年度为决算年度（比较时为上年）', "Years in headings and sentences are the filing's year (or the year before, where compared)"),
  rule('document.department-name', '部门名称前后一致', "The department's name is the same throughout"),
  rule('document.unit', '各表金额单位与报告一致', "Each table's printed unit agrees with the filing's"),
  rule('document.script', '情况说明含模板要求的各部分', "情况说明 has every section the template's script requires"),
  rule('document.contents', '目录所列各表与报告所载各表一致', 'The 目录 lists the tables the report carries, and no other'),
  rule('document.table-order', '各表按模板顺序排列', "The tables are in the template's order"),
  rule('document.punctuation', '无重复标点（。。、，，）', 'No doubled punctuation (。。, ，，)'),

  rule('within.income-expenditure', '收入支出决算总表：合计与总计', 'Summary table (01): totals and grand totals'),
  rule('within.fiscal-income-expenditure', '财政拨款收入支出决算总表：合计与总计', 'Fiscal summary table (04): totals and grand totals'),
  rule('within.row-sum', '按行：合计栏等于各分栏之和', 'By row: the total column equals the sum of its parts'),
  rule('within.parent-sum', '按列：上级科目等于下级科目之和（类＝Σ款，款＝Σ项，合计＝Σ类）', 'By column: a parent code equals the sum of its children (类 = Σ款, 款 = Σ项, 合计 = Σ类)'),
  rule('within.basic-expenditure-detail', '基本支出明细表：类＝Σ款，人员经费、公用经费合计', 'Basic expenditure detail (06): 类 = Σ款, personnel and public totals'),
  rule('within.three-public', '“三公”经费表：合计与公务用车小计', '"Three public" table (09): total and vehicle subtotal'),
  rule('within.related-information', '相关信息统计表：政府采购合计、车辆数合计', 'Related information (10): procurement total, vehicle count'),

  rule('across.income-total', '收入决算表与收入支出决算总表一致', 'Income (02) agrees with the summary (01)'),
  rule('across.expenditure-total', '支出决算表与收入支出决算总表一致', 'Expenditure (03) agrees with the summary (01)'),
  rule('across.fiscal-income', '财政拨款收入在各表间一致', 'Fiscal appropriation income agrees across 01, 02 and 04'),
  rule('across.general-budget', '一般公共预算财政拨款支出表与财政拨款总表一致', 'General budget expenditure (05) agrees with the fiscal summary (04)'),
  rule('across.government-fund', '政府性基金表与财政拨款总表一致', 'Government fund table (07) agrees with the fiscal summary (04)'),
  rule('across.state-capital', '国有资本经营表与财政拨款总表一致', 'State capital table (08) agrees with the fiscal summary (04)'),
  rule('across.basic-expenditure', '人员经费＋公用经费＝基本支出', 'Personnel plus public expenses (06) equal basic expenditure (05)'),
  rule('across.three-public', '“三公”经费决算数与基本支出明细一致', '"Three public" actuals (09) agree with 30212, 30217, 30231 in 06'),
  rule('across.running-costs', '机关运行经费不超过公用经费', 'Running costs (10) do not exceed public expenses (06)'),

  rule('text.amount', '文字所述金额、数量与表内数据一致', 'Amounts and counts quoted in the text agree with the tables'),
  rule('text.growth', '增减额与增长率相互一致', 'Stated changes and growth rates agree with each other'),
  rule('text.share', '占比按所述金额重算一致', 'Shares recompute from the stated figures'),
  rule('text.completion', '预算完成率按所述金额重算一致', 'Completion rates recompute from the stated figures'),
  rule('text.sum', '文中所列合计等于其各组成部分之和', 'A total the text states with all its parts equals their sum'),
  rule('text.direction', '比较用语（大于、小于、持平）与所述数字相符', 'Comparison words (大于, 小于, 持平) agree with the figures compared'),
  rule('text.reason', '说明了增减或差异的原因，且原因句完整', 'A change or difference is explained, and the reason is not left blank'),
  rule('text.template-phrase', '无模板遗留用语（增加（减少）、下降（增长））', 'No template wording left in (增加（减少）, 下降（增长）)'),
  rule('text.percent', '百分比带%号，保留两位小数', 'Percentages carry their % sign, to two decimals'),
  rule('text.unread', '文字中无法解读的含数字句子', 'Sentences with figures that could not be read'),

  rule('attachment.totals', '绩效自评表总计等于各项目之和', "The attachment's totals equal the sum of its projects"),
  rule('attachment.execution-rate', '预算支出进度＝支付金额÷预算指标', 'Execution rate (预算支出进度) = paid ÷ budget'),
  rule('attachment.paid-within-budget', '各项目支付金额不超过预算指标', "No project's payment exceeds its budget"),
  rule('attachment.grades', '自评结果与得分档次相符', 'Grades agree with the score bands (优 ≥ 90, 良 80–89, 中 60–79, 差 < 60)'),
  rule('attachment.counts', '所述项目数与各等级项目数与附表一致', 'Stated numbers of projects and of each grade agree with the attachment'),
  rule('attachment.project-total', '绩效自评项目支付合计与支出决算表项目支出一致', "The attachment's project total agrees with 项目支出 in 03"),
] as const satisfies readonly RuleDef[];

export type RuleId = (typeof RULES)[number]['id'];
