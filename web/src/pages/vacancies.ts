import { Caller_Role } from "../gen/passend/v1/account_pb";
import { Vacancy_ContractType, Vacancy_Status, type Vacancy } from "../gen/passend/v1/vacancy_pb";
import { api } from "../api";
import { h } from "../dom";
import { t } from "../i18n";
import type { Ctx } from "../main";
import { textInput } from "../form";
import { heading, loading, pages, showListPage } from "./common";

const PAGE_SIZE = 25;

export function statusText(s: Vacancy_Status): string {
  const key = (Vacancy_Status[s] ?? "UNSPECIFIED") as keyof typeof t.vacancyStatus;
  return t.vacancyStatus[key] ?? t.vacancyStatus.UNSPECIFIED;
}

export function contractText(c: Vacancy_ContractType): string {
  return t.contractTypes[Vacancy_ContractType[c] as keyof typeof t.contractTypes] ?? "–";
}

/** The vacancies the caller may see: an employer's own, or (admin) all. */
export async function renderVacancies(main: HTMLElement, ctx: Ctx): Promise<void> {
  const mine = ctx.caller.role === Caller_Role.EMPLOYER;
  main.append(heading(mine ? t.myVacanciesTitle : t.vacanciesTitle));
  if (mine) {
    main.append(
      h(
        "p",
        { class: "utrecht-paragraph" },
        h("a", { href: "/vacancies/new", id: "new-vacancy", class: "utrecht-button-link utrecht-button-link--primary-action" }, t.newVacancy),
      ),
    );
  }
  const query = (new URLSearchParams(location.search).get("q") ?? "").trim().slice(0, 100);
  const search = textInput("filter-query", t.searchVacancies, query, { type: "search", hint: t.searchVacanciesHint, maxlength: 100 });
  const form = h(
    "form",
    { class: "passend-filters", id: "vacancy-filters", role: "search", "aria-label": t.searchVacanciesForm },
    search.field,
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t.search),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = search.control.value.trim();
    ctx.navigate(`/vacancies${text ? "?q=" + encodeURIComponent(text) : ""}`);
  });
  main.append(form);
  const results = h("div", { id: "vacancy-results", "aria-live": "polite" });
  main.append(results);
  const pg = pages(show);

  async function show(focus = false): Promise<void> {
    results.replaceChildren(loading());
    const res = await api.vacancies.listVacancies({ pageSize: PAGE_SIZE, pageToken: pg.token, query });
    pg.keep(res.nextPageToken);
    const rows = res.vacancies.map((v: Vacancy) => {
      const id = v.name.replace(/^vacancies\//, "");
      return [
        h("a", { href: `/vacancies/${id}`, class: "utrecht-link" }, v.title || id),
        statusText(v.status),
        v.region,
        v.hoursPerWeek ? `${v.hoursPerWeek.min}–${v.hoursPerWeek.max}` : "",
        t.positionsOf(v.filledPositions, v.positions),
      ];
    });
    showListPage(
      results,
      "vacancy-list",
      t.vacanciesCaption(pg.page + 1),
      [t.colTitle, t.colStatus, t.colRegion, t.colHours, t.colPositions],
      rows,
      pg.paging(res.nextPageToken),
      focus,
      { empty: { id: "no-vacancies", text: query ? t.noVacanciesFound(query) : t.noVacancies } },
    );
  }
  await show();
}
