// "My jobs": an employer's jobs per quarter in 25.5-hour units
// (GetProgress with the caller's employer id), as a bar chart and the table
// behind it. A cell the server hides (too few people) reads "hidden", never
// 0, and has no bar. The jobs agreement's national targets and shares are
// not an employer's, so they are left out.
import type { JobCount } from "../gen/passend/v1/placement_pb";
import { api } from "../api";
import { barChart, chartFigure } from "../chart";
import { csvLink } from "../csv";
import { h, table } from "../dom";
import { formatNumber, t } from "../i18n";
import type { Ctx } from "../main";
import { heading } from "./common";

export async function renderJobs(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(
    heading(t.myJobsTitle),
    h("p", { class: "utrecht-paragraph" }, t.myJobsIntro),
    h("p", { class: "utrecht-paragraph" }, t.myJobsHiddenHint),
  );
  const p = await api.placements.getProgress({ employer: ctx.caller.employer });
  const shown = (j: JobCount | undefined, text: (j: JobCount) => string) =>
    j?.suppressed ? h("span", { class: "passend-hidden" }, t.hiddenCell) : j ? text(j) : formatNumber(0);
  const jobs = (j: JobCount) => formatNumber(j.total, 1);
  const tbl = table(
    t.myJobsCaption,
    [t.colQuarter, t.colJobs, t.colPeople, t.colHired],
    p.quarters.map((q) => [q.quarter, shown(q.national, jobs), shown(q.national, (j) => formatNumber(Number(j.placements))), shown(q.hired, jobs)]),
  );
  const { figure, canvas } = chartFigure("jobs-chart", t.myJobsChartLabel);
  main.append(h("div", { id: "jobs" }, figure, h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, "mijn-banen")));
  barChart(
    canvas,
    p.quarters.map((q) => (q.national?.suppressed ? `${q.quarter} (${t.hiddenCell})` : q.quarter)),
    [{ label: t.colJobs, data: p.quarters.map((q) => (q.national?.suppressed ? null : (q.national?.total ?? 0))) }],
    t.axisJobs,
  );
}
