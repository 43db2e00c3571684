// The region-wide assignment proposal (AdviceService.ProposeAssignments):
// candidate-vacancy pairs, each candidate once and each vacancy at most its
// open positions, chosen so that the most people find work. The consultant
// picks rows and accepts them: each becomes a PROPOSED placement through
// the one CreatePlacement action (common.ts), with its outcome at its row.
import { Caller_Role } from "../gen/passend/v1/account_pb";
import { MatchView, OccupationMatch_Closeness, type MatchExplanation } from "../gen/passend/v1/match_pb";
import { Vacancy_Status } from "../gen/passend/v1/vacancy_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api } from "../api";
import { h, table } from "../dom";
import { formatNumber, t } from "../i18n";
import type { Ctx } from "../main";
import { places, regionLabel, regionOptions } from "../places";
import { taxonomy } from "../taxonomy";
import { explanationBody, proposalTexts } from "./candidate";
import { alertBox, chooser, createPlacement, heading, loading, section } from "./common";

/** Every page of a list, as a map from name to what the page calls it. */
async function allNames<T extends { name: string }>(
  page: (token: string) => Promise<{ items: T[]; next: string }>,
  label: (x: T) => string,
): Promise<Map<string, string>> {
  const m = new Map<string, string>();
  let token = "";
  do {
    const r = await page(token);
    for (const x of r.items) m.set(x.name, label(x));
    token = r.next;
  } while (token);
  return m;
}

/** The explanation in a line: needs met, travel, hours together, occupation. */
function summary(e: MatchExplanation | undefined): string {
  if (!e) return "";
  const parts: string[] = [];
  if (e.needs.length > 0) parts.push(t.sumNeeds(e.needs.filter((n) => n.met).length, e.needs.length));
  if (e.travel) parts.push(t.sumTravel(formatNumber(e.travel.distanceKm, 0)));
  if (e.hours) parts.push(t.hoursOverlap(e.hours.overlap));
  if (e.occupation) parts.push(t.closeness[(OccupationMatch_Closeness[e.occupation.closeness] ?? "NONE") as keyof typeof t.closeness]);
  return parts.join(" · ");
}

export async function renderProposals(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(heading(t.proposalsTitle), h("p", { class: "utrecht-paragraph" }, t.proposalsIntro));
  const pl = await places();
  const options = regionOptions(pl, ctx.caller.role === Caller_Role.WSP ? ctx.caller.regions : undefined);
  const asked = new URLSearchParams(location.search).get("region") ?? "";
  const region = options.some((o) => o.value === asked) ? asked : options.length === 1 ? options[0].value : "";
  main.append(
    chooser(
      "proposal-region",
      t.colRegion,
      region ? options : [{ value: "", text: t.choose }, ...options],
      region,
      (v) => v && ctx.navigate(`/proposals?region=${encodeURIComponent(v)}`),
      t.makeProposal,
    ),
  );
  if (!region) return;
  const name = regionLabel(pl, region);
  const results = section(t.proposalsFor(name), "proposals", loading());
  main.append(results);
  const [res, tx, cands, vacs] = await Promise.all([
    api.advice.proposeAssignments({ regions: [region], view: MatchView.FULL }),
    taxonomy(),
    allNames(
      (pageToken) => api.candidates.listCandidates({ ownerRegion: region, pageSize: 1000, pageToken }).then((r) => ({ items: r.candidates, next: r.nextPageToken })),
      (c) => c.displayName || c.name,
    ),
    allNames(
      (pageToken) =>
        api.vacancies
          .listVacancies({ region, status: Vacancy_Status.OPEN, pageSize: 1000, pageToken })
          .then((r) => ({ items: r.vacancies, next: r.nextPageToken })),
      (v) => `${v.title} – ${v.employerName}`,
    ),
  ]);
  results.querySelector('[role="status"]')?.remove();
  results.append(
    h(
      "p",
      { class: "utrecht-paragraph", id: "proposals-summary" },
      t.proposalsSummary(
        Number(res.optimal?.placements ?? 0n),
        Number(res.greedy?.placements ?? 0n),
        Number(res.openPositionCount),
        Number(res.candidateCount),
      ),
    ),
  );
  if (res.proposals.length === 0) {
    results.append(h("p", { class: "utrecht-paragraph", id: "no-proposals" }, t.noProposals));
    return;
  }
  const rows = res.proposals.map((p) => {
    const who = cands.get(p.candidate) ?? p.candidate;
    const what = vacs.get(p.vacancy) ?? p.vacancy;
    const box = h("input", {
      type: "checkbox",
      class: "utrecht-checkbox utrecht-checkbox--html-input passend-pick",
      "aria-label": t.pickProposal(who, what),
      "data-candidate": p.candidate,
      "data-vacancy": p.vacancy,
    });
    const out = h("div", { class: "passend-accept-status" });
    return { p, who, what, box, out };
  });
  const tbl = table(
    t.proposalsCaption(name),
    [t.colPick, t.colName, t.colVacancy, t.score, t.colWhy, t.colResult],
    rows.map((r) => [
      r.box,
      h("a", { href: `/${r.p.candidate}`, class: "utrecht-link" }, r.who),
      h("a", { href: `/${r.p.vacancy}`, class: "utrecht-link" }, r.what),
      formatNumber(r.p.score),
      explained(tx, r.p.explanation),
      r.out,
    ]),
  );
  tbl.id = "proposal-table";
  const status = h("div", { id: "accept-status", "aria-live": "polite" });
  const pickAll = h("button", { type: "button", class: "utrecht-button utrecht-button--secondary-action", id: "pick-all" }, t.pickAll);
  pickAll.addEventListener("click", () => {
    const open = rows.filter((r) => !r.box.disabled);
    const all = open.every((r) => r.box.checked);
    for (const r of open) r.box.checked = !all;
  });
  const accept = h("button", { type: "button", class: "utrecht-button utrecht-button--primary-action", id: "accept-proposals" }, t.acceptPicked);
  accept.addEventListener("click", async () => {
    const picked = rows.filter((r) => r.box.checked && !r.box.disabled);
    if (picked.length === 0) {
      status.replaceChildren(alertBox("error", t.pickFirst));
      return;
    }
    accept.disabled = true;
    status.replaceChildren(h("p", { class: "utrecht-paragraph passend-muted" }, t.accepting));
    let done = 0;
    // One at a time: each row says how its own went.
    for (const r of picked) {
      const outcome = await createPlacement(r.out, r.p.candidate, r.p.vacancy, proposalTexts(r.p.candidate));
      if (outcome === "done") done++;
      if (outcome === "done" || outcome === "exists") {
        r.box.checked = false;
        r.box.disabled = true;
      }
    }
    status.replaceChildren(
      alertBox(done === picked.length ? "ok" : "info", t.acceptedSummary(done, picked.length - done)),
      h("p", { class: "utrecht-paragraph" }, h("a", { href: "/placements", class: "utrecht-link", id: "to-board" }, t.toPlacements)),
    );
    accept.disabled = false;
  });
  results.append(
    h("div", { class: "passend-table-wrap" }, tbl),
    h("div", { class: "passend-actions" }, pickAll, accept),
    status,
  );
}

/** The explanation in a line, with the whole of it behind "more". */
function explained(tx: Taxonomy, e: MatchExplanation | undefined): HTMLElement {
  return h(
    "div",
    null,
    summary(e),
    e ? h("details", { class: "passend-details" }, h("summary", null, t.moreExplanation), ...explanationBody(tx, e)) : null,
  );
}
