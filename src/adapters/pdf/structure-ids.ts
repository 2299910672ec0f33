/**
 * A tagged PDF names its structure elements after Chromium's DOM node ids
 * (`/ID (node00000021)`; table cells point at their headers by them), and lists them
 * in an ID tree sorted by id. Those ids follow the order nodes were created in, which
 * a busy machine can change, so two prints of the same HTML could differ in them
 * alone. They are renumbered in order of first appearance and the tree's leaf sorted
 * again; each id keeps its length and the leaf its entries, so every offset in the
 * file stays valid.
 */
const NODE_ID = /\(node(\d{8})\)/g;
/** The ID tree's leaf: its limits and its (id, object) pairs. Chromium writes one leaf. */
const ID_LEAF = /\/Limits \[\(node\d{8}\) \(node\d{8}\)\]\n\/Names \[((?:\(node\d{8}\) \d+ 0 R ?)+)\]/g;
const ENTRY = /\(node(\d{8})\) (\d+ 0 R)/g;

export function renumberStructureIds(text: string): string {
  const numbers = new Map<string, string>();
  const renumbered = text.replace(NODE_ID, (_whole, id: string) => {
    let stable = numbers.get(id);
    if (stable === undefined) numbers.set(id, (stable = String(numbers.size + 1).padStart(8, '0')));
    return `(node${stable})`;
  });
  const leaves = renumbered.match(ID_LEAF)?.length ?? 0;
  if (leaves !== 1) return renumbered; // a tree of several leaves would need rebalancing: left as printed
  return renumbered.replace(ID_LEAF, (whole, names: string) => {
    const entries = [...names.matchAll(ENTRY)].map((m) => ({ id: m[1] as string, ref: m[2] as string })).sort((a, b) => a.id.localeCompare(b.id));
    const sorted = entries.map((e) => `(node${e.id}) ${e.ref}`).join(' ');
    const rebuilt = `/Limits [(node${entries[0]?.id}) (node${entries.at(-1)?.id})]\n/Names [${sorted}]`;
    return rebuilt.length === whole.length ? rebuilt : whole;
  });
}
