// A small helper to build DOM nodes: no framework, no innerHTML (every text
// is set as text, so nothing from the server is ever parsed as markup).

export type Child = Node | string | number | null | undefined | false | Child[];
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k.startsWith("on") && typeof v === "function") {
        el.addEventListener(k.slice(2).toLowerCase(), v);
      } else if (k === "style") {
        throw new Error("no style attributes: the CSP forbids them; use a class");
      } else {
        el.setAttribute(k, v === true ? "" : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

export function append(el: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

/** A table in the NL Design System look, with a caption and column headers. */
export function table(caption: string, headers: string[], rows: Child[][]): HTMLTableElement {
  return h(
    "table",
    { class: "utrecht-table utrecht-table--html-table" },
    h("caption", { class: "utrecht-table__caption" }, caption),
    h(
      "thead",
      { class: "utrecht-table__header" },
      h(
        "tr",
        { class: "utrecht-table__row" },
        headers.map((t) => h("th", { class: "utrecht-table__header-cell", scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      { class: "utrecht-table__body" },
      rows.map((r) =>
        h("tr", { class: "utrecht-table__row" }, r.map((c) => h("td", { class: "utrecht-table__cell" }, c))),
      ),
    ),
  );
}

let idCounter = 0;
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
