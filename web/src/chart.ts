// Charts: chart.js with the parts the pages use, Okabe-Ito colours (safe for
// colour-blind readers); every chart has a text alternative and the table
// behind it on the page.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import { h } from "./dom";
import { currentLang } from "./i18n";

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);

export const OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

export { Chart };

export function locale(): string {
  return currentLang() === "en" ? "en-GB" : "nl-NL";
}

/** A canvas in a figure; `label` is its text alternative. */
export function chartFigure(id: string, label: string, tall = false): { figure: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = h("canvas", { id, role: "img", "aria-label": label });
  return { figure: h("figure", { class: `passend-chart${tall ? " passend-chart--tall" : ""}` }, canvas), canvas };
}

/** Horizontal bars, one series or stacked; null draws no bar (a hidden value, never 0). */
export function barChart(
  canvas: HTMLCanvasElement,
  labels: string[],
  series: { label: string; data: (number | null)[] }[],
  axis: string,
  stacked = false,
): Chart {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: series.map((s, i) => ({
        ...s,
        backgroundColor: OKABE_ITO[i],
        borderColor: "#000",
        borderWidth: i === 0 ? 0 : 1,
      })),
    },
    options: {
      locale: locale(),
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { beginAtZero: true, stacked, ticks: { precision: 0 }, title: { display: true, text: axis } },
        y: { stacked, ticks: { autoSkip: false } },
      },
      plugins: { legend: { display: series.length > 1 } },
    },
  });
}
