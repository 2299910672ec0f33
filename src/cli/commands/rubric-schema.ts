import { writeOutputs } from '../../adapters/files/write-output.js';
import { parse } from '../args.js';
import type { Command } from '../command.js';
import { shown } from '../defaults.js';
import { jsonSchemas } from '../json-schemas.js';

export const rubricSchemaCommand: Command = {
  name: 'rubric schema',
  summary: '输出考核细则、证据、评分结果和审计包的 JSON Schema',
  help: `用法：kaohe rubric schema [--out <目录>]

不带 --out 时把考核细则的 JSON Schema 打印到标准输出；
带 --out 时在该目录写出四个文件：
  rubric.schema.json    考核细则（供编辑器校验）
  evidence.schema.json  证据文件（供编辑器校验）
  results.schema.json   评分结果 results.json
  bundle.schema.json    审计包（kaohe audit bundle、kaohe assess --bundle 的输出）`,
  run(argv) {
    const { values } = parse(argv, { out: { type: 'string' } });
    const schemas = jsonSchemas();
    if (values.out === undefined) {
      process.stdout.write(schemas['rubric.schema.json']);
      return 0;
    }
    const written = writeOutputs(
      values.out,
      Object.entries(schemas).map(([name, content]) => ({ name, content })),
    );
    for (const f of written) process.stdout.write(`${shown(f)}\n`);
    return 0;
  },
};
