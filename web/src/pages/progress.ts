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
import { api, errorCode } from "../api";
import { Code } from "@connectrpc/connect";
import { clearErrors, selectInput, showError, textInput, type Field } from "../form";
import { h, table } from "../dom";
import { currentLang, formatNumber, formatPercent, t } from "../i18n";
import type { Ctx } from "../main";
import { alertBox, heading, section } from "./common";

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

// The target lines: their own colours (Okabe-Ito), long dashes and no points.
const TARGET_LINES = {
  private: { color: "#E69F00", dash: [12, 6] },
  public: { color: "#56B4E9", dash: [12, 4, 2, 4] },
  total: { color: "#CC79A7", dash: [12, 6] },
};

/** "100.000", "100,000", "100000" and "2,5" read as numbers; NaN when not one. */
function parseTarget(text: string): number {
  const s = text.trim().replace(/\s/g, "");
  if (!/^\d[\d.,]*$/.test(s)) return NaN;
  // A separator followed by exactly three digits groups thousands.
  const plain = s.replace(/[.,](?=\d{3}(?:$|[.,]))/g, "").replace(",", ".");
  return Number(plain);
}

/** The targets: two (private and public) or one for all jobs, kept in the address. */
function targetsForm(ctx: Ctx, mode: "two" | "one", p: { targetPrivate: number; targetPublic: number; targetTotal: number }): HTMLElement {
  const modeSel = selectInput(
    "target-mode",
    t.targetMode,
    [
      { value: "two", text: t.targetModeTwo },
      { value: "one", text: t.targetModeOne },
    ],
    mode,
    t.targetModeHint,
  );
  const fmt = (n: number) => (n > 0 ? formatNumber(n) : "");
  const priv = textInput("target-private", t.targetPrivate, fmt(p.targetPrivate || 100_000), { inputmode: "numeric", size: "s" });
  const pub = textInput("target-public", t.targetPublic, fmt(p.targetPublic || 25_000), { inputmode: "numeric", size: "s" });
  const total = textInput("target-total", t.targetTotal, fmt(p.targetTotal || 125_000), { inputmode: "numeric", size: "s" });
  const sync = () => {
    const one = modeSel.control.value === "one";
    priv.field.hidden = one;
    pub.field.hidden = one;
    total.field.hidden = !one;
  };
  modeSel.control.addEventListener("change", sync);
  sync();
  const form = h(
    "form",
    { id: "targets-form", class: "passend-filters", novalidate: true, "aria-label": t.targetsForm },
    modeSel.field,
    priv.field,
    pub.field,
    total.field,
    h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t.filterApply),
  );
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const fields: Field[] = modeSel.control.value === "one" ? [total] : [priv, pub];
    clearErrors([priv, pub, total]);
    const bad = fields.filter((f) => !(parseTarget(f.control.value) > 0));
    for (const f of bad) showError(f, t.targetInvalid);
    if (bad.length > 0) {
      bad[0].control.focus();
      return;
    }
    const q = new URLSearchParams();
    if (modeSel.control.value === "one") q.set("total", String(parseTarget(total.control.value)));
    else {
      q.set("private", String(parseTarget(priv.control.value)));
      q.set("public", String(parseTarget(pub.control.value)));
    }
    ctx.navigate(`/progress?${q}`);
  });
  return form;
}

/** Jobs per quarter against the jobs agreement: a line chart with the target lines, and the table behind it. */
export async function renderProgress(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(heading(t.progressTitle), h("p", { class: "utrecht-paragraph" }, t.progressIntro));
  const params = new URLSearchParams(location.search);
  const num = (k: string) => {
    const n = Number(params.get(k) ?? "");
    return Number.isFinite(n) && n > 0 ? n : 0;
  };
  const mode: "two" | "one" = num("total") > 0 ? "one" : "two";
  let p;
  try {
    p = await api.placements.getProgress(
      mode === "one" ? { targetTotal: num("total") } : { targetPrivate: num("private"), targetPublic: num("public") },
    );
  } catch (e) {
    if (errorCode(e) !== Code.InvalidArgument) throw e;
    // Targets the server does not take (from an edited address): say so, show the defaults.
    main.append(targetsForm(ctx, mode, { targetPrivate: 0, targetPublic: 0, targetTotal: 0 }), alertBox("error", t.targetRefused));
    p = await api.placements.getProgress({});
  }
  if (!main.querySelector("#targets-form")) main.append(targetsForm(ctx, mode, p));
  const quarters = p.quarters.map((q) => q.quarter);
  const total = p.quarters.map((q) => q.national?.total ?? 0);
  const priv = p.quarters.map((q) => privateJobs(q.national));
  const pub = p.quarters.map((q) => publicJobs(q.national));

  // The server leaves the shares out (0) when they could give a hidden cell away.
  const last = p.quarters[p.quarters.length - 1]?.national;
  const withheld = (last?.suppressed || (last?.total ?? 0) > 0) && p.totalShare === 0 && p.privateShare === 0 && p.publicShare === 0;
  const canvas = h("canvas", { id: "progress-chart", role: "img", "aria-label": t.progressChartLabel });
  const figure = h("figure", { class: "passend-chart" }, canvas);
  main.append(
    section(
      t.progressCaption,
      "progress",
      figure,
      h(
        "p",
        { class: "utrecht-paragraph", id: "progress-targets" },
        p.targetTotal > 0
          ? [t.targetOne(formatNumber(p.targetTotal)), " ", withheld ? t.shareWithheld : t.shareOne(formatPercent(p.totalShare))]
          : [
              t.targets(formatNumber(p.targetPrivate), formatNumber(p.targetPublic)),
              " ",
              withheld ? t.shareWithheld : t.shares(formatPercent(p.privateShare), formatPercent(p.publicShare)),
            ],
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
        ...[
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
        ...(p.targetTotal > 0
          ? [{ label: t.seriesTargetTotal, value: p.targetTotal, ...TARGET_LINES.total }]
          : [
              { label: t.seriesTargetPrivate, value: p.targetPrivate, ...TARGET_LINES.private },
              { label: t.seriesTargetPublic, value: p.targetPublic, ...TARGET_LINES.public },
            ]
        ).map((d) => ({
          label: d.label,
          data: quarters.map(() => d.value),
          borderColor: d.color,
          backgroundColor: d.color,
          borderDash: d.dash,
          pointStyle: "line" as const,
          pointRadius: 0,
          borderWidth: 3,
          tension: 0,
        })),
      ],
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
