import {
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import type { JobCount } from "../gen/passend/v1/placement_pb";
import { api } from "../api";
import { h, table } from "../dom";
import { currentLang, formatNumber, formatPercent, t } from "../i18n";
import type { Ctx } from "../main";
import { heading, section } from "./common";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

// Okabe-Ito colours (safe for colour-blind readers), with a dash pattern
// and point shape per line so colour is never the only difference.
const SERIES = [
  { color: "#0072B2", dash: [] as number[], point: "circle" as const },
  { color: "#D55E00", dash: [6, 4], point: "rect" as const },
  { color: "#009E73", dash: [2, 3], point: "triangle" as const },
];

const privateJobs = (j?: JobCount) => (j ? j.privateDirect + j.privateAgency + j.privateSecondment : 0);
const publicJobs = (j?: JobCount) => (j ? j.publicDirect + j.publicAgency + j.publicSecondment : 0);

/** Jobs per quarter against the jobs agreement: a line chart and the table behind it. */
export async function renderProgress(main: HTMLElement, _ctx: Ctx): Promise<void> {
  main.append(heading(t.progressTitle), h("p", { class: "utrecht-paragraph" }, t.progressIntro));
  const p = await api.placements.getProgress({});
  const quarters = p.quarters.map((q) => q.quarter);
  const total = p.quarters.map((q) => q.national?.total ?? 0);
  const priv = p.quarters.map((q) => privateJobs(q.national));
  const pub = p.quarters.map((q) => publicJobs(q.national));

  const canvas = h("canvas", { id: "progress-chart", role: "img", "aria-label": t.progressChartLabel });
  const figure = h("figure", { class: "passend-chart" }, canvas);
  main.append(
    section(
      t.progressCaption,
      "progress",
      figure,
      h(
        "p",
        { class: "utrecht-paragraph" },
        t.targets(formatNumber(p.targetPrivate), formatNumber(p.targetPublic)),
        " ",
        t.shares(formatPercent(p.privateShare), formatPercent(p.publicShare)),
      ),
      h(
        "div",
        { class: "passend-table-wrap" },
        table(
          t.progressCaption,
          [t.colQuarter, t.colTotal, t.colPrivate, t.colPublic, t.colPlacements, t.colHired],
          p.quarters.map((q) =>
            q.national?.suppressed
              ? [q.quarter, t.suppressed, "", "", "", ""]
              : [
                  q.quarter,
                  formatNumber(q.national?.total ?? 0, 1),
                  formatNumber(privateJobs(q.national), 1),
                  formatNumber(publicJobs(q.national), 1),
                  formatNumber(Number(q.national?.placements ?? 0n)),
                  formatNumber(q.hired?.total ?? 0, 1),
                ],
          ),
        ),
      ),
    ),
  );

  const locale = currentLang() === "en" ? "en-GB" : "nl-NL";
  new Chart(canvas, {
    type: "line",
    data: {
      labels: quarters,
      datasets: [
        { label: t.seriesTotal, data: total },
        { label: t.seriesPrivate, data: priv },
        { label: t.seriesPublic, data: pub },
      ].map((d, i) => ({
        ...d,
        borderColor: SERIES[i].color,
        backgroundColor: SERIES[i].color,
        borderDash: SERIES[i].dash,
        pointStyle: SERIES[i].point,
        pointRadius: 5,
        borderWidth: 3,
        tension: 0,
      })),
    },
    options: {
      locale,
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, title: { display: true, text: t.axisJobs } },
      },
      plugins: { legend: { labels: { usePointStyle: true } } },
    },
  });
}
