// Adjustment advice for a vacancy (AdviceService.SuggestAdjustments): which
// adjustment would open the work to how many more people, as a bar chart
// with the table behind it. The WSP and the vacancy's employer see it; for
// an employer the server reports counts under 10 as 0 (suppressed).
// And for a candidate (ExplainBlockers, the WSP's): what keeps the person
// from more of the open vacancies in reach, and what would open them, in
// the taxonomy's words.
import type { SuggestAdjustmentsResponse } from "../gen/passend/v1/advice_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { Constraint_Kind } from "../gen/passend/v1/match_pb";
import { api } from "../api";
import { barChart, chartFigure } from "../chart";
import { csvLink } from "../csv";
import { h, table } from "../dom";
import { formatNumber, t } from "../i18n";
import { adjustmentTitle, dimensionTitle, levelText, needTitle } from "../taxonomy";
import { section } from "./common";

export async function adviceSection(tx: Taxonomy, vacancy: string): Promise<HTMLElement> {
  const r: SuggestAdjustmentsResponse = await api.advice.suggestAdjustments({ vacancy });
  const count = (n: bigint, suppressed: boolean) =>
    suppressed ? t.fewerThan(r.suppressedBelow) : formatNumber(Number(n));
  const gains = r.adjustments.filter((a) => a.count > 0n || a.suppressed);
  const shown = gains.filter((a) => a.count > 0n).slice(0, 12);
  const parts: (Node | null)[] = [
    h(
      "p",
      { class: "utrecht-paragraph", id: "advice-summary" },
      t.adviceNow(Number(r.feasibleCount), Number(r.blockedCount)),
    ),
  ];
  if (shown.length > 0) {
    const top = shown[0];
    parts.push(h("p", { class: "utrecht-paragraph passend-lead", id: "advice-top" }, t.adviceTop(adjustmentTitle(tx, top.adjustment), Number(top.count))));
    const { figure, canvas } = chartFigure("advice-chart", t.adviceChartLabel, shown.length > 6);
    parts.push(figure);
    queueMicrotask(() =>
      barChart(
        canvas,
        shown.map((a) => adjustmentTitle(tx, a.adjustment)),
        [{ label: t.adviceAxis, data: shown.map((a) => Number(a.count)) }],
        t.adviceAxis,
      ),
    );
  } else {
    parts.push(h("p", { class: "utrecht-paragraph", id: "advice-top" }, t.adviceNone));
  }
  if (r.bestCombination && r.bestCombination.adjustments.length > 1) {
    parts.push(
      h(
        "p",
        { class: "utrecht-paragraph" },
        t.adviceCombination(
          r.bestCombination.adjustments.map((a) => adjustmentTitle(tx, a.adjustment)).join(" + "),
          count(r.bestCombination.count, r.bestCombination.suppressed),
        ),
      ),
    );
  }
  if (gains.length > 0) {
    const tbl = table(
      t.adviceTableCaption,
      [t.colAdjustment, t.colMorePeople],
      gains.map((a) => [adjustmentTitle(tx, a.adjustment), count(a.count, a.suppressed)]),
    );
    parts.push(h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, "aanpassingen"));
  }
  const demands = r.demands.filter((d) => d.count > 0n || d.suppressed);
  if (demands.length > 0) {
    const tbl = table(
      t.adviceDemandsCaption,
      [t.colDemand, t.colDemandNow, t.colMorePeople],
      demands.map((d) => [dimensionTitle(tx, d.dimension), levelText(tx, d.dimension, d.level), count(d.count, d.suppressed)]),
    );
    parts.push(h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, "eisen"));
  }
  return section(t.adviceTitle, "advice", ...parts);
}

/** What keeps a candidate from the open vacancies in reach, and which adjustments would open them. */
export async function blockersSection(tx: Taxonomy, candidate: string): Promise<HTMLElement> {
  const r = await api.advice.explainBlockers({ candidate });
  const inReach = Number(r.vacanciesInReach);
  const parts: (Node | null)[] = [
    h("p", { class: "utrecht-paragraph", id: "blockers-summary" }, inReach > 0 ? t.blockersSummary(inReach, Number(r.feasibleVacancies)) : t.blockersNoneInReach),
  ];
  if (r.blockers.length === 0) {
    if (inReach > 0) parts.push(h("p", { class: "utrecht-paragraph" }, t.noBlockers));
    return section(t.blockersTitle, "blockers", ...parts);
  }
  const top = r.reopening[0];
  parts.push(
    h(
      "p",
      { class: "utrecht-paragraph passend-lead", id: "blockers-top" },
      top ? t.blockersTop(adjustmentTitle(tx, top.adjustment), Number(top.count)) : t.blockersNoSingleFix,
    ),
    h(
      "ul",
      { class: "utrecht-unordered-list", id: "blocker-list" },
      r.blockers.map((b) => {
        const n = Number(b.vacancies);
        const alone = Number(b.vacanciesAlone);
        const what =
          b.kind === Constraint_Kind.SUPPORT_NEED
            ? t.blockerNeed(needTitle(tx, b.subject), n)
            : b.kind === Constraint_Kind.CAPACITY
              ? t.blockerCapacity(dimensionTitle(tx, b.subject), n)
              : `${t.constraints[(Constraint_Kind[b.kind] ?? "KIND_UNSPECIFIED") as keyof typeof t.constraints]}: ${formatNumber(n)}`;
        return h(
          "li",
          null,
          what,
          alone > 0 ? ` ${t.blockerAlone(alone)}` : "",
          b.reopenedBy.length > 0
            ? ` ${t.blockerHelps(b.reopenedBy.map((a) => t.adjustmentOpens(adjustmentTitle(tx, a.adjustment), Number(a.count))).join("; "))}`
            : "",
        );
      }),
    ),
  );
  if (r.reopening.length > 0) {
    const tbl = table(
      t.reopeningCaption,
      [t.colAdjustment, t.colVacanciesOpened],
      r.reopening.map((a) => [adjustmentTitle(tx, a.adjustment), formatNumber(Number(a.count))]),
    );
    parts.push(h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, "aanpassingen-kandidaat"));
  }
  return section(t.blockersTitle, "blockers", ...parts);
}
