/** What the user is told when an upload is refused before its cells are read (Chinese, with what to do). */
import { MAX_SHEET_ROWS, MAX_UNCOMPRESSED_BYTES, MAX_UPLOAD_BYTES, MAX_ZIP_ENTRIES, megabytes } from './read-limits.js';

export const REASON_NOT_XLSX = '文件已损坏或不是 .xlsx 工作簿：请用 Excel、WPS 或 LibreOffice 打开后另存为 .xlsx 再上传';

export const REASON_ENCRYPTED_OR_XLS =
  '文件是设了打开密码的工作簿，或旧版 .xls 文件，无法读取：若设了密码，请在 Excel 或 WPS 中去掉打开密码后保存；若是 .xls，请另存为 .xlsx（Excel 工作簿）后再上传';

export const REASON_ENCRYPTED =
  '工作簿设了打开密码，无法读取：请在 Excel 或 WPS 中去掉打开密码（文件 → 信息 → 保护工作簿 → 用密码进行加密，清空密码）后保存，再上传';

export const REASON_OLD_XLS = '文件是旧版 .xls 工作簿，无法读取：请在 Excel 或 WPS 中另存为 .xlsx（Excel 工作簿）后再上传';

export const REASON_XLSB = '文件是 .xlsb（二进制工作簿），不是 .xlsx：请另存为 .xlsx（Excel 工作簿）后再上传';

export const REASON_MACROS = '工作簿包含宏（VBA 或宏表），出于安全考虑不予读取：请另存为不含宏的 .xlsx（Excel 工作簿）后再上传';

export const REASON_EXTERNAL_LINKS = '工作簿包含外部链接（引用其他文件中的数据），不予读取：请在 Excel 或 WPS 的“数据 → 编辑链接”中断开链接，保存后再上传';

export const REASON_ZIP64 = `工作簿采用超大文件格式（ZIP64），不是可读取的考核模板：上传的工作簿不得超过 ${megabytes(MAX_UPLOAD_BYTES)}`;

export const tooLargeUpload = (bytes: number): string => `文件过大（${megabytes(bytes)}）：上传的工作簿不得超过 ${megabytes(MAX_UPLOAD_BYTES)}`;

export const tooManyEntries = (): string => `工作簿内部文件过多（超过 ${MAX_ZIP_ENTRIES} 个），不是可读取的考核模板，已拒绝`;

export const tooLargeUnpacked = (): string => `工作簿解压后超过 ${megabytes(MAX_UNCOMPRESSED_BYTES)}（可能是恶意构造的压缩文件），已拒绝`;

export const tooManyRows = (sheet: string, rows: number): string =>
  `工作表“${sheet}”有 ${rows} 行，超过每个工作表 ${MAX_SHEET_ROWS} 行的上限，已拒绝：考核模板只需几百行，请删去多余的行后再上传`;

export const unreadable = (detail: string): string => `${REASON_NOT_XLSX}（${detail}）`;
