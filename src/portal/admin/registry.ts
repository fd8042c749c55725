// The department registry and the deadlines on /admin: list, register, change (PATCH: the fields shown),
// and a region's deadline for a year (the date, or the approval date: the deadline is 20 days after it).
import type { Deadlines, DepartmentRegistry } from '../../core/contract/coverage.ts';
import { ADMIN_DEADLINES_PATH, ADMIN_DEPARTMENTS_PATH, adminDeadlinePath, adminDepartmentPath } from '../../core/contract/urls.ts';
import { h, replace } from '../dom.ts';
import { t, type Key } from '../i18n.ts';
import { nameNode, visibleText } from '../names.ts';
import { adminCall, AdminError } from './client.ts';
import type { Say } from './keys.ts';

type Department = DepartmentRegistry['departments'][number];

const field = (id: string, label: Key, control: HTMLElement, wide = false) => h('label', { for: id, ...(wide ? { class: 'adm-wide' } : {}) }, t(label), control);
const cols = (keys: Key[]) => h('thead', null, h('tr', null, keys.map((k) => h('th', { scope: 'col' }, t(k)))));

export class RegistrySection {
  readonly departments: HTMLElement;
  readonly deadlines: HTMLElement;
  /** The ids offered where a department id is typed (keys, parents). */
  readonly datalist = h('datalist', { id: 'adm-department-ids' });
  private list: Department[] = [];
  private readonly deptForm: HTMLFormElement;
  private readonly deptStatus = h('p', { id: 'dept-status', class: 'adm-status', role: 'status', 'aria-live': 'polite' });
  private readonly deptTable = h('div', { id: 'dept-list', class: 'table-scroll' });
  private readonly dlForm: HTMLFormElement;
  private readonly dlStatus = h('p', { id: 'deadline-status', class: 'adm-status', role: 'status', 'aria-live': 'polite' });
  private readonly dlTable = h('div', { id: 'deadline-list', class: 'table-scroll' });
  private readonly input: Record<string, HTMLInputElement | HTMLTextAreaElement> = {};

  constructor(private readonly say: Say, private readonly refused: (e: unknown) => boolean) {
    const i = (id: string, attrs: Record<string, string | number | boolean> = {}) => (this.input[id] = h('input', { id, name: id, autocomplete: 'off', ...attrs }));
    this.input['dept-aliases'] = h('textarea', { id: 'dept-aliases', name: 'dept-aliases', rows: 2 });
    this.deptForm = h('form', { id: 'department-form', class: 'adm-form', 'aria-labelledby': 'adm-h-departments' },
      field('dept-id', 'admDeptId', i('dept-id', { required: true, pattern: '[a-z0-9][a-z0-9\\-]{0,63}', placeholder: '140602-xzspfwglj' })),
      field('dept-name', 'admDeptName', i('dept-name', { required: true, maxlength: 200 })),
      field('dept-name-en', 'admDeptNameEn', i('dept-name-en', { maxlength: 300, lang: 'en' })),
      field('dept-region', 'admDeptRegion', i('dept-region', { required: true, inputmode: 'numeric', pattern: '\\d{6}', placeholder: '140602' })),
      field('dept-parent', 'admDeptParent', i('dept-parent', { list: 'adm-department-ids', pattern: '[a-z0-9][a-z0-9\\-]{0,63}' })),
      field('dept-first-year', 'admDeptFirstYear', i('dept-first-year', { type: 'number', min: 1990, max: 2100, step: 1 })),
      field('dept-aliases', 'admDeptAliases', this.input['dept-aliases'], true),
      h('div', { class: 'adm-actions' },
        h('button', { type: 'submit', id: 'dept-save', class: 'button' }, t('admDeptSave')),
        h('button', { type: 'button', id: 'dept-new', class: 'button button-secondary', onclick: () => this.edit(null) }, t('admDeptNew'))));
    this.deptForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveDepartment();
    });
    this.departments = h('section', { id: 'adm-departments', class: 'adm-section', 'aria-labelledby': 'adm-h-departments' },
      h('h2', { id: 'adm-h-departments' }, t('admDepartments')), h('p', { class: 'muted' }, t('admDepartmentsLead')),
      this.deptForm, this.deptStatus, this.deptTable, this.datalist);

    this.dlForm = h('form', { id: 'deadline-form', class: 'adm-form', 'aria-labelledby': 'adm-h-deadlines' },
      field('deadline-region', 'admDlRegion', i('deadline-region', { required: true, inputmode: 'numeric', pattern: '\\d{6}', placeholder: '140602' })),
      field('deadline-year', 'admDlYear', i('deadline-year', { required: true, type: 'number', min: 1990, max: 2100, step: 1 })),
      field('deadline-date', 'admDlDate', i('deadline-date', { type: 'date' })),
      field('deadline-approval', 'admDlApproval', i('deadline-approval', { type: 'date' })),
      field('deadline-note', 'admDlNote', i('deadline-note', { maxlength: 500 })),
      h('div', { class: 'adm-actions' }, h('button', { type: 'submit', id: 'deadline-save', class: 'button' }, t('admDlSave'))));
    this.dlForm.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.saveDeadline();
    });
    this.deadlines = h('section', { id: 'adm-deadlines', class: 'adm-section', 'aria-labelledby': 'adm-h-deadlines' },
      h('h2', { id: 'adm-h-deadlines' }, t('admDeadlines')), h('p', { class: 'muted' }, t('admDeadlinesLead')),
      this.dlForm, this.dlStatus, this.dlTable);
  }

  async refresh(): Promise<void> {
    const [d, dl] = await Promise.all([
      adminCall<DepartmentRegistry>('GET', ADMIN_DEPARTMENTS_PATH),
      adminCall<Deadlines>('GET', ADMIN_DEADLINES_PATH),
    ]);
    this.list = d.body.departments;
    replace(this.datalist, this.list.map((x) => h('option', { value: x.id }, visibleText(x.name))));
    this.drawDepartments();
    this.drawDeadlines(dl.body);
  }

  /** Whether the registry lists a department (as last read). */
  has(id: string): boolean {
    return this.list.some((d) => d.id === id);
  }

  private value(id: string): string {
    return this.input[id]!.value.trim();
  }

  private edit(d: Department | null): void {
    const set = (id: string, v: string) => (this.input[id]!.value = v);
    set('dept-id', d?.id ?? '');
    set('dept-name', d?.name ?? '');
    set('dept-name-en', d?.nameEn ?? '');
    set('dept-region', d?.regionCode ?? '');
    set('dept-parent', d?.parentId ?? '');
    set('dept-first-year', d?.firstYear === null || d?.firstYear === undefined ? '' : String(d.firstYear));
    set('dept-aliases', d?.aliases.join('\n') ?? '');
    (this.input['dept-id'] as HTMLInputElement).readOnly = d !== null;
    this.input[d ? 'dept-name' : 'dept-id']!.focus();
  }

  private async saveDepartment(): Promise<void> {
    const id = this.value('dept-id');
    const fields = {
      name: this.value('dept-name'),
      nameEn: this.value('dept-name-en') || null,
      aliases: this.value('dept-aliases').split('\n').map((s) => s.trim()).filter(Boolean),
      regionCode: this.value('dept-region'),
      parentId: this.value('dept-parent') || null,
      firstYear: this.value('dept-first-year') ? Number(this.value('dept-first-year')) : null,
    };
    const exists = this.list.some((d) => d.id === id);
    try {
      await (exists ? adminCall('PATCH', adminDepartmentPath(id), fields) : adminCall('POST', ADMIN_DEPARTMENTS_PATH, { id, ...fields }));
      this.edit(null);
      await this.refresh();
      this.say(this.deptStatus, t('admDeptSaved', { id }), 'ok');
    } catch (e) {
      if (!this.refused(e)) this.say(this.deptStatus, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
    }
  }

  private async saveDeadline(): Promise<void> {
    const region = this.value('deadline-region');
    const year = this.value('deadline-year');
    const body = { deadline: this.value('deadline-date') || null, approvalDate: this.value('deadline-approval') || null, note: this.value('deadline-note') || null };
    try {
      const r = await adminCall<Deadlines>('PUT', adminDeadlinePath(region, year), body);
      const set = r.body.deadlines[0];
      await this.refresh();
      this.say(this.dlStatus, set ? t('admDlSaved', { region, year, date: set.effective?.date ?? '' }) : t('admDlCleared', { region, year }), 'ok');
    } catch (e) {
      if (!this.refused(e)) this.say(this.dlStatus, t('admFailed', { detail: e instanceof AdminError ? e.detail : String(e) }), 'error');
    }
  }

  private drawDepartments(): void {
    if (!this.list.length) return replace(this.deptTable, h('p', { class: 'muted' }, t('admNone')));
    replace(this.deptTable, h('table', { class: 'cmp-table', id: 'dept-table' },
      cols(['admDeptId', 'admDeptNameCol', 'admDeptRegionCol', 'admDeptParentCol', 'admDeptFirstYearCol', 'admActionsCol']),
      h('tbody', null, this.list.map((d) => h('tr', { 'data-department': d.id },
        h('th', { scope: 'row', class: 'mono' }, d.id),
        h('td', null, nameNode(d.name), d.aliases.length ? h('span', { class: 'muted' }, ` (${d.aliases.map(visibleText).join('、')})`) : null),
        h('td', null, d.regionCode),
        h('td', { class: 'mono' }, d.parentId ?? '—'),
        h('td', null, d.firstYear === null ? '—' : String(d.firstYear)),
        h('td', null, h('button', { type: 'button', class: 'button button-secondary', 'aria-label': t('admDeptEditLabel', { name: visibleText(d.name) }), onclick: () => this.edit(d) }, t('admDeptEdit'))))))));
  }

  private drawDeadlines(dl: Deadlines): void {
    if (!dl.deadlines.length) return replace(this.dlTable, h('p', { class: 'muted' }, t('admNone')));
    replace(this.dlTable, h('table', { class: 'cmp-table', id: 'deadline-table' },
      cols(['admDlRegion', 'admDlYear', 'admDlEffectiveCol', 'admDlEnteredCol', 'admDlApprovalCol', 'admDlNoteCol']),
      h('tbody', null, dl.deadlines.map((d) => h('tr', null,
        h('th', { scope: 'row' }, d.regionCode), h('td', null, String(d.year)), h('td', null, d.effective?.date ?? '—'),
        h('td', null, d.deadline ?? '—'), h('td', null, d.approvalDate ?? '—'), h('td', null, d.note ? visibleText(d.note) : ''))))));
  }
}
