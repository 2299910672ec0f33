/**
 * The evidence template (证据模板) of one unit for a cycle: the spreadsheet a city fills
 * offline and imports, pre-filled with its current draft. Whoever may read the unit's
 * submission may have it: the city its own unit; examiners, auditors and admins any
 * unit (an auditor sees the same values through the submission already, and a
 * template is only that submission laid out for Excel).
 */
import { type Actor, requireReadUnit } from '../access/actor.js';
import type { ServiceDeps } from '../index.js';
import { type CycleKey, filedTargetsOf, itemsOf, type UnitItem } from '../../records/index.js';
import { evidenceTemplate } from '../../spreadsheet/evidence-template.js';
import { evidenceTemplateFileName } from '../../spreadsheet/template-file-name.js';
import type { CycleUnit } from './submissions.js';
import { itemsWithoutMaterials } from './submission-evidence.js';

/** Who a clerk asks about the template, on its cover, when the cycle names no one. */
export const TEMPLATE_CONTACT = '如对考核要点或填报有疑问，请联系省质量发展领导小组办公室（考核组）；系统使用问题请联系本单位考核系统管理员。';

/** The cover's contact line: the cycle's contact when it has one. */
export function templateContact(contact: string | undefined): string {
  return contact === undefined ? TEMPLATE_CONTACT : `如对考核要点或填报有疑问，请联系：${contact}；系统使用问题请联系本单位考核系统管理员。`;
}

export interface EvidenceTemplateFile {
  readonly bytes: Uint8Array;
  /** e.g. 2015年度质量工作考核证据模板-兰州市.xlsx */
  readonly fileName: string;
  readonly unitName: string;
  /** The draft version the template was made from (0: nothing saved yet). */
  readonly version: number;
}

export function evidenceTemplateService(deps: ServiceDeps, cycleUnit: (key: CycleKey, unitCode: string) => Promise<CycleUnit>) {
  return {
    async template(actor: Actor, key: CycleKey, unitCode: string): Promise<EvidenceTemplateFile> {
      requireReadUnit(actor, unitCode);
      const { cycle, unit, rubric } = await cycleUnit(key, unitCode);
      const [record, filing] = await Promise.all([deps.stores.submissions.get(key, unitCode), deps.stores.targets.get(key, unitCode)]);
      const version = record?.version ?? 0;
      const layout = evidenceTemplate({
        rubric,
        unit: { code: unit.code, name: unit.name },
        cycle: { year: cycle.year, deadline: cycle.deadline },
        draft: {
          items: itemsWithoutMaterials(itemsOf<UnitItem>(record)),
          ...(record?.selfTotal === undefined ? {} : { selfTotal: record.selfTotal }),
          version,
          submitted: record?.state === 'submitted',
        },
        contact: templateContact(cycle.contact),
        // Shown read-only beside each target checkpoint; the import passes those rows by.
        targets: filedTargetsOf(filing),
      });
      return { bytes: await deps.workbooks.write(layout), fileName: evidenceTemplateFileName(key.year, unit.name), unitName: unit.name, version };
    },
  };
}
