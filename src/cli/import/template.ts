// gongkai template: an empty workbook in a template's layout for a department to fill.
import { templateById, TEMPLATES } from '../../core/templates/index.ts';
import { templateWorkbook } from '../../import/workbook/write.ts';
import { CliError, EXIT } from '../exit.ts';
import { writeXlsx } from './xlsx.ts';

export async function writeTemplate(o: { template: string; year: string; out?: string }): Promise<string> {
  const template = templateById(o.template);
  if (!template) throw new CliError(`unknown template "${o.template}"; known: ${TEMPLATES.map((t) => t.id).join(', ')}`, EXIT.input);
  const year = Number(o.year);
  if (!Number.isInteger(year) || year < 1990 || year > 2100) throw new CliError(`--year must be a year such as 2023; got "${o.year}"`, EXIT.input);
  const out = o.out ?? `${template.id}-${year}.xlsx`;
  await writeXlsx(out, templateWorkbook(template, year));
  return out;
}
