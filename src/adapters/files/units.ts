/** The register of assessed units (seeds/units.json): code, name and kind. */
import { z } from 'zod';
import { parseWith } from '../../core/validation.js';
import { InputError } from './input-error.js';
import { tryReadJson } from './read-json.js';

const unitRegisterSchema = z.strictObject({
  province: z.strictObject({ code: z.string().regex(/^\d{6}$/), name: z.string().min(1) }),
  units: z
    .array(
      z.strictObject({
        code: z.string().regex(/^\d{6}$/),
        name: z.string().min(1),
        kind: z.enum(['地级市', '自治州', '地区', '盟', '县', '区', '县级市', '省', '自治区', '直辖市']),
      }),
    )
    .min(1),
});

export type UnitRegister = z.output<typeof unitRegisterSchema>;

export function loadUnits(file: string): UnitRegister {
  const read = tryReadJson(file);
  const parsed = read.ok ? parseWith(unitRegisterSchema, read.value) : read;
  if (!parsed.ok) throw new InputError([{ file, problems: parsed.problems }], '单位名录有误');
  return parsed.value;
}
