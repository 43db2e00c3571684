import { signIn } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import { heading } from "./common";

/** The sign-in form: the key is sent once to POST /session and then dropped. */
export function renderSignIn(main: HTMLElement, onSignedIn: () => Promise<void>): void {
  const errorId = "key-error";
  const input = h("input", {
    id: "key",
    name: "key",
    type: "password",
    autocomplete: "off",
    spellcheck: "false",
    required: true,
    class: "utrecht-textbox utrecht-textbox--html-input",
    "aria-describedby": "key-hint",
  });
  const errorSlot = h("div");
  const field = h(
    "div",
    { class: "utrecht-form-field utrecht-form-field--text" },
    h("div", { class: "utrecht-form-field__label" }, h("label", { class: "utrecht-form-label", for: "key" }, t.keyLabel)),
    h("div", { class: "utrecht-form-field-description", id: "key-hint" }, t.keyHint),
    errorSlot,
    h("div", { class: "utrecht-form-field__input" }, input),
  );
  const button = h("button", { type: "submit", class: "utrecht-button utrecht-button--primary-action" }, t.signInButton);
  const showError = (text: string) => {
    errorSlot.replaceChildren(
      h("div", { class: "utrecht-form-field-error-message", id: errorId, role: "alert" }, text),
    );
    field.classList.add("utrecht-form-field--invalid");
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby", `key-hint ${errorId}`);
    input.focus();
  };
  const form = h(
    "form",
    { class: "passend-signin", id: "sign-in", novalidate: true },
    field,
    h("div", { class: "utrecht-button-group" }, button),
  );
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const key = input.value.trim();
    if (!key) {
      showError(t.signInEmpty);
      return;
    }
    button.disabled = true;
    try {
      const r = await signIn(key);
      if (r.ok) {
        input.value = "";
        await onSignedIn();
        return;
      }
      showError(r.reason === "bad_key" ? t.signInBadKey : r.reason === "too_many" ? t.signInTooMany : t.errorGeneric);
    } catch {
      showError(t.errorGeneric);
    } finally {
      button.disabled = false;
    }
  });
  main.append(heading(t.signInTitle), h("p", { class: "utrecht-paragraph" }, t.signInIntro), form);
}
