// Progress of the jobs agreement per quarter, nationally or in one region:
// the jobs on their own axis (so the eye can read them however far the
// targets are) and, nationally, the jobs as a share of each target; each
// chart with the table behind it, downloadable. Cells the server hides to
// protect small numbers read "hidden", never 0.
import { Code } from "@connectrpc/connect";
import type { JobCount } from "../gen/passend/v1/placement_pb";
import { api, errorCode } from "../api";
import type { PointStyle } from "chart.js";
import { Chart, chartFigure, locale } from "../chart";
import { csvLink } from "../csv";
import { clearErrors, selectInput, showError, textInput, type Field } from "../form";
import { h, table } from "../dom";
import { formatNumber, formatPercent, t } from "../i18n";
import type { Ctx } from "../main";
import { places, regionLabel, regionOptions } from "../places";
import { alertBox, heading, section } from "./common";

// Okabe-Ito colours (safe for colour-blind readers), with a dash pattern
// and point shape per line so colour is never the only difference.
const SERIES = [
  { color: "#0072B2", dash: [] as number[], point: "circle" as const },
  { color: "#D55E00", dash: [6, 4], point: "rect" as const },
  { color: "#009E73", dash: [2, 3], point: "triangle" as const },
];

// The shares of the targets: their own colours (Okabe-Ito), long dashes.
const SHARE_POINTS: PointStyle[] = ["rectRot", "crossRot", "star"];
const TARGET_LINES = {
  private: { color: "#E69F00", dash: [12, 6] },
  public: { color: "#56B4E9", dash: [12, 4, 2, 4] },
  total: { color: "#CC79A7", dash: [12, 6] },
};

/** A cell's numbers as the page shows them: null where the server hides them. */
interface Shown {
  total: number | null;
  private: number | null;
  public: number | null;
  placements: number | null;
}

/**
 * A hidden cell has every number 0 and `suppressed`; a hidden part of the
 * split (direct, agency, secondment) is reported as 0 while the total is
 * shown, so the parts fall short of the total: then a group (private or
 * public) with a part of 0 may hold the hidden one, and is hidden too. No
 * cell at all (a region without placements) is 0.
 */
function shown(j: JobCount | undefined): Shown {
  if (!j) return { total: 0, private: 0, public: 0, placements: 0 };
  if (j.suppressed) return { total: null, private: null, public: null, placements: null };
  const priv = [j.privateDirect, j.privateAgency, j.privateSecondment];
  const pub = [j.publicDirect, j.publicAgency, j.publicSecondment];
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const gap = j.total - sum(priv) - sum(pub) > 0.005;
  return {
    total: j.total,
    private: gap && priv.includes(0) ? null : sum(priv),
    public: gap && pub.includes(0) ? null : sum(pub),
    placements: Number(j.placements),
  };
}

const cell = (v: number | null, digits = 1) => (v === null ? t.hiddenCell : formatNumber(v, digits));

/** "100.000", "100,000", "100000" and "2,5" read as numbers; NaN when not one. */
function parseTarget(text: string): number {
  const s = text.trim().replace(/\s/g, "");
  if (!/^\d[\d.,]*$/.test(s)) return NaN;
  // A separator followed by exactly three digits groups thousands.
  const plain = s.replace(/[.,](?=\d{3}(?:$|[.,]))/g, "").replace(",", ".");
  return Number(plain);
}

/** The region and the targets (two, private and public, or one for all jobs), kept in the address. */
function progressForm(
  ctx: Ctx,
  regions: { value: string; text: string }[],
  region: string,
  mode: "two" | "one",
  p: { targetPrivate: number; targetPublic: number; targetTotal: number },
): HTMLElement {
  const regionSel = selectInput("progress-region", t.progressRegion, [{ value: "", text: t.wholeCountry }, ...regions], region);
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
    regionSel.field,
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
    if (regionSel.control.value) q.set("region", regionSel.control.value);
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
  const pl = await places();
  const regions = regionOptions(pl);
  const region = regions.some((r) => r.value === params.get("region")) ? params.get("region")! : "";
  let p;
  try {
    p = await api.placements.getProgress(
      mode === "one" ? { targetTotal: num("total") } : { targetPrivate: num("private"), targetPublic: num("public") },
    );
  } catch (e) {
    if (errorCode(e) !== Code.InvalidArgument) throw e;
    // Targets the server does not take (from an edited address): say so, show the defaults.
    main.append(progressForm(ctx, regions, region, mode, { targetPrivate: 0, targetPublic: 0, targetTotal: 0 }), alertBox("error", t.targetRefused));
    p = await api.placements.getProgress({});
  }
  if (!main.querySelector("#targets-form")) main.append(progressForm(ctx, regions, region, mode, p));
  const quarters = p.quarters.map((q) => q.quarter);
  const rows = p.quarters.map((q) => shown(region ? q.regions.find((r) => r.region === region)?.jobs : q.national));
  const hired = p.quarters.map((q) => shown(q.hired).total);
  const name = region ? regionLabel(pl, region) : "";
  const anyHidden = rows.some((r) => r.total === null || r.private === null || r.public === null) || (!region && hired.includes(null));
  const hiddenNote = (hidden: boolean) => (hidden ? h("p", { class: "utrecht-paragraph passend-muted" }, t.hiddenNote) : null);

  // The jobs, on their own axis.
  const caption = region ? t.progressRegionCaption(name) : t.progressCaption;
  const jobs = chartFigure("progress-chart", region ? t.progressRegionChartLabel(name) : t.progressChartLabel);
  const jobsTable = table(
    caption,
    [t.colQuarter, t.colTotal, t.colPrivate, t.colPublic, t.colPlacements, ...(region ? [] : [t.colHired])],
    rows.map((r, i) => [
      quarters[i],
      cell(r.total),
      cell(r.private),
      cell(r.public),
      cell(r.placements, 0),
      ...(region ? [] : [cell(hired[i])]),
    ]),
  );
  main.append(
    section(
      caption,
      "progress",
      region ? h("p", { class: "utrecht-paragraph", id: "progress-targets" }, t.progressRegionNote) : null,
      jobs.figure,
      h("div", { class: "passend-table-wrap" }, jobsTable),
      hiddenNote(anyHidden),
      csvLink(jobsTable, region ? `voortgang-${region}` : "voortgang"),
    ),
  );
  lines(
    jobs.canvas,
    quarters,
    [
      { label: t.seriesTotal, data: rows.map((r) => r.total), ...SERIES[0] },
      { label: t.seriesPrivate, data: rows.map((r) => r.private), ...SERIES[1] },
      { label: t.seriesPublic, data: rows.map((r) => r.public), ...SERIES[2] },
    ],
    t.axisJobs,
    (v) => formatNumber(v),
  );
  if (region) return;

  // The jobs as a share of each target (the targets are national): far
  // from a target, a line at the target would flatten every other.
  const share = (v: number | null, target: number) => (v === null || !(target > 0) ? null : v / target);
  const series =
    p.targetTotal > 0
      ? [{ label: t.shareOfTarget(formatNumber(p.targetTotal)), data: rows.map((r) => share(r.total, p.targetTotal)), ...TARGET_LINES.total }]
      : [
          { label: t.shareOfPrivate(formatNumber(p.targetPrivate)), data: rows.map((r) => share(r.private, p.targetPrivate)), ...TARGET_LINES.private },
          { label: t.shareOfPublic(formatNumber(p.targetPublic)), data: rows.map((r) => share(r.public, p.targetPublic)), ...TARGET_LINES.public },
          {
            label: t.shareOfBoth(formatNumber(p.targetPrivate + p.targetPublic)),
            data: rows.map((r) => share(r.total, p.targetPrivate + p.targetPublic)),
            ...TARGET_LINES.total,
          },
        ];
  const pct = (v: number | null) => (v === null ? t.hiddenCell : formatPercent(v));
  const last = quarters.length - 1;
  const shares = chartFigure("share-chart", t.shareChartLabel);
  const shareTable = table(
    t.shareCaption,
    [t.colQuarter, ...series.map((x) => x.label)],
    quarters.map((q, i) => [q, ...series.map((x) => pct(x.data[i]))]),
  );
  main.append(
    section(
      t.shareTitle,
      "progress-share",
      h(
        "p",
        { class: "utrecht-paragraph", id: "progress-targets" },
        p.targetTotal > 0 ? t.targetOne(formatNumber(p.targetTotal)) : t.targets(formatNumber(p.targetPrivate), formatNumber(p.targetPublic)),
        last >= 0 ? [" ", t.shareLast(quarters[last], series.map((x) => `${x.label}: ${pct(x.data[last])}`).join("; "))] : null,
      ),
      shares.figure,
      h("div", { class: "passend-table-wrap" }, shareTable),
      hiddenNote(series.some((x) => x.data.includes(null))),
      csvLink(shareTable, "voortgang-doel"),
    ),
  );
  lines(shares.canvas, quarters, series.map((x, i) => ({ ...x, point: SHARE_POINTS[i] })), t.axisShare, (v) => formatPercent(v));
}

/** A line chart of series that may have gaps (hidden cells), on one axis from zero. */
function lines(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: { label: string; data: (number | null)[]; color: string; dash: number[]; point: PointStyle }[],
  axis: string,
  tick: (v: number) => string,
): Chart {
  return new Chart(canvas, {
    type: "line",
    data: {
      labels,
      datasets: series.map((d) => ({
        label: d.label,
        data: d.data,
        borderColor: d.color,
        backgroundColor: d.color,
        borderDash: d.dash,
        pointStyle: d.point,
        pointRadius: 5,
        borderWidth: 3,
        tension: 0,
      })),
    },
    options: {
      locale: locale(),
      maintainAspectRatio: false,
      animation: false,
      scales: {
        y: { beginAtZero: true, title: { display: true, text: axis }, ticks: { callback: (v) => tick(Number(v)) } },
      },
      plugins: {
        legend: { labels: { usePointStyle: true } },
        tooltip: { callbacks: { label: (c) => `${c.dataset.label}: ${tick(Number(c.parsed.y))}` } },
      },
    },
  });
}
