// An ESCO occupation chosen by type-ahead (TaxonomyService.SearchOccupations):
// the one combobox of the candidate form (occupations of experience or
// interest) and the vacancy form (occupation, must-have experience), after
// the WAI-ARIA 1.2 combobox pattern with a list and manual choice: the text
// box keeps the focus, arrow keys move through the list (aria-activedescendant),
// Enter chooses, Escape closes; a live region says how many were found.
// Typing searches after a short pause, and a newer search cancels the older.
// The ESCO id chosen is what the form sends; an id the record already has
// is shown by its title.
import type { Occupation, SearchOccupationsResponse_Result } from "./gen/passend/v1/taxonomy_pb";
import { api } from "./api";
import { h } from "./dom";
import { textInput, type Field } from "./form";
import { currentLang, t, title } from "./i18n";

const DEBOUNCE_MS = 150;
const PAGE_SIZE = 10;

export interface OccupationField extends Field {
  /**
   * The ESCO id chosen (or the one the record had); when none is chosen,
   * the text typed, for the server to refuse at the field.
   */
  escoId: () => string;
}

// Titles by language and ESCO id, for the page's life (reference data, not a record).
const titles = new Map<string, Promise<string>>();

/** The title of the ESCO occupation `id` in the page's language, or the id itself when none is found. */
export function occupationTitle(id: string): Promise<string> {
  const key = `${currentLang()} ${id}`;
  let found = titles.get(key);
  if (!found) {
    found = api.taxonomy
      .searchOccupations({ query: id, language: currentLang(), pageSize: 1 })
      .then((r) => {
        const o = r.results.find((x) => x.occupation?.escoId === id)?.occupation;
        return o ? title(o) : id;
      })
      .catch((e) => {
        titles.delete(key);
        console.warn(e);
        return id;
      });
    titles.set(key, found);
  }
  return found;
}

/** The title of the ESCO occupation `id` as `text` says it, in a span (the id until the title is known). */
export function occupationName(id: string, text: (name: string) => string = (name) => name): HTMLElement {
  const span = h("span", null, text(id));
  void occupationTitle(id).then((name) => (span.textContent = text(name)));
  return span;
}

/** A query the server takes: 2 to 100 characters with a letter or digit. */
const searchable = (q: string) => q.length >= 2 && /[\p{L}\p{N}]/u.test(q);

/** The occupation field `id`, holding the ESCO id `value` ("" for none). */
export function occupationField(id: string, label: string, value: string, hint?: string): OccupationField {
  const f = textInput(id, label, value, { hint, size: "l", maxlength: 100 });
  const input = f.control as HTMLInputElement;
  const listId = `${id}-list`;
  const list = h("ul", { id: listId, role: "listbox", "aria-label": label, class: "passend-combobox__list", hidden: true });
  // The ESCO id chosen: a hidden input, so the form's draft keeps it across the language switch.
  const chosen = h("input", { type: "hidden", id: `${id}-esco`, value });
  const status = h("div", { role: "status", class: "passend-sr-only", id: `${id}-status` });
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", listId);
  input.parentElement!.classList.add("passend-combobox");
  input.after(list, chosen, status);

  let results: SearchOccupationsResponse_Result[] = [];
  let active = -1;
  let timer = 0;
  let search: AbortController | null = null;

  const setActive = (i: number) => {
    active = i;
    Array.from(list.children).forEach((o, j) => o.setAttribute("aria-selected", String(j === i)));
    if (i < 0) input.removeAttribute("aria-activedescendant");
    else {
      input.setAttribute("aria-activedescendant", `${id}-option-${i}`);
      list.children[i].scrollIntoView({ block: "nearest" });
    }
  };
  const open = (yes: boolean) => {
    list.hidden = !yes;
    input.setAttribute("aria-expanded", String(yes));
    setActive(-1);
  };
  // The title of the id chosen, once known (unless the reader has typed since).
  const showTitle = (esco: string) =>
    void occupationTitle(esco).then((text) => {
      if (chosen.value === esco) input.value = text;
    });
  const choose = (i: number) => {
    const o = results[i].occupation as Occupation;
    chosen.value = o.escoId;
    input.value = title(o);
    status.textContent = "";
    titles.set(`${currentLang()} ${o.escoId}`, Promise.resolve(input.value));
    open(false);
    chosen.dispatchEvent(new Event("change", { bubbles: true })); // the draft keeps it
  };
  const show = (found: SearchOccupationsResponse_Result[]) => {
    results = found;
    list.replaceChildren(
      ...found.map((r, i) => {
        const name = title(r.occupation as Occupation);
        const other = r.matchedLabel !== "" && r.matchedLabel.toLowerCase() !== name.toLowerCase();
        return h(
          "li",
          {
            id: `${id}-option-${i}`,
            role: "option",
            "aria-selected": "false",
            class: "passend-combobox__option",
            "data-esco": r.occupation?.escoId,
            onmousedown: (e: Event) => e.preventDefault(), // the text box keeps the focus
            onclick: () => choose(i),
          },
          name,
          other
            ? h("small", null, `${t.occupationAlso} `, h("span", { lang: r.matchedLanguage !== currentLang() ? r.matchedLanguage : null }, r.matchedLabel))
            : null,
        );
      }),
    );
    status.textContent = t.occupationsFound(found.length);
    open(found.length > 0);
  };

  input.addEventListener("input", () => {
    chosen.value = ""; // typed over: nothing chosen until the reader chooses again
    window.clearTimeout(timer);
    search?.abort();
    const q = input.value.trim();
    if (!searchable(q)) {
      results = [];
      status.textContent = "";
      open(false);
      return;
    }
    timer = window.setTimeout(async () => {
      const mine = (search = new AbortController());
      try {
        const r = await api.taxonomy.searchOccupations({ query: q, language: currentLang(), pageSize: PAGE_SIZE }, { signal: mine.signal });
        if (mine === search && document.activeElement === input) show(r.results);
      } catch (e) {
        if (mine.signal.aborted) return; // a newer search took over
        status.textContent = t.occupationSearchFailed;
        console.warn(e);
      }
    }, DEBOUNCE_MS);
  });
  input.addEventListener("keydown", (e) => {
    const n = results.length;
    const isOpen = !list.hidden;
    if (e.key === "ArrowDown" && n > 0) {
      e.preventDefault();
      if (!isOpen) open(true);
      if (!e.altKey) setActive((active + 1) % n);
    } else if (e.key === "ArrowUp" && n > 0) {
      e.preventDefault();
      if (!isOpen) open(true);
      setActive(active <= 0 ? n - 1 : active - 1);
    } else if (e.key === "Enter" && isOpen) {
      // Enter chooses; with nothing to choose it closes the list and sends the form.
      if (active >= 0) {
        e.preventDefault();
        choose(active);
      } else open(false);
    } else if (e.key === "Escape" && isOpen) {
      e.preventDefault();
      open(false);
    }
  });
  input.addEventListener("blur", () => open(false));
  // A draft restored (the language switch) sets the id: show its title in the new language.
  chosen.addEventListener("change", () => {
    if (chosen.value) showTitle(chosen.value);
  });
  if (value) showTitle(value);

  return { ...f, escoId: () => chosen.value || input.value.trim() };
}
