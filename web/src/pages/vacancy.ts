import { Caller_Role } from "../gen/passend/v1/account_pb";
import { Constraint_Kind, MatchView, type AnonymousMatch, type Unlocker } from "../gen/passend/v1/match_pb";
import { csvLink } from "../csv";
import { adviceSection } from "./advice";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api } from "../api";
import { h, table } from "../dom";
import { formatDate, formatNumber, t } from "../i18n";
import type { Ctx } from "../main";
import { adjustmentTitle, dimensionTitle, levelText, needTitle, taxonomy } from "../taxonomy";
import { occupationName } from "../occupations";
import { alertBox, heading, loading, section } from "./common";
import { contractText, statusText } from "./vacancies";
import { myPlacements, requestCell } from "./requests";
import { Placement_State, type Placement } from "../gen/passend/v1/placement_pb";

/**
 * A vacancy and who fits it, anonymously. Only what RankAnonymousCandidates
 * gives is shown: no name, contact, label, postcode or capacity of anyone.
 */
export async function renderVacancy(main: HTMLElement, ctx: Ctx, id: string): Promise<void> {
  const [v, tx] = await Promise.all([api.vacancies.getVacancy({ name: `vacancies/${id}` }), taxonomy()]);
  main.append(heading(t.vacancyTitle(v.title || id)));
  const saved = new URLSearchParams(location.search).get("saved");
  if (saved) main.append(alertBox("ok", saved === "created" ? t.vacancyCreated : t.vacancyUpdated, "saved"));
  if (ctx.caller.role === Caller_Role.EMPLOYER) {
    main.append(
      h("p", { class: "utrecht-paragraph" }, h("a", { href: `/vacancies/${id}/edit`, id: "edit-vacancy", class: "utrecht-link" }, t.editVacancy)),
    );
  }
  main.append(
    section(
      t.vacancyDetails,
      "vacancy-details",
      h(
        "dl",
        { class: "passend-dl" },
        h("dt", null, t.colStatus),
        h("dd", null, statusText(v.status)),
        h("dt", null, t.colRegion),
        h("dd", null, v.region, v.remotePossible ? ` · ${t.remotePossible}` : ""),
        h("dt", null, t.colHours),
        h(
          "dd",
          null,
          v.hoursPerWeek ? t.hoursRange(v.hoursPerWeek.min, v.hoursPerWeek.max) : "–",
          v.eveningWork ? ` · ${t.alsoEvening}` : "",
          v.nightWork ? ` · ${t.alsoNight}` : "",
        ),
        h("dt", null, t.colPositions),
        h("dd", null, t.positionsOf(v.filledPositions, v.positions)),
        h("dt", null, t.vContract),
        h("dd", null, contractText(v.contractType)),
      ),
      h("h3", { class: "utrecht-heading-3" }, t.demands),
      v.demands.length > 0
        ? h(
            "ul",
            { class: "utrecht-unordered-list" },
            v.demands.map((d) => h("li", null, `${dimensionTitle(tx, d.dimension)}: `, levelText(tx, d.dimension, d.level))),
          )
        : h("p", { class: "utrecht-paragraph" }, t.noDemands),
      h("h3", { class: "utrecht-heading-3" }, t.offeredAdjustments),
      v.offeredAdjustments.length > 0
        ? h(
            "ul",
            { class: "utrecht-unordered-list" },
            v.offeredAdjustments.map((a) => h("li", null, adjustmentTitle(tx, a))),
          )
        : h("p", { class: "utrecht-paragraph" }, t.noAdjustments),
    ),
  );

  if (ctx.caller.role !== Caller_Role.EMPLOYER) {
    await rankedCandidates(main, ctx, tx, v.name);
    main.append(await adviceSection(tx, v.name));
    return;
  }

  const matches = section(t.anonymousMatchesTitle, "matches", loading());
  main.append(matches);
  const [res, placements] = await Promise.all([
    api.match.rankAnonymousCandidates({ vacancy: v.name, pageSize: 20 }),
    myPlacements(),
  ]);
  // The requests (or proposals) still running for this vacancy, by candidate.
  const open = new Map<string, Placement>();
  for (const p of placements) {
    if (p.vacancy === v.name && p.state !== Placement_State.DECLINED && p.state !== Placement_State.ENDED) open.set(p.candidate, p);
  }
  matches.querySelector('[role="status"]')?.remove();
  matches.append(
    h(
      "p",
      { class: "utrecht-paragraph", id: "matches-summary" },
      res.results.length > 0
        ? t.anonymousMatchesIntro(Number(res.feasibleCount), Number(res.scannedCount))
        : t.noAnonymousMatches,
    ),
  );
  if (res.results.length > 0) {
    matches.append(
      h(
        "div",
        { class: "passend-table-wrap" },
        table(
          t.anonymousCaption,
          [t.colRank, t.colReferenceAnon, t.score, t.colHours, t.colTravel, t.colAvailable, t.colConditions, t.colIntroduction],
          res.results.map((m, i) => [...row(tx, m, i + 1), requestCell(tx, m.candidate, v.name, open.get(m.candidate))]),
        ),
      ),
    );
  }
  main.append(await adviceSection(tx, v.name));
}

/** The WSP's view: its regions' best candidates, and the near misses with what would unlock them. */
async function rankedCandidates(main: HTMLElement, ctx: Ctx, tx: Taxonomy, vacancy: string): Promise<void> {
  const sec = section(t.rankedCandidatesTitle, "ranked-candidates", loading());
  main.append(sec);
  const res = await api.match.rankCandidates({
    vacancy,
    pageSize: 10,
    nearMisses: 10,
    regions: ctx.caller.regions,
    view: MatchView.FULL,
  });
  const names = new Map<string, string>();
  const ids = [...new Set([...res.results.map((r) => r.candidate), ...res.nearMisses.map((m) => m.candidate)])];
  await Promise.all(
    ids.map((n) =>
      api.candidates
        .getCandidate({ name: n })
        .then((c) => names.set(n, c.displayName || n.replace(/^candidates\//, "")))
        .catch(() => names.set(n, n.replace(/^candidates\//, ""))),
    ),
  );
  const link = (n: string) => h("a", { href: `/${n}`, class: "utrecht-link" }, names.get(n) ?? n);
  sec.querySelector('[role="status"]')?.remove();
  sec.append(
    h(
      "p",
      { class: "utrecht-paragraph", id: "ranked-candidates-summary" },
      res.results.length > 0 ? t.rankedCandidatesIntro(Number(res.feasibleCount), Number(res.scannedCount)) : t.noRankedCandidates,
    ),
  );
  if (res.results.length > 0) {
    const tbl = table(
      t.rankedCandidatesCaption,
      [t.colRank, t.colName, t.score, t.colHours, t.colTravel],
      res.results.map((r, i) => [
        String(i + 1),
        link(r.candidate),
        String(r.score),
        r.explanation?.hours ? t.hoursOverlap(r.explanation.hours.overlap) : "",
        r.explanation?.travel ? `${formatNumber(r.explanation.travel.distanceKm, 0)} km` : "",
      ]),
    );
    sec.append(h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, "kandidaten"));
  }
  const near = section(
    t.nearMissesTitle,
    "near-misses",
    h("p", { class: "utrecht-paragraph" }, res.nearMisses.length > 0 ? t.nearMissesIntro : t.noNearMisses),
    res.nearMisses.length > 0
      ? h(
          "ol",
          { class: "passend-results", id: "near-miss-list" },
          res.nearMisses.map((m) =>
            h(
              "li",
              { class: "passend-result" },
              h("h3", { class: "utrecht-heading-3" }, link(m.candidate)),
              h("p", { class: "utrecht-paragraph" }, t.failsOn, m.failed.map((f, i) => [i > 0 ? "; " : "", constraintText(tx, f.kind, f.subject)])),
              h("p", { class: "utrecht-paragraph" }, t.unlockedBy),
              h("ul", { class: "utrecht-unordered-list" }, m.unlockers.map((u) => h("li", null, unlockerText(tx, u)))),
            ),
          ),
        )
      : null,
  );
  main.append(near);
}

function constraintText(tx: Taxonomy, kind: Constraint_Kind, subject: string): Node | string {
  const k = (Constraint_Kind[kind] ?? "KIND_UNSPECIFIED") as keyof typeof t.constraints;
  const what = t.constraints[k] ?? t.constraints.KIND_UNSPECIFIED;
  if (!subject) return what;
  if (kind === Constraint_Kind.MUST_HAVE) return occupationName(subject, (name) => `${what}: ${name}`);
  const s =
    kind === Constraint_Kind.SUPPORT_NEED ? needTitle(tx, subject) : kind === Constraint_Kind.CAPACITY ? dimensionTitle(tx, subject) : subject;
  return `${what}: ${s}`;
}

function unlockerText(tx: Taxonomy, u: Unlocker): Node | string {
  const c = u.change;
  switch (c.case) {
    case "offerAdjustment":
      return t.unlockOffer(adjustmentTitle(tx, c.value));
    case "lowerDemand":
      return h("span", null, t.unlockLower(dimensionTitle(tx, c.value.dimension)), levelText(tx, c.value.dimension, c.value.level));
    case "offerHours":
      return t.unlockHours(c.value.min, c.value.max);
    case "allowRemote":
      return t.unlockRemote;
    case "confirmProfile":
      return t.unlockConfirm;
    case "dropMustHave":
      return occupationName(c.value, t.unlockMustHave);
    default:
      return u.description;
  }
}

function row(tx: Taxonomy, m: AnonymousMatch, rank: number): (Node | string)[] {
  const conditions =
    m.conditions.length === 0
      ? t.noConditions
      : h(
          "ul",
          { class: "utrecht-unordered-list" },
          m.conditions.map((c) =>
            h(
              "li",
              null,
              c.adjustments.map((a) => adjustmentTitle(tx, a)).join(t.oneOf),
              ` (${c.required ? t.conditionRequired : t.conditionPreferred}${c.offered ? `; ${t.conditionOffered}` : ""})`,
            ),
          ),
        );
  return [
    String(rank),
    m.candidate.replace(/^candidates\//, ""),
    String(m.score),
    m.hoursPerWeek ? `${m.hoursPerWeek.min}–${m.hoursPerWeek.max}` : "",
    m.withinTravelRange ? t.yes : t.no,
    m.available ? t.nowAvailable : t.fromDate(formatDate(m.availableFrom)),
    conditions,
  ];
}
