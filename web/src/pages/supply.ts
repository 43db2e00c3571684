// The analyst's supply picture: available candidates per region (fresh and
// stale, one bar per region on one scale so the 35 regions compare), one
// chosen support need per region (the same), the bottlenecks per region,
// and the forecast with its 80% band, for all regions or a chosen one.
// Every table can be downloaded as CSV. Counts only: the server hides or
// rounds small numbers for every caller but an admin. The choices are kept
// in the address (?need=, ?region=) and change their section in place.
import type { RegionForecast, RegionSupply } from "../gen/passend/v1/supply_pb";
import { Constraint_Kind } from "../gen/passend/v1/match_pb";
import { api } from "../api";
import { barChart, Chart, chartFigure, locale, OKABE_ITO } from "../chart";
import { csvLink } from "../csv";
import { h, table } from "../dom";
import { formatNumber, formatPercent, t } from "../i18n";
import type { Ctx } from "../main";
import { places, regionLabel, regionOptions } from "../places";
import { dimensionTitle, needTitle, taxonomy } from "../taxonomy";
import { chooser, heading, keepInAddress, section } from "./common";

export async function renderSupply(main: HTMLElement, _ctx: Ctx): Promise<void> {
  main.append(heading(t.supplyTitle), h("p", { class: "utrecht-paragraph" }, t.supplyIntro));
  const [supply, bottlenecks, forecast, tx, pl] = await Promise.all([
    api.supply.getSupply({}),
    api.supply.getBottlenecks({}),
    api.supply.forecastSupply({ years: 5 }),
    taxonomy(),
    places(),
  ]);
  const hidden = t.hiddenSmall;
  const n = (v: bigint, suppressed = false) => (suppressed ? hidden : formatNumber(Number(v)));
  const regionName = (code: string) => regionLabel(pl, code);

  // Supply per region: fresh and stale, stacked, one bar per region.
  const regions = supply.regions.filter((r) => r.region !== "");
  const { figure, canvas } = chartFigure("supply-chart", t.supplyChartLabel, true);
  figure.classList.add("passend-chart--regions");
  const supplyTable = table(
    t.supplyCaption,
    [t.colRegion, t.colAvailableFresh, t.colStale, t.colStaleShare, t.colStamped, t.colPlaceableByNeed],
    [...regions, ...(supply.total ? [supply.total] : [])].map((r: RegionSupply) => [
      r.region ? regionName(r.region) : t.allRegions,
      n(r.available, r.availableSuppressed),
      n(r.stale, r.staleSuppressed),
      r.availableSuppressed || r.staleSuppressed ? hidden : formatPercent(r.staleShare),
      n(r.stampedNotPlaceable, r.stampedSuppressed),
      n(r.placeableByNeed, r.placeableSuppressed),
    ]),
  );
  main.append(
    section(
      t.supplyByRegion,
      "supply",
      figure,
      h("div", { class: "passend-table-wrap" }, supplyTable),
      csvLink(supplyTable, "aanbod-per-regio"),
    ),
  );
  barChart(
    canvas,
    regions.map((r) => regionName(r.region)),
    [
      { label: t.colAvailableFresh, data: regions.map((r) => Number(r.available)) },
      { label: t.colStale, data: regions.map((r) => Number(r.stale)) },
    ],
    t.axisCandidates,
    true,
  );

  // One support need per region (the total has no breakdown by need).
  const needCount = (r: RegionSupply, need: string) => r.needs.find((x) => x.need === need);
  const shownSum = (need: string) => regions.reduce((a, r) => a + Number(needCount(r, need)?.candidates ?? 0n), 0);
  const needIds = ["", ...tx.supportNeeds.map((x) => x.id)];
  const largest = needIds.slice(1).sort((a, b) => shownSum(b) - shownSum(a))[0];
  const params = new URLSearchParams(location.search);
  let need = needIds.includes(params.get("need") ?? "-") ? params.get("need")! : shownSum(largest ?? "") > 0 ? largest : "";
  const needLabel = (id: string) => (id ? needTitle(tx, id) : t.noRequiredNeed);
  const needBox = h("div");
  let needChart: Chart | null = null;
  const showNeed = () => {
    const { figure, canvas } = chartFigure("need-chart", t.needChartLabel(needLabel(need)), true);
    figure.classList.add("passend-chart--regions");
    const cells = regions.map((r) => needCount(r, need));
    const tbl = table(
      t.needCaption(needLabel(need)),
      [t.colRegion, t.colCandidates],
      regions.map((r, i) => [regionName(r.region), n(cells[i]?.candidates ?? 0n, cells[i]?.suppressed)]),
    );
    needBox.replaceChildren(figure, h("div", { class: "passend-table-wrap" }, tbl), csvLink(tbl, `aanbod-${need || "geen-behoefte"}`));
    needChart?.destroy();
    needChart = barChart(
      canvas,
      regions.map((r, i) => (cells[i]?.suppressed ? `${regionName(r.region)} (${t.hiddenCell})` : regionName(r.region))),
      [{ label: t.axisCandidates, data: cells.map((c) => Number(c?.candidates ?? 0n)) }],
      t.axisCandidates,
    );
  };
  main.append(
    section(
      t.supplyByNeed,
      "supply-needs",
      h("p", { class: "utrecht-paragraph" }, t.needIntro),
      chooser("need", t.colNeed, needIds.map((id) => ({ value: id, text: needLabel(id) })), need, (v) => {
        need = v;
        keepInAddress("need", v);
        showNeed();
      }),
      needBox,
    ),
  );
  showNeed();

  // Bottlenecks per region.
  const subject = (kind: Constraint_Kind, s: string) =>
    kind === Constraint_Kind.SUPPORT_NEED ? needTitle(tx, s) : kind === Constraint_Kind.CAPACITY ? dimensionTitle(tx, s) : t.nobodyInReach;
  const bnTable = table(
    t.bottlenecksCaption,
    [t.colRegion, t.colStranded, t.colUnfilled, t.colTopBlocker, t.colUnofferedNeed],
    bottlenecks.regions.map((r) => {
      const counts = new Map<string, number>();
      for (const v of r.vacancies) {
        const k = subject(v.kind, v.subject);
        counts.set(k, (counts.get(k) ?? 0) + 1);
      }
      const top = [...counts.entries()].sort((a, b) => b[1] - a[1])[0];
      const need = r.unofferedNeeds[0];
      return [
        regionName(r.region),
        n(r.strandedCandidates, r.strandedSuppressed),
        formatNumber(r.vacancies.length),
        top ? `${top[0]} (${formatNumber(top[1])})` : "–",
        need ? `${needTitle(tx, need.need)} (${n(need.candidates, need.suppressed)})` : "–",
      ];
    }),
  );
  main.append(
    section(
      t.bottlenecksTitle,
      "bottlenecks",
      h("p", { class: "utrecht-paragraph" }, t.bottlenecksIntro),
      h("div", { class: "passend-table-wrap" }, bnTable),
      csvLink(bnTable, "knelpunten"),
    ),
  );

  // Forecast: all regions together or one, with its 80% band.
  const forecastOf = (code: string): RegionForecast | undefined => (code ? forecast.regions.find((r) => r.region === code) : forecast.total);
  const asked = params.get("region") ?? "";
  let fRegion = asked && forecastOf(asked) ? asked : "";
  const fBox = h("div");
  let fChart: Chart | null = null;
  const showForecast = () => {
    const f = forecastOf(fRegion);
    const name = fRegion ? regionName(fRegion) : t.allRegions;
    const years = f?.years ?? [];
    const fc = chartFigure("forecast-chart", t.forecastChartLabelOf(name));
    const fTable = table(
      t.forecastCaptionOf(name),
      [t.colUntil, t.colExpected, t.colLow, t.colHigh, t.colInflow, t.colPlacementsOut, t.colWithdrawals, t.colPension],
      [
        [t.now, n(f?.availableNow ?? 0n), "", "", "", "", "", ""],
        ...years.map((y) => [
          y.untilQuarter,
          n(y.available),
          n(y.low),
          n(y.high),
          n(y.inflow),
          n(y.placements),
          n(y.withdrawals),
          n(y.pensionExits),
        ]),
      ],
    );
    fBox.replaceChildren(fc.figure, h("div", { class: "passend-table-wrap" }, fTable), csvLink(fTable, fRegion ? `prognose-${fRegion}` : "prognose"));
    const now = Number(f?.availableNow ?? 0n);
    fChart?.destroy();
    fChart = new Chart(fc.canvas, {
      type: "line",
      data: {
        labels: [t.now, ...years.map((y) => y.untilQuarter)],
        datasets: [
          { label: t.seriesHigh, data: [now, ...years.map((y) => Number(y.high))], borderColor: OKABE_ITO[5], backgroundColor: "rgba(86,180,233,0.35)", borderDash: [2, 3], pointRadius: 0, fill: "+1" },
          { label: t.seriesLow, data: [now, ...years.map((y) => Number(y.low))], borderColor: OKABE_ITO[5], backgroundColor: "rgba(86,180,233,0.35)", borderDash: [2, 3], pointRadius: 0, fill: false },
          { label: t.seriesExpected, data: [now, ...years.map((y) => Number(y.available))], borderColor: OKABE_ITO[0], backgroundColor: OKABE_ITO[0], borderWidth: 3, pointRadius: 5, fill: false },
        ],
      },
      options: {
        locale: locale(),
        maintainAspectRatio: false,
        animation: false,
        scales: { y: { beginAtZero: true, title: { display: true, text: t.axisCandidates } } },
        plugins: { legend: { labels: { usePointStyle: true } } },
      },
    });
  };
  main.append(
    section(
      t.forecastTitle,
      "forecast",
      h("p", { class: "utrecht-paragraph" }, t.forecastIntro(forecast.roundedTo)),
      chooser(
        "forecast-region",
        t.colRegion,
        [{ value: "", text: t.allRegions }, ...regionOptions(pl, forecast.regions.map((r) => r.region))],
        fRegion,
        (v) => {
          fRegion = v;
          keepInAddress("region", v);
          showForecast();
        },
      ),
      fBox,
    ),
  );
  showForecast();
}
