import { Candidate_Availability, SupportNeed_Strength } from "../gen/passend/v1/candidate_pb";
import { MatchView, OccupationMatch_Closeness, type MatchExplanation } from "../gen/passend/v1/match_pb";
import type { Vacancy } from "../gen/passend/v1/vacancy_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api } from "../api";
import { h } from "../dom";
import { formatDate, formatNumber, t } from "../i18n";
import type { Ctx } from "../main";
import { adjustmentTitle, dimensionTitle, levelText, needTitle, taxonomy } from "../taxonomy";
import { availabilityText } from "./candidates";
import { alertBox, heading, loading, ok, onCreatePlacement, section, type PlacementTexts } from "./common";
import { blockersSection } from "./advice";

/** A candidate: the profile in short and the open vacancies that fit, explained. */
export async function renderCandidate(main: HTMLElement, _ctx: Ctx, id: string): Promise<void> {
  const [c, tx] = await Promise.all([api.candidates.getCandidate({ name: `candidates/${id}` }), taxonomy()]);
  main.append(heading(t.candidateTitle(c.displayName || id)));
  const saved = new URLSearchParams(location.search).get("saved");
  if (saved) main.append(alertBox("ok", saved === "created" ? t.candidateCreated : t.candidateUpdated, "saved"));
  main.append(
    h(
      "p",
      { class: "utrecht-paragraph" },
      h("a", { href: `/candidates/${id}/edit`, id: "edit-candidate", class: "utrecht-link" }, t.editCandidate),
    ),
  );

  const needs = c.supportNeeds.map((n) =>
    h(
      "li",
      null,
      needTitle(tx, n.need),
      ` (${n.strength === SupportNeed_Strength.REQUIRED ? t.required.toLowerCase() : t.preferred.toLowerCase()})`,
    ),
  );
  main.append(
    section(
      t.candidateProfile,
      "profile",
      h(
        "dl",
        { class: "passend-dl" },
        h("dt", null, t.colReference),
        h("dd", null, c.externalRef || "–"),
        h("dt", null, t.colRegion),
        h("dd", null, c.ownerRegion),
        h("dt", null, t.colAvailability),
        h(
          "dd",
          null,
          c.availability === Candidate_Availability.AVAILABLE_FROM
            ? t.availableFrom(formatDate(c.availableFrom))
            : availabilityText(c.availability),
        ),
        h("dt", null, t.colHours),
        h("dd", null, c.hoursPerWeek ? t.hoursRange(c.hoursPerWeek.min, c.hoursPerWeek.max) : "–"),
        h("dt", null, t.postcodeArea),
        h("dd", null, `${c.postcodeArea}, ${t.travelRange(c.travelRangeKm)}`),
        h("dt", null, t.colConfirmed),
        h("dd", null, formatDate(c.lastConfirmed)),
      ),
      h("h3", { class: "utrecht-heading-3" }, t.supportNeeds),
      needs.length > 0
        ? h("ul", { class: "utrecht-unordered-list" }, needs)
        : h("p", { class: "utrecht-paragraph" }, t.noSupportNeeds),
    ),
  );

  const matches = section(t.rankedVacanciesTitle, "ranked-vacancies", loading());
  const blockers = h("div", null, section(t.blockersTitle, "blockers", loading()));
  main.append(matches, blockers);
  // What keeps the person from more work, asked at the same time as the ranking.
  const advice = blockersSection(tx, c.name).then(
    (s) => blockers.replaceChildren(s),
    (e) => {
      blockers.replaceChildren(section(t.blockersTitle, "blockers", alertBox("error", t.errorGeneric)));
      console.warn(e);
    },
  );
  const res = await api.match.rankVacancies({ candidate: c.name, pageSize: 10, view: MatchView.FULL });
  // The vacancies' titles, for the headings (a vacancy that cannot be read keeps its id).
  const vacancies = await Promise.all(
    res.results.map((r) => api.vacancies.getVacancy({ name: r.vacancy }).catch(() => null)),
  );
  const list = res.results.map((r, i) => result(tx, r.vacancy, r.score, r.explanation, vacancies[i], c.name));
  matches.querySelector('[role="status"]')?.remove();
  matches.append(
    h(
      "p",
      { class: "utrecht-paragraph", id: "ranked-summary" },
      list.length > 0
        ? t.rankedVacanciesIntro(Number(res.feasibleCount), Number(res.scannedCount))
        : t.noRankedVacancies,
    ),
    h("ol", { class: "passend-results", id: "ranked-list" }, list),
  );
  await advice;
}

function result(
  tx: Taxonomy,
  name: string,
  score: number,
  e: MatchExplanation | undefined,
  v: Vacancy | null,
  candidate: string,
): HTMLElement {
  const id = name.replace(/^vacancies\//, "");
  const titleText = v ? `${v.title} – ${v.employerName}` : id;
  return h(
    "li",
    { class: "passend-result" },
    h("h3", { class: "utrecht-heading-3" }, titleText),
    h(
      "p",
      { class: "utrecht-paragraph" },
      v ? `${v.region} · ${v.hoursPerWeek ? t.hoursRange(v.hoursPerWeek.min, v.hoursPerWeek.max) : ""} · ` : "",
      t.scoreOf(score),
    ),
    h("details", null, h("summary", null, t.explanation), ...(e ? explanationBody(tx, e) : [])),
    proposeButton(candidate, name, titleText),
  );
}

/** Why a candidate and a vacancy fit: needs, demands against capacities, hours, travel, occupation. */
export function explanationBody(tx: Taxonomy, e: MatchExplanation): Node[] {
  const body: Node[] = [];
  if (e.needs.length > 0) {
    body.push(
      h("h4", { class: "utrecht-heading-4" }, t.explNeeds),
      h(
        "ul",
        { class: "utrecht-unordered-list" },
        e.needs.map((n) =>
          h(
            "li",
            null,
            `${needTitle(tx, n.need)}: `,
            h(
              "span",
              { class: n.met ? "passend-ok" : "passend-no" },
              n.met
                ? n.metBy.length > 0
                  ? t.explNeedMet(n.metBy.map((a) => adjustmentTitle(tx, a)).join(", "))
                  : t.explNeedMetPlain
                : t.explNeedNotMet,
            ),
          ),
        ),
      ),
    );
  }
  if (e.dimensions.length > 0) {
    body.push(
      h("h4", { class: "utrecht-heading-4" }, t.explDimensions),
      h(
        "ul",
        { class: "utrecht-unordered-list" },
        e.dimensions.map((d) =>
          h(
            "li",
            null,
            `${dimensionTitle(tx, d.dimension)}: `,
            ok(d.met),
            " — ",
            t.explDemand,
            levelText(tx, d.dimension, d.effectiveDemand),
            "; ",
            t.explCapacity,
            levelText(tx, d.dimension, d.capacity),
            d.loweredBy.length > 0
              ? ` (${t.explLoweredBy(d.loweredBy.map((a) => adjustmentTitle(tx, a)).join(", "))})`
              : "",
          ),
        ),
      ),
    );
  }
  const facts: Node[] = [];
  if (e.hours) facts.push(h("li", null, ok(e.hours.met), " ", t.explHours(e.hours.overlap)));
  if (e.travel) {
    facts.push(
      h(
        "li",
        null,
        ok(e.travel.met),
        " ",
        t.explTravel(formatNumber(e.travel.distanceKm, 0), e.travel.travelRangeKm),
        e.travel.remotePossible ? ` ${t.explRemote}` : "",
      ),
    );
  }
  if (e.occupation) {
    const key = (OccupationMatch_Closeness[e.occupation.closeness] ?? "NONE") as keyof typeof t.closeness;
    facts.push(
      h(
        "li",
        null,
        `${t.explOccupation}: ${t.closeness[key]}`,
        e.occupation.escoId ? ` (${e.occupation.experience ? t.experience : t.interest})` : "",
      ),
    );
  }
  body.push(h("ul", { class: "utrecht-unordered-list" }, facts));
  return body;
}

/** "Propose a placement" (CreatePlacement) for this candidate and vacancy. */
function proposeButton(candidate: string, vacancy: string, what: string): HTMLElement {
  const out = h("div", { class: "passend-propose-status", "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action passend-propose",
      "data-vacancy": vacancy,
      "aria-label": t.proposeFor(what),
    },
    t.propose,
  );
  onCreatePlacement(button, out, candidate, vacancy, proposalTexts(candidate));
  return h("div", { class: "passend-propose-wrap" }, button, out);
}


/** What the WSP's proposal of a placement says: proposed (with the way to the candidate's placements), already, or not possible. */
export function proposalTexts(candidate: string): PlacementTexts {
  const cid = candidate.replace(/^candidates\//, "");
  return {
    done: t.proposed,
    exists: t.alreadyProposed,
    refused: t.cannotPropose,
    follow: () => h("a", { href: `/placements?candidate=${cid}`, class: "utrecht-link" }, t.toPlacements),
  };
}
