// What the record forms share (a WSP's candidate intake, an employer's
// vacancy): the postcode area with the place it lies in, one select per
// capacity dimension, a list of rows to add to, the draft kept across the
// language switch, and the server's refusal shown at its fields.
import { Code } from "@connectrpc/connect";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { errorCode, fieldViolations } from "../api";
import { h } from "../dom";
import { clearErrors, focusFirst, restore, selectInput, showError, snapshot, textInput, type Field } from "../form";
import { t, title } from "../i18n";
import { lookUp, type Places } from "../places";
import { levelNames } from "../taxonomy";
import { alertBox } from "./common";

/** A whole number typed: 0 when empty, -1 (which the server refuses at its field) when not one. */
export function wholeNumber(s: string): number {
  const n = Number(s.trim());
  return s.trim() === "" ? 0 : Number.isInteger(n) ? n : -1;
}

/** The postcode area (4 digits), saying as it is typed which municipality and region it lies in. */
export function postcodeField(id: string, label: string, value: string, pl: Places): Field {
  const f = textInput(id, label, value, { inputmode: "numeric", maxlength: 4, size: "s", hint: t.fPostcodeHint });
  const placeId = `${id}-place`;
  const place = h("p", { class: "utrecht-paragraph passend-place", id: placeId, "aria-live": "polite" });
  f.hintId = `${f.hintId} ${placeId}`;
  f.control.setAttribute("aria-describedby", f.hintId);
  const show = () => {
    const v = f.control.value.trim();
    const p = /^\d{4}$/.test(v) ? lookUp(pl, v) : null;
    place.textContent = !v ? "" : p ? t.placeOf(p.municipality, p.region, p.regionName, p.ambiguous) : /^\d{4}$/.test(v) ? t.placeUnknown : "";
  };
  f.control.addEventListener("input", show);
  f.control.addEventListener("change", show);
  show();
  f.field.append(place);
  return f;
}

/** Hours per week, least and most, side by side. */
export function hoursFields(idPrefix: string, value: { min: number; max: number } | undefined): { row: HTMLElement; min: Field; max: Field } {
  const f = (k: "min" | "max", label: string) =>
    textInput(`${idPrefix}hours-${k}`, label, value ? String(value[k]) : "", { inputmode: "numeric", size: "s" });
  const min = f("min", t.fHoursMin);
  const max = f("max", t.fHoursMax);
  return { row: h("div", { class: "passend-row" }, min.field, max.field), min, max };
}

type Dimension = Taxonomy["dimensions"][number];

export interface LevelFields {
  /** One disclosure per FML group. */
  groups: HTMLElement[];
  /** By dimension id. */
  fields: [string, Field][];
  /** The levels chosen that differ from each dimension's base, in taxonomy order. */
  chosen: () => { dimension: string; level: number }[];
}

/**
 * A select per dimension, each level with its name in the page's language, grouped by FML
 * group; `base` is the level meant when a dimension is not listed (marked
 * with `baseText`). A group opens when a level in it differs from the base.
 */
export function levelFields(
  dims: Dimension[],
  idPrefix: string,
  value: (d: Dimension) => number | undefined,
  base: (d: Dimension) => number,
  baseText: string,
): LevelFields {
  const byGroup = new Map<string, Dimension[]>();
  for (const d of dims) byGroup.set(d.group, [...(byGroup.get(d.group) ?? []), d]);
  const fields: [string, Field][] = [];
  const groups = [...byGroup.entries()].map(([g, ds]) =>
    h(
      "details",
      { class: "passend-details", open: ds.some((d) => value(d) !== undefined && value(d) !== base(d)) },
      h("summary", { id: `${idPrefix}group-${g}` }, t.fmlGroups[g as keyof typeof t.fmlGroups] ?? g),
      h(
        "div",
        { class: "passend-grid" },
        ds.map((d) => {
          const f = selectInput(
            `${idPrefix}${d.id}`,
            title(d),
            levelNames(d).map((lv, i) => ({ value: String(i), text: `${i}: ${lv}${i === base(d) ? ` (${baseText})` : ""}` })),
            String(value(d) ?? base(d)),
          );
          fields.push([d.id, f]);
          return f.field;
        }),
      ),
    ),
  );
  const chosen = () =>
    fields
      .map(([dimension, f]) => ({ dimension, level: Number(f.control.value), d: dims.find((x) => x.id === dimension)! }))
      .filter((x) => x.level !== base(x.d))
      .map(({ dimension, level }) => ({ dimension, level }));
  return { groups, fields, chosen };
}

export interface RowList<V, R extends Field[]> {
  element: HTMLElement;
  rows: R[];
  /** Adds a row (numbered from 1), with `value` when given. */
  add: (value?: V) => R;
}

/** Rows of fields the reader adds to with a button (the new row's first field takes the focus). */
export function rowList<V, R extends Field[]>(buttonId: string, buttonText: string, makeRow: (n: number, value?: V) => R): RowList<V, R> {
  const list = h("div", { class: "passend-occupations" });
  const rows: R[] = [];
  const add = (value?: V) => {
    const row = makeRow(rows.length + 1, value);
    rows.push(row);
    list.append(h("div", { class: "passend-row" }, row.map((f) => f.field)));
    return row;
  };
  const button = h(
    "button",
    { type: "button", id: buttonId, class: "utrecht-button utrecht-button--secondary-action", onclick: () => add()[0]?.control.focus() },
    buttonText,
  );
  return { element: h("div", null, list, button), rows, add };
}

// What was typed in a form, kept across a re-render of the same page (the
// language switch), in memory only: its values, how many rows each list
// had, and the request id its create sends.
const drafts = new Map<string, { values: Record<string, string | boolean>; rows: number[]; requestId: string }>();

export interface Draft {
  /**
   * The create's request id: the same for every try of this form (also after
   * the language switch), so that a retry after a lost answer does not create
   * the record twice. A refused try stores nothing, so a corrected one may
   * send it again.
   */
  requestId: string;
  /** Forgets the draft (once saved). */
  forget: () => void;
}

/** Restores this page's draft into `form` (growing `lists` first) and keeps it as it is typed. */
export function keepDraft(form: HTMLFormElement, lists: { rows: unknown[]; add: () => unknown }[]): Draft {
  const key = location.pathname;
  const draft = drafts.get(key);
  if (draft) {
    lists.forEach((l, i) => {
      while (l.rows.length < (draft.rows[i] ?? 0)) l.add();
    });
    restore(form, draft.values);
  }
  const requestId = draft?.requestId ?? crypto.randomUUID();
  const keep = () => drafts.set(key, { values: snapshot(form), rows: lists.map((l) => l.rows.length), requestId });
  form.addEventListener("input", keep);
  form.addEventListener("change", keep);
  return { requestId, forget: () => drafts.delete(key) };
}

/** The message of the catalogue for a field path (`prefix` and any `[i]...` dropped), or null. */
export function violationText(path: string, prefix: string, catalogue: Record<string, string>): string | null {
  return catalogue[path.slice(path.startsWith(prefix) ? prefix.length : 0).replace(/\[\d+\].*$/, "")] ?? null;
}

export interface RefusalTexts {
  /** The summary when `n` fields were refused. */
  refused: (n: number) => string;
  exists: string;
  changed: string;
}

/**
 * The server refused a save: each field violation at the field it names
 * (`fieldFor`; a closed disclosure around it opens), the rest in a list
 * under the summary in `status`, and focus to the first refused field (or
 * to `submit`). Nothing typed is touched.
 */
export function showRefusal(
  err: unknown,
  status: HTMLElement,
  submit: HTMLElement,
  fieldFor: (path: string) => Field | null,
  message: (path: string) => string | null,
  texts: RefusalTexts,
): void {
  const v = fieldViolations(err);
  const shown: Field[] = [];
  const unplaced: string[] = [];
  for (const [path, description] of v) {
    const f = fieldFor(path);
    const text = message(path);
    if (f) {
      showError(f, text ?? t.violationOther, text ? undefined : description);
      const det = f.field.closest("details");
      if (det) det.open = true;
      shown.push(f);
    } else {
      unplaced.push(text ?? `${path}: ${description}`);
    }
  }
  const code = errorCode(err);
  const summary =
    v.size > 0
      ? texts.refused(v.size)
      : code === Code.AlreadyExists
        ? texts.exists
        : code === Code.Aborted
          ? texts.changed
          : code === Code.PermissionDenied
            ? t.errorForbidden
            : t.errorGeneric;
  status.replaceChildren(alertBox("error", summary, "form-error"));
  if (unplaced.length > 0) status.append(h("ul", { class: "utrecht-unordered-list" }, unplaced.map((u) => h("li", null, u))));
  if (shown.length > 0) focusFirst(shown);
  else submit.focus();
  if (v.size === 0 && code !== Code.AlreadyExists && code !== Code.Aborted) console.warn(err);
}

export interface Saving<B, R> {
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  status: HTMLElement;
  fields: Map<string, Field>;
  draft: Draft;
  /** The record read, when editing; null for a new one. */
  stored: R | null;
  /** What the form says (with what `fieldFor` needs to place a violation). */
  build: () => B;
  /** The update mask: the fields (proto names) that differ from `stored`. */
  changedPaths: (b: B, stored: R) => string[];
  /** The update, with the stored record's name and etag. */
  update: (b: B, stored: R, paths: string[]) => Promise<{ name: string }>;
  /** The create, with the draft's request id. */
  create: (b: B, requestId: string) => Promise<{ name: string }>;
  fieldFor: (path: string, b: B) => Field | null;
  message: (path: string) => string | null;
  texts: RefusalTexts;
  navigate: (to: string) => void;
}

/**
 * Saves a record form on submit (one save at a time, the button disabled
 * meanwhile): an update of the fields changed (or "nothing changed") when
 * editing, else a create; then to the saved record, or the refusal shown.
 */
export function saveOnSubmit<B, R>(s: Saving<B, R>): void {
  let busy = false;
  s.form.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (busy) return;
    busy = true;
    s.submit.disabled = true;
    clearErrors(s.fields.values());
    s.status.replaceChildren();
    const b = s.build();
    try {
      let saved: { name: string };
      if (s.stored) {
        const paths = s.changedPaths(b, s.stored);
        if (paths.length === 0) {
          s.status.replaceChildren(alertBox("info", t.nothingChanged));
          return;
        }
        saved = await s.update(b, s.stored, paths);
      } else {
        saved = await s.create(b, s.draft.requestId);
      }
      s.draft.forget();
      s.navigate(`/${saved.name}?saved=${s.stored ? "updated" : "created"}`);
    } catch (err) {
      showRefusal(err, s.status, s.submit, (path) => s.fieldFor(path, b), s.message, s.texts);
    } finally {
      busy = false;
      s.submit.disabled = false;
    }
  });
}
