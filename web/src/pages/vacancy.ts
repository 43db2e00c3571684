import type { AnonymousMatch } from "../gen/passend/v1/match_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api } from "../api";
import { h, table } from "../dom";
import { formatDate, t } from "../i18n";
import type { Ctx } from "../main";
import { adjustmentTitle, dimensionTitle, taxonomy } from "../taxonomy";
import { level } from "./candidate";
import { heading, loading, section } from "./common";
import { statusText } from "./vacancies";

/**
 * A vacancy and who fits it, anonymously. Only what RankAnonymousCandidates
 * gives is shown: no name, contact, label, postcode or capacity of anyone.
 */
export async function renderVacancy(main: HTMLElement, _ctx: Ctx, id: string): Promise<void> {
  const [v, tx] = await Promise.all([api.vacancies.getVacancy({ name: `vacancies/${id}` }), taxonomy()]);
  main.append(heading(t.vacancyTitle(v.title || id)));
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
        h("dd", null, v.hoursPerWeek ? t.hoursRange(v.hoursPerWeek.min, v.hoursPerWeek.max) : "–"),
        h("dt", null, t.colPositions),
        h("dd", null, t.positionsOf(v.filledPositions, v.positions)),
      ),
      h("h3", { class: "utrecht-heading-3" }, t.demands),
      v.demands.length > 0
        ? h(
            "ul",
            { class: "utrecht-unordered-list" },
            v.demands.map((d) => h("li", null, `${dimensionTitle(tx, d.dimension)}: `, level(tx, d.dimension, d.level))),
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

  const matches = section(t.anonymousMatchesTitle, "matches", loading());
  main.append(matches);
  const res = await api.match.rankAnonymousCandidates({ vacancy: v.name, pageSize: 20 });
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
          [t.colRank, t.colReferenceAnon, t.score, t.colHours, t.colTravel, t.colAvailable, t.colConditions],
          res.results.map((m, i) => row(tx, m, i + 1)),
        ),
      ),
    );
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
