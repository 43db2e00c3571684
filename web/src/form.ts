// Form fields in the NL Design System's look, each with its label, an
// optional hint, and a slot for the server's complaint about it. The
// server is the one validator: forms are `novalidate` and every field
// violation it names (google.rpc.BadRequest) is shown at its field, tied
// to it with aria-describedby and aria-invalid, and focus moves to the
// first. Nothing typed is cleared when the server refuses.
import { h } from "./dom";

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export interface Field {
  /** The wrapper (utrecht-form-field). */
  field: HTMLElement;
  control: Control;
  hintId: string | null;
  errorSlot: HTMLElement;
}

function wrap(id: string, label: string, control: Control, hint: string | null, kind: string): Field {
  const hintId = hint ? `${id}-hint` : null;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  const errorSlot = h("div", { class: "passend-error-slot" });
  const isCheck = control instanceof HTMLInputElement && control.type === "checkbox";
  const labelEl = h("label", { class: `utrecht-form-label${isCheck ? " utrecht-form-label--checkbox" : ""}`, for: id }, label);
  const field = h(
    "div",
    { class: `utrecht-form-field utrecht-form-field--${kind}` },
    isCheck
      ? h("div", { class: "utrecht-form-field__input passend-check" }, control, labelEl)
      : h("div", { class: "utrecht-form-field__label" }, labelEl),
    hint ? h("div", { class: "utrecht-form-field-description", id: hintId }, hint) : null,
    errorSlot,
    isCheck ? null : h("div", { class: "utrecht-form-field__input" }, control),
  );
  return { field, control, hintId, errorSlot };
}

export function textInput(
  id: string,
  label: string,
  value: string,
  opts: { hint?: string; type?: string; autocomplete?: string; inputmode?: string; size?: string; maxlength?: number } = {},
): Field {
  const input = h("input", {
    id,
    name: id,
    type: opts.type ?? "text",
    value,
    autocomplete: opts.autocomplete ?? "off",
    inputmode: opts.inputmode ?? null,
    maxlength: opts.maxlength ?? null,
    class: `utrecht-textbox utrecht-textbox--html-input${opts.size ? ` passend-size-${opts.size}` : ""}`,
  });
  return wrap(id, label, input, opts.hint ?? null, "text");
}

export function textArea(id: string, label: string, value: string, hint?: string): Field {
  const area = h("textarea", { id, name: id, rows: 4, class: "utrecht-textarea utrecht-textarea--html-textarea" });
  area.value = value;
  return wrap(id, label, area, hint ?? null, "textarea");
}

export function selectInput(
  id: string,
  label: string,
  options: { value: string; text: string }[],
  value: string,
  hint?: string,
): Field {
  const select = h(
    "select",
    { id, name: id, class: "utrecht-select utrecht-select--html-select" },
    options.map((o) => h("option", { value: o.value, selected: o.value === value }, o.text)),
  );
  return wrap(id, label, select, hint ?? null, "select");
}

export function checkbox(id: string, label: string, checked: boolean, hint?: string): Field {
  const input = h("input", {
    id,
    name: id,
    type: "checkbox",
    checked,
    class: "utrecht-checkbox utrecht-checkbox--html-input",
  });
  return wrap(id, label, input, hint ?? null, "checkbox");
}

export function fieldset(legend: string, ...children: (Node | null)[]): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "utrecht-form-fieldset utrecht-form-fieldset--html-fieldset passend-fieldset" },
    h("legend", { class: "utrecht-form-fieldset__legend utrecht-form-fieldset__legend--html-legend" }, legend),
    ...children,
  );
}

/** Clears every field's error. */
export function clearErrors(fields: Iterable<Field>): void {
  for (const f of fields) {
    f.errorSlot.replaceChildren();
    f.field.classList.remove("utrecht-form-field--invalid");
    f.control.removeAttribute("aria-invalid");
    if (f.hintId) f.control.setAttribute("aria-describedby", f.hintId);
    else f.control.removeAttribute("aria-describedby");
  }
}

/** Shows `text` at the field: error message, aria-invalid, aria-describedby. */
export function showError(f: Field, text: string, detail?: string): void {
  const id = `${f.control.id}-error`;
  f.errorSlot.replaceChildren(
    h(
      "p",
      { class: "utrecht-form-field-error-message", id },
      text,
      detail ? h("span", { class: "passend-muted", lang: "en" }, ` (${detail})`) : null,
    ),
  );
  f.field.classList.add("utrecht-form-field--invalid");
  f.control.setAttribute("aria-invalid", "true");
  f.control.setAttribute("aria-describedby", [f.hintId, id].filter(Boolean).join(" "));
}

/** Focuses the first field (in document order) of those given. */
export function focusFirst(fields: Field[]): void {
  const sorted = [...fields].sort((a, b) =>
    a.control.compareDocumentPosition(b.control) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1,
  );
  sorted[0]?.control.focus();
}

/** The values typed into a form, by control id (kept in memory only, never stored). */
export function snapshot(form: HTMLFormElement): Record<string, string | boolean> {
  const s: Record<string, string | boolean> = {};
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    if (!el.id) continue;
    s[el.id] = el instanceof HTMLInputElement && el.type === "checkbox" ? el.checked : el.value;
  }
  return s;
}

export function restore(form: HTMLFormElement, s: Record<string, string | boolean>): void {
  for (const el of Array.from(form.elements)) {
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement)) continue;
    const v = s[el.id];
    if (v === undefined) continue;
    if (el instanceof HTMLInputElement && el.type === "checkbox") el.checked = v === true;
    else el.value = String(v);
    el.dispatchEvent(new Event("change"));
  }
}
