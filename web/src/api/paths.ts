/**
 * Error paths → form fields. The API names the input it refuses with a JSON path such as
 * `$.body.items["G10.1"].values.supervisionCoverage`; the scoring core's own checks name
 * the evidence document (`$.items["G10.1"].values.supervisionCoverage`). Both map to the
 * same field key, which the form uses as the id of the input and the key of its error.
 */

/** The segments of a JSON path: `.name`, `[0]` and `["quoted"]`. */
export function pathSegments(path: string): (string | number)[] | null {
  if (!path.startsWith('$')) return null;
  const out: (string | number)[] = [];
  const re = /\.([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  re.lastIndex = 1;
  while (re.lastIndex < path.length) {
    const m = re.exec(path);
    if (!m) return null;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3] as string) as string);
  }
  return out;
}

/** The form's key for a field's value: `G10.1/values/supervisionCoverage` (others: `G10.1/selfScore`, `G10.1/note`, `selfTotal`). */
export const valueKey = (code: string, key: string) => `${code}/values/${key}`;

/** The form field an error path names, or null when it names none (show the message at the top). */
export function formFieldOf(path: string): string | null {
  let segs = pathSegments(path);
  if (segs === null) return null;
  if (segs[0] === 'body') segs = segs.slice(1);
  if (segs[0] === 'selfTotal' && segs.length === 1) return 'selfTotal';
  if (segs[0] !== 'items' || typeof segs[1] !== 'string') return null;
  const code = segs[1];
  if (segs[2] === 'values' && typeof segs[3] === 'string') return valueKey(code, segs[3]);
  if (segs[2] === 'selfScore' || segs[2] === 'note' || segs[2] === 'notApplicable') return `${code}/${segs[2]}`;
  return `${code}/item`;
}

/** The item code an error path names, if any. */
export function itemCodeOf(path: string): string | null {
  let segs = pathSegments(path);
  if (segs === null) return null;
  if (segs[0] === 'body') segs = segs.slice(1);
  return segs[0] === 'items' && typeof segs[1] === 'string' ? segs[1] : null;
}
