import { Code } from "@connectrpc/connect";
import { api, errorCode, isUnauthenticated } from "../api";
import { h, table, type Child } from "../dom";
import { t } from "../i18n";

export function heading(text: string): HTMLHeadingElement {
  return h("h1", { class: "utrecht-heading-1", tabindex: "-1" }, text);
}

export function alertBox(kind: "error" | "info" | "ok", text: string, id?: string): HTMLElement {
  return h(
    "div",
    { class: `utrecht-alert utrecht-alert--${kind}`, role: kind === "error" ? "alert" : "status", id: id ?? null },
    h("div", { class: "utrecht-alert__content" }, h("p", { class: "utrecht-alert__message utrecht-paragraph" }, text)),
  );
}

export function loading(): HTMLElement {
  return h("p", { class: "utrecht-paragraph passend-muted", role: "status" }, t.loading);
}

/** Shows an error in the page; an ended session goes back to sign-in. */
export function pageError(main: HTMLElement, e: unknown, onSignedOut: () => void): void {
  if (isUnauthenticated(e)) {
    onSignedOut();
    return;
  }
  const code = errorCode(e);
  const text =
    code === Code.PermissionDenied ? t.errorForbidden : code === Code.NotFound ? t.errorNotFound : t.errorGeneric;
  if (!main.querySelector("h1")) main.appendChild(heading(t.errorGeneric));
  main.appendChild(alertBox("error", text));
  console.warn(e);
}

export function section(titleText: string, id: string, ...children: (Node | null)[]): HTMLElement {
  const hid = `${id}-title`;
  return h(
    "section",
    { id, "aria-labelledby": hid },
    h("h2", { class: "utrecht-heading-2", id: hid }, titleText),
    ...children,
  );
}

export function ok(met: boolean): HTMLElement {
  return h("span", { class: met ? "passend-ok" : "passend-no" }, met ? t.met : t.notMet);
}

export function selectField(
  id: string,
  label: string,
  options: { value: string; text: string }[],
  value: string,
): { field: HTMLElement; select: HTMLSelectElement } {
  const select = h(
    "select",
    { id, name: id, class: "utrecht-select utrecht-select--html-select" },
    options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.text)),
  );
  const field = h(
    "div",
    { class: "utrecht-form-field utrecht-form-field--select" },
    h("div", { class: "utrecht-form-field__label" }, h("label", { class: "utrecht-form-label", for: id }, label)),
    h("div", { class: "utrecht-form-field__input" }, select),
  );
  return { field, select };
}

/** What a CreatePlacement action says: done, already there, refused. */
export interface PlacementTexts {
  done: string;
  exists: string;
  refused: string;
  /** A link to where the placement is followed. */
  follow: () => HTMLElement;
}

export type PlacementOutcome = "done" | "exists" | "refused" | "error";

/**
 * CreatePlacement of `candidate` for `vacancy` (a WSP's proposal, an
 * employer's request for an introduction), saying in `out` how it went.
 */
export async function createPlacement(
  out: HTMLElement,
  candidate: string,
  vacancy: string,
  texts: PlacementTexts,
): Promise<PlacementOutcome> {
  try {
    await api.placements.createPlacement({ placement: { candidate, vacancy } });
    out.replaceChildren(h("p", { class: "utrecht-paragraph passend-ok", role: "status" }, texts.done, " ", texts.follow()));
    return "done";
  } catch (e) {
    const code = errorCode(e);
    out.replaceChildren(
      h(
        "p",
        { class: "utrecht-paragraph", role: "alert" },
        code === Code.AlreadyExists ? texts.exists : code === Code.FailedPrecondition ? texts.refused : t.errorGeneric,
        code === Code.AlreadyExists ? [" ", texts.follow()] : null,
      ),
    );
    if (code === Code.AlreadyExists) return "exists";
    if (code === Code.FailedPrecondition) return "refused";
    console.warn(e);
    return "error";
  }
}

/** Wires `button` to createPlacement; the button goes once the placement is made. */
export function onCreatePlacement(
  button: HTMLButtonElement,
  out: HTMLElement,
  candidate: string,
  vacancy: string,
  texts: PlacementTexts,
): void {
  button.addEventListener("click", async () => {
    button.disabled = true;
    if ((await createPlacement(out, candidate, vacancy, texts)) === "done") button.remove();
    else button.disabled = false;
  });
}

/** Where a list stands: its page (from 0), whether there is a next one, and how to turn. */
export interface Paging {
  page: number;
  hasNext: boolean;
  turn: (delta: number) => void;
  /** Names the list in the pager's label, when a page has several. */
  label?: string;
}

/** A list read a page at a time (`pages` below). */
export interface Pages {
  /** The page shown (from 0). */
  readonly page: number;
  /** The server's token for the page shown. */
  readonly token: string;
  /** Keeps the next page's token from the answer just read. */
  keep: (next: string) => void;
  /** Where the list stands for its pager: turning shows the new page with the focus (`show(true)`). */
  paging: (next: string, label?: string) => Paging;
}

/** Paging through a list with the server's page tokens, those of the pages seen kept so "previous" goes back without a new query. */
export function pages(show: (focus: boolean) => unknown): Pages {
  const tokens = [""];
  let page = 0;
  return {
    get page() {
      return page;
    },
    get token() {
      return tokens[page];
    },
    keep: (next) => {
      if (next) tokens[page + 1] = next;
    },
    paging: (next, label) => ({
      page,
      hasNext: !!next,
      label,
      turn: (delta) => {
        page += delta;
        void show(true);
      },
    }),
  };
}

/** Buttons to the page before and after; `prefix` keeps their ids apart when a page has several lists. */
export function pager(paging: Paging, prefix = ""): HTMLElement {
  const button = (buttonId: string, text: string, disabled: boolean, delta: number) =>
    h(
      "button",
      {
        type: "button",
        class: "utrecht-button utrecht-button--secondary-action",
        id: `${prefix}${buttonId}`,
        disabled,
        onclick: () => paging.turn(delta),
      },
      text,
    );
  return h(
    "nav",
    { class: "passend-pager", "aria-label": prefix ? `${t.pageNav}: ${paging.label ?? ""}` : t.pageNav },
    button("previous-page", t.previousPage, paging.page === 0, -1),
    button("next-page", t.nextPage, !paging.hasNext, +1),
  );
}

/**
 * One page of a list as a section of `results`, with buttons to the page
 * before and after: its heading names the table (a caption would say the
 * same twice) and takes the focus when the reader turned a page (`focus`),
 * so that a screen reader starts at the new page. `opts.prefix` sets the
 * pager's ids apart (several lists on a page), `opts.intro` goes under the
 * heading.
 */
export function showListPage(
  results: HTMLElement,
  id: string,
  title: string,
  headers: string[],
  rows: Child[][],
  paging: Paging,
  focus: boolean,
  opts: { prefix?: string; intro?: Node | null; empty?: { id: string; text: string } } = {},
): void {
  if (rows.length === 0 && opts.empty) {
    results.replaceChildren(h("p", { class: "utrecht-paragraph", id: opts.empty.id }, opts.empty.text));
    return;
  }
  const list = table(title, headers, rows);
  list.querySelector("caption")?.remove();
  list.setAttribute("aria-labelledby", `${id}-title`);
  results.replaceChildren(section(title, id, opts.intro ?? null, h("div", { class: "passend-table-wrap" }, list), pager(paging, opts.prefix)));
  const h2 = results.querySelector("h2");
  if (focus && h2) {
    h2.setAttribute("tabindex", "-1");
    h2.focus();
  }
}

/**
 * A choice that changes part of the page: a select and a button (never on
 * change alone, so moving through the options with the keyboard changes
 * nothing until the reader says so).
 */
export function chooser(
  id: string,
  label: string,
  options: { value: string; text: string }[],
  value: string,
  onApply: (value: string) => void,
  buttonText = t.filterApply,
): HTMLFormElement {
  const { field, select } = selectField(id, label, options, value);
  const form = h(
    "form",
    { class: "passend-filters", id: `${id}-form`, novalidate: true },
    field,
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, buttonText),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    onApply(select.value);
  });
  return form;
}

/** Keeps `key` in the address (without a new history entry), so a reload shows the same. */
export function keepInAddress(key: string, value: string): void {
  const q = new URLSearchParams(location.search);
  if (value) q.set(key, value);
  else q.delete(key);
  const s = q.toString();
  history.replaceState(null, "", `${location.pathname}${s ? "?" + s : ""}`);
}

/**
 * The value of an enum named in the address (`?state=REQUESTED`); 0 (its
 * UNSPECIFIED) for a name it does not hold, a number included.
 */
export function enumFromAddress(e: Record<string, string | number>, name: string | null): number {
  const v = name ? e[name] : undefined;
  return typeof v === "number" ? v : 0;
}

/** The words of a step asked once more in the page. */
export interface ConfirmTexts {
  question: string;
  yes: string;
  no: string;
}

/**
 * A step that cannot be undone, asked once more in the page (never the
 * browser's confirm()): `trigger` gives way to the question with "yes" and
 * "no" as a group named by the question. Focus goes to "no", the step that
 * changes nothing (as the WAI-ARIA dialog pattern advises for a destructive
 * one); "no" or Escape bring the trigger back with the focus on it. "Yes"
 * runs `step`: when it says it failed (it shows why itself), the trigger
 * comes back with the focus; when it succeeded, it has put the outcome in
 * the page and the focus on it.
 */
export function confirmInPlace(trigger: HTMLButtonElement, id: string, texts: () => ConfirmTexts, step: () => Promise<boolean>): void {
  trigger.addEventListener("click", () => {
    const tx = texts();
    const yes = h("button", { type: "button", id: `${id}-yes`, class: "utrecht-button utrecht-button--primary-action" }, tx.yes);
    const no = h("button", { type: "button", id: `${id}-no`, class: "utrecht-button utrecht-button--secondary-action" }, tx.no);
    const box = h(
      "div",
      { role: "group", class: "passend-confirm-step", id: `${id}-confirm`, "aria-labelledby": `${id}-question` },
      h("p", { class: "utrecht-paragraph", id: `${id}-question` }, tx.question),
      h("div", { class: "passend-actions" }, yes, no),
    );
    const back = () => {
      box.remove();
      trigger.hidden = false;
      trigger.focus();
    };
    no.addEventListener("click", back);
    box.addEventListener("keydown", (e) => {
      if (e.key === "Escape" && !yes.disabled) {
        e.preventDefault();
        back();
      }
    });
    yes.addEventListener("click", async () => {
      yes.disabled = no.disabled = true;
      if (await step()) box.remove();
      else back();
    });
    trigger.hidden = true;
    trigger.after(box);
    no.focus();
  });
}
