// Every table can be downloaded as CSV: a link to a Blob made from the
// table's own cells (so the file holds what the page shows, nothing more).
import { h } from "./dom";
import { t } from "./i18n";

function cell(s: string): string {
  const v = s.replace(/\s+/g, " ").trim();
  return /[",;\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function tableCsv(table: HTMLTableElement): string {
  return Array.from(table.rows)
    .map((r) => Array.from(r.cells).map((c) => cell(c.textContent ?? "")).join(","))
    .join("\r\n") + "\r\n";
}

/** A download link for `table`, made when the link is used (so it is current). */
export function csvLink(table: HTMLTableElement, file: string): HTMLElement {
  const a = h("a", { class: "utrecht-link passend-csv", href: "#", download: `${file}.csv`, "data-csv": file }, t.downloadCsv);
  let url: string | null = null;
  const refresh = () => {
    if (url) URL.revokeObjectURL(url);
    // A byte-order mark, so that spreadsheet programs read the UTF-8.
    url = URL.createObjectURL(new Blob(["\ufeff", tableCsv(table)], { type: "text/csv;charset=utf-8" }));
    a.href = url;
  };
  a.addEventListener("mousedown", refresh);
  a.addEventListener("keydown", (e) => {
    if (e.key === "Enter") refresh();
  });
  a.addEventListener("focus", refresh);
  refresh();
  return h("p", { class: "utrecht-paragraph" }, a);
}
