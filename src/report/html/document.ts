/**
 * The HTML document around a report: UTF-8, zh-CN, the stylesheet inline and no
 * external reference of any kind, so the file prints the same offline, years later.
 */
import { type Markup, html, trusted } from './markup.js';
import { STYLE } from './style.js';

export function htmlDocument(title: string, body: Markup): string {
  return `<!DOCTYPE html>\n${html`<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="kaohe">
<title>${title}</title>
<style>${trusted(STYLE)}</style>
</head>
<body>
${body}
</body>
</html>
`}`;
}
