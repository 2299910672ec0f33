/**
 * The evidence template's cover sheet (封面): what the file is, for whom, until when,
 * against which rubric, how to fill it in and whom to ask. Read by people only; the
 * importer checks the identity sheet, never this one.
 */
import type { Rubric } from '../core/rubric/model.js';
import { beijingTime } from './beijing-time.js';
import { COVER_SHEET, EVIDENCE_SHEET, HEADERS, NO, YES } from './contract.js';
import type { LayoutCell, LayoutSheet } from './workbook-layout.js';
import { TARGET_ROW_REMARK } from './target-cells.js';

export interface CoverFacts {
  readonly rubric: Rubric;
  readonly unit: { readonly code: string; readonly name: string };
  readonly year: number;
  readonly deadline: string;
  readonly draftVersion: number;
  /** The unit has submitted: the file shows what it submitted, and an import is refused until the examiners reopen it. */
  readonly submitted: boolean;
  /** The inputs carry values (a saved draft, or an evidence file's, which has no version). */
  readonly prefilled: boolean;
  readonly contact: string;
}

/** The workbook's title, as on the cover and in its properties, e.g. 兰州市2015年度质量工作考核证据模板. */
export const templateTitle = (year: number, unitName: string): string => `${unitName}${year}年度质量工作考核证据模板`;

const hasTargets = (rubric: Rubric): boolean => rubric.allItems.some((item) => item.fields.some((f) => f.filledBy === 'target'));

function instructions(facts: CoverFacts): string[] {
  const draft =
    facts.draftVersion > 0
      ? `已预填本单位当前草稿（第 ${facts.draftVersion} 版）`
      : facts.prefilled
        ? '已预填证据文件中本单位填报的内容'
        : '本单位尚未保存草稿，表中填报栏为空';
  const first = facts.submitted
    ? `本文件是${facts.unit.name}${facts.year}年度质量工作考核的证据模板，内容为本单位已提交的材料（第 ${facts.draftVersion} 版）。材料已冻结，本文件仅供查阅；如需修改，请联系考核组退回后重新导出模板。`
    : `本文件是${facts.unit.name}${facts.year}年度质量工作考核的证据模板，${draft}。可以离线填写，填好后导入考核系统。`;
  return [
    first,
    `请在“${EVIDENCE_SHEET}”工作表中填写：只有黄色单元格可以编辑；考核要点、分值、评分方法、需提交材料等内容受保护，不能修改。`,
    `“${HEADERS.value}”一列按“${HEADERS.unitAndRange}”一列的要求填写：有下拉列表的请从列表中选择；“${YES}/${NO}”项填“${YES}”或“${NO}”；数值须在给出的范围内，直接填数字，不要带单位。`,
    `多选项每个选项占一行：已具备的填“${YES}”，不具备的填“${NO}”。`,
    ...(hasTargets(facts.rubric)
      ? [
          `“${HEADERS.unitAndRange}”为“${TARGET_ROW_REMARK}”的行是本单位的目标备案（评分时实际值与经考核组批准的目标比较），不在本表中填写，导入时也不读取；目标未备案或尚未批准的，请在考核系统的“目标备案”中办理。`,
        ]
      : []),
    `“${HEADERS.notApplicable}”只在考核细则允许的考核要点上提供（黄色单元格，条件写在“${HEADERS.unitAndRange}”一列）；申报不涉及的，请在“${HEADERS.note}”中写明理由。`,
    `“${HEADERS.selfScore}”和“${HEADERS.note}”按考核要点填写；自评总分填在表格最后一行。自评分仅供对照，不计入考核得分。`,
    `请勿修改隐藏的 A 列（每行的标识），不要增删工作表；可以调整行的顺序、列宽和行高。`,
    `填好后请保存为 .xlsx 格式（Excel、WPS 表格均可；不要另存为 .xls、.et 或 .csv），在考核系统中导入，或交回考核组。导入时核对单位、年度和考核细则版本，不符的文件将被拒绝；有问题的单元格会逐一列出，全部改正后才会导入。`,
    `需提交的材料（文件）请在考核系统中上传，本表只登记填报内容。`,
  ];
}

function versionText(facts: CoverFacts): string {
  if (facts.submitted) return `第 ${facts.draftVersion} 版（已提交）`;
  if (facts.draftVersion > 0) return `第 ${facts.draftVersion} 版草稿（导出时）`;
  return facts.prefilled ? '来自证据文件' : '尚未保存';
}

export function coverSheet(facts: CoverFacts): LayoutSheet {
  const cells: Record<string, LayoutCell> = {};
  let row = 1;
  const put = (label: string, value: string | number, style: LayoutCell['style'] = 'text') => {
    cells[`A${row}`] = { value: label, style: 'header' };
    cells[`B${row}`] = { value, style };
    row++;
  };
  cells.A1 = { value: templateTitle(facts.year, facts.unit.name), style: 'title' };
  row = 3;
  put('单位', `${facts.unit.name}（${facts.unit.code}）`);
  put('考核年度', `${facts.year}年度`);
  put('提交截止时间', beijingTime(facts.deadline));
  put('考核细则', facts.rubric.title, 'wrap');
  put('细则标识', facts.rubric.id);
  put('细则版本', facts.rubric.version);
  put('内容哈希', facts.rubric.hash);
  put('填报版本', versionText(facts));
  row++;
  const heading = row;
  cells[`A${row++}`] = { value: '填写说明', style: 'section' };
  instructions(facts).forEach((text, i) => put(String(i + 1), text, 'wrap'));
  row++;
  put('联系方式', facts.contact, 'wrap');
  return {
    name: COVER_SHEET,
    state: 'visible',
    columns: { A: { width: 14 }, B: { width: 90 } },
    cells,
    merges: ['A1:B1', `A${heading}:B${heading}`],
    protected: true,
  };
}
