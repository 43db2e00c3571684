import { Caller_Role } from "../gen/passend/v1/account_pb";
import { Candidate_Availability, ListCandidatesRequest_Freshness, type Candidate } from "../gen/passend/v1/candidate_pb";
import { api, errorCode } from "../api";
import { Code } from "@connectrpc/connect";
import { taxonomy } from "../taxonomy";
import { h } from "../dom";
import { formatDate, t } from "../i18n";
import type { Ctx } from "../main";
import { textInput } from "../form";
import { enumFromAddress, heading, loading, pages, selectField, showListPage } from "./common";

const PAGE_SIZE = 20;

export function availabilityText(a: Candidate_Availability): string {
  const key = (Candidate_Availability[a] ?? "UNSPECIFIED") as keyof typeof t.availability;
  return t.availability[key] ?? t.availability.UNSPECIFIED;
}

/**
 * Candidates of the caller's regions: search, filter by region, availability
 * and freshness (the profiles to confirm), all kept in the address; page
 * through with the server's page tokens.
 */
export async function renderCandidates(main: HTMLElement, ctx: Ctx): Promise<void> {
  const isWsp = ctx.caller.role === Caller_Role.WSP;
  main.append(
    heading(isWsp ? t.candidatesTitle : t.candidatesAllTitle),
    h(
      "p",
      { class: "utrecht-paragraph" },
      h("a", { href: "/candidates/new", id: "new-candidate", class: "utrecht-button-link utrecht-button-link--primary-action" }, t.newCandidate),
    ),
  );

  const params = new URLSearchParams(location.search);
  const regions = ctx.caller.regions;
  const region = params.get("region") ?? "";
  const avail = params.get("availability") ?? "";
  const query = (params.get("q") ?? "").trim().slice(0, 100);
  const fresh = params.get("freshness") ?? "";
  const freshness = enumFromAddress(ListCandidatesRequest_Freshness, fresh);
  const staleAfterDays = (await taxonomy()).staleAfterDays;

  const regionSel = selectField(
    "filter-region",
    t.filterRegion,
    [{ value: "", text: t.filterRegionAll }, ...regions.map((r) => ({ value: r, text: r }))],
    region,
  );
  const availSel = selectField(
    "filter-availability",
    t.filterAvailability,
    [
      { value: "", text: t.filterAvailabilityAll },
      ...[
        Candidate_Availability.AVAILABLE_NOW,
        Candidate_Availability.AVAILABLE_FROM,
        Candidate_Availability.PLACED,
        Candidate_Availability.WITHDRAWN,
      ].map((a) => ({ value: Candidate_Availability[a], text: availabilityText(a) })),
    ],
    avail,
  );
  const freshSel = selectField(
    "filter-freshness",
    t.filterFreshness,
    [
      { value: "", text: t.filterFreshnessAll },
      { value: "STALE", text: t.filterFreshnessStale },
      { value: "FRESH", text: t.filterFreshnessFresh },
    ],
    freshness ? fresh : "",
  );
  const search = textInput("filter-query", t.searchCandidates, query, { type: "search", hint: t.searchCandidatesHint, maxlength: 100 });
  const form = h(
    "form",
    { class: "passend-filters", id: "candidate-filters", role: "search", "aria-label": t.searchCandidatesForm },
    search.field,
    regions.length > 1 ? regionSel.field : null,
    availSel.field,
    freshSel.field,
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t.filterApply),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    const text = search.control.value.trim();
    if (text) q.set("q", text);
    if (regions.length > 1 && regionSel.select.value) q.set("region", regionSel.select.value);
    if (availSel.select.value) q.set("availability", availSel.select.value);
    if (freshSel.select.value) q.set("freshness", freshSel.select.value);
    const s = q.toString();
    ctx.navigate(`/candidates${s ? "?" + s : ""}`);
  });
  main.append(form);

  const results = h("div", { id: "candidate-results", "aria-live": "polite" });
  main.append(results);

  const pg = pages(show);
  const availability = enumFromAddress(Candidate_Availability, avail);

  async function show(focus = false): Promise<void> {
    results.replaceChildren(loading());
    const res = await api.candidates.listCandidates({
      pageSize: PAGE_SIZE,
      pageToken: pg.token,
      ownerRegion: region,
      availability,
      query,
      freshness,
    });
    pg.keep(res.nextPageToken);
    const rows = res.candidates.map((c: Candidate) => {
      const id = c.name.replace(/^candidates\//, "");
      return [
        h("a", { href: `/candidates/${id}`, class: "utrecht-link" }, c.displayName || id),
        c.externalRef,
        c.ownerRegion,
        c.availability === Candidate_Availability.AVAILABLE_FROM && c.availableFrom
          ? t.availableFrom(formatDate(c.availableFrom))
          : availabilityText(c.availability),
        c.hoursPerWeek ? `${c.hoursPerWeek.min}–${c.hoursPerWeek.max}` : "",
        confirmedCell(c, staleAfterDays),
      ];
    });
    showListPage(
      results,
      "candidate-list",
      t.candidatesCaption(pg.page + 1),
      [t.colName, t.colReference, t.colRegion, t.colAvailability, t.colHours, t.colConfirmed],
      rows,
      pg.paging(res.nextPageToken),
      focus,
      {
        empty: { id: "no-candidates", text: query ? t.noCandidatesFound(query) : t.noCandidates },
        intro:
          freshness === ListCandidatesRequest_Freshness.STALE
            ? h("p", { class: "utrecht-paragraph", id: "stale-intro" }, t.staleOnlyIntro(staleAfterDays))
            : null,
      },
    );
  }
  await show();
}

function today(): { year: number; month: number; day: number } {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}

/** Not confirmed within the taxonomy's stale_after_days: the matcher leaves the profile out. */
export function isStale(c: Candidate, staleAfterDays: number): boolean {
  if (!staleAfterDays || !c.lastConfirmed?.year) return false;
  const then = Date.UTC(c.lastConfirmed.year, c.lastConfirmed.month - 1, c.lastConfirmed.day);
  const n = today();
  return (Date.UTC(n.year, n.month - 1, n.day) - then) / 86_400_000 > staleAfterDays;
}

/** The date the profile was confirmed; a stale one says so and can be confirmed today. */
function confirmedCell(c: Candidate, staleAfterDays: number): HTMLElement {
  const cell = h("div", { class: "passend-confirmed", "data-candidate": c.name });
  if (!isStale(c, staleAfterDays)) {
    cell.append(formatDate(c.lastConfirmed));
    return cell;
  }
  const out = h("div", { "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action passend-confirm",
      "aria-label": t.confirmProfileFor(c.displayName || c.name),
    },
    t.confirmProfile,
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const saved = await api.candidates.updateCandidate({
        candidate: { name: c.name, etag: c.etag, lastConfirmed: today() },
        updateMask: { paths: ["last_confirmed"] },
      });
      cell.replaceChildren(formatDate(saved.lastConfirmed), h("p", { class: "utrecht-paragraph passend-ok", role: "status" }, t.profileConfirmed));
    } catch (e) {
      button.disabled = false;
      const code = errorCode(e);
      out.replaceChildren(h("p", { class: "utrecht-paragraph", role: "alert" }, code === Code.Aborted ? t.changedMeanwhile : t.errorGeneric));
      if (code !== Code.Aborted) console.warn(e);
    }
  });
  cell.append(formatDate(c.lastConfirmed), " ", h("span", { class: "passend-no" }, t.profileStale), h("br"), button, out);
  return cell;
}
