// The web pages' time to the first ranked list, cold and warm (issue 18),
// against a real passendd with the demo population on 127.0.0.1, and the
// bundle's size. A benchmark, not a test: nothing is asserted.
//
//   bench/web_first_list.sh [--runs=9] [--candidates=10000] [--vacancies=1500]
//
// Each run: (a) cold: a fresh browser context (empty cache), signed in as
// the WSP of AM14 through POST /session, opens a vacancy's page until its
// ranked candidates are on it; (b) warm: the same page again in the same
// context (the bundle from the cache); (c) baseline: the RankCandidates
// call the page makes, alone, from node over the HTTP door (Connect JSON).
// Times are from the start of the navigation (the page's timeOrigin) to the
// moment the list is in the document (a MutationObserver's callback), read
// in the page, with two moments on the way: the bundle loaded and run
// (DOMContentLoaded) and the page's RankCandidates answered (resource
// timing); the baseline from before fetch to the parsed answer. One cold and
// warm load and one call before the runs are not counted.
// Environment as for the browser tests (tests/web/passendd.mjs).
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { loopbackArgs, paths, reportOffLoopback, signInBySession, startPassendd, webRequire } from "../tests/web/passendd.mjs";

const { chromium } = webRequire("playwright-core");
const arg = (name, dflt) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt);
const RUNS = arg("runs", 9);
const CANDIDATES = arg("candidates", 10000);
const VACANCIES = arg("vacancies", 1500);

const p = paths();
mkdirSync(p.build, { recursive: true });
const log = join(p.build, "web-bench-passendd.log");
console.log(`passendd with ${CANDIDATES} candidates, ${VACANCIES} vacancies (demo population) on 127.0.0.1; ${RUNS} runs; log ${log}`);
const srv = await startPassendd({ passendd: p.passendd, passend: p.passend, webRoot: p.webRoot, log, candidates: CANDIDATES, vacancies: VACANCIES });
let browser;
try {
  const { base, keys, call, listAll } = srv;
  const caller = await call(keys.wsp, "AccountService/GetCaller");
  // The request the vacancy's page makes for the WSP (pages/vacancy.ts).
  const rankRequest = (vacancy) => ({ vacancy, pageSize: 10, nearMisses: 10, regions: caller.regions, view: "FULL" });
  // An open vacancy of AM14 with the most feasible candidates of the region.
  const open = (await listAll(keys.wsp, "VacancyService/ListVacancies", "vacancies", { status: "OPEN" })).filter((v) => v.region === "AM14");
  let vacancy = null;
  let best = -1;
  for (const v of open.slice(0, 40)) {
    const r = await call(keys.wsp, "MatchService/RankCandidates", rankRequest(v.name));
    const n = Number(r.feasibleCount ?? 0);
    if ((r.results ?? []).length > 0 && n > best) [vacancy, best] = [v, n];
  }
  if (!vacancy) throw new Error("no open AM14 vacancy has ranked candidates");
  const url = `${base}/${vacancy.name}`;
  console.log(`vacancy ${vacancy.name} (${vacancy.title}): ${best} feasible candidates in ${caller.regions.join(", ")}`);

  browser = await chromium.launch({ executablePath: p.chromium, headless: true, args: loopbackArgs });
  const problems = [];

  /** Opens the page in `page` and returns ms from the navigation's start to the ranked list in the document. */
  async function firstList(page) {
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__passendFirstList !== undefined, null, { timeout: 60_000, polling: 50 });
    const t = await page.evaluate(() => ({
      list: window.__passendFirstList,
      ready: performance.getEntriesByType("navigation")[0]?.domContentLoadedEventEnd ?? NaN,
      ranked: performance.getEntriesByType("resource").find((r) => r.name.endsWith("/passend.v1.MatchService/RankCandidates"))?.responseEnd ?? NaN,
      bytes: performance.getEntriesByType("resource").filter((r) => /\/app\.[^/.]+\.(js|css)$/.test(r.name)).reduce((n, r) => n + r.transferSize, 0),
    }));
    if (!(await page.$("#ranked-candidates table"))) problems.push("the ranked list has no table");
    return t;
  }

  /** A cold and a warm load in one fresh context. */
  async function coldAndWarm() {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "nl-NL" });
    // Loopback only, by the resolver: routing requests would turn the cache off.
    reportOffLoopback(context, (m) => problems.push(m));
    // Notes the moment the ranked list is in the document, measured from the navigation's start.
    await context.addInitScript(() => {
      new MutationObserver((_, o) => {
        if (document.getElementById("ranked-candidates-summary")) {
          window.__passendFirstList = performance.now();
          o.disconnect();
        }
      }).observe(document, { childList: true, subtree: true });
    });
    await signInBySession(context, base, keys.wsp);
    const page = await context.newPage();
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    const cold = await firstList(page);
    const warm = await firstList(page);
    await context.close();
    return { cold, warm };
  }

  async function baseline() {
    const t0 = performance.now();
    await call(keys.wsp, "MatchService/RankCandidates", rankRequest(vacancy.name));
    return performance.now() - t0;
  }

  // One of each first, not counted: the server's and chromium's first time.
  await coldAndWarm();
  await baseline();
  const cold = [], warm = [], ready = { cold: [], warm: [] }, ranked = { cold: [], warm: [] }, bytes = { cold: [], warm: [] }, base0 = [];
  for (let i = 0; i < RUNS; i++) {
    const r = await coldAndWarm();
    cold.push(r.cold.list);
    warm.push(r.warm.list);
    ready.cold.push(r.cold.ready);
    ready.warm.push(r.warm.ready);
    ranked.cold.push(r.cold.ranked);
    ranked.warm.push(r.warm.ranked);
    bytes.cold.push(r.cold.bytes);
    bytes.warm.push(r.warm.bytes);
    base0.push(await baseline());
  }

  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const ms = (x) => `${x.toFixed(1)} ms`;
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  const b = median(base0);
  const rows = [
    ["(a) cold: fresh context, the ranked list rendered", cold, true],
    ["(a) of which: the bundle loaded and run (DOMContentLoaded)", ready.cold, false],
    ["(a) of which: RankCandidates answered", ranked.cold, false],
    ["(b) warm: the same page again in the same context", warm, true],
    ["(b) of which: the bundle loaded and run (DOMContentLoaded)", ready.warm, false],
    ["(b) of which: RankCandidates answered", ranked.warm, false],
    ["(c) baseline: RankCandidates alone (node, Connect JSON)", base0, true],
  ];
  console.log(`\n${RUNS} runs each; medians, min and max; ratio of the medians to the baseline's\n`);
  console.log(`| measure | median | min | max | × baseline |`);
  console.log(`| --- | ---: | ---: | ---: | ---: |`);
  for (const [name, xs, ratio] of rows) {
    console.log(`| ${name} | ${ms(median(xs))} | ${ms(Math.min(...xs))} | ${ms(Math.max(...xs))} | ${ratio ? `${(median(xs) / b).toFixed(1)}×` : ""} |`);
  }
  // How passendd serves the bundle: compressed for chromium (br), and cached or not.
  const html = await (await fetch(`${base}/`)).text();
  const script = html.match(/src="(\/app\.[^"]+\.js)"/)?.[1];
  const served = await fetch(`${base}${script}`, { headers: { "Accept-Encoding": "gzip, deflate, br, zstd" } });
  await served.arrayBuffer();
  console.log(
    `\nthe bundle over the wire (app js and css, medians): cold ${kb(median(bytes.cold))}, warm ${kb(median(bytes.warm))}; ` +
      `${script}: Content-Encoding ${served.headers.get("content-encoding") ?? "none"}, Cache-Control ${served.headers.get("cache-control")}`,
  );

  // The bundle as built: the files index.html loads.
  const files = readdirSync(p.webRoot).filter((f) => /^app\.[^.]+\.(js|css)$/.test(f) || f === "index.html");
  let raw = 0, gz = 0;
  for (const f of files) {
    const data = readFileSync(join(p.webRoot, f));
    raw += data.length;
    gz += gzipSync(data, { level: 9 }).length;
    console.log(`  ${f}: ${kb(data.length)}, ${kb(gzipSync(data, { level: 9 }).length)} gzip`);
  }
  console.log(`bundle: ${kb(raw)}, ${kb(gz)} gzip (level 9)`);
  if (problems.length) console.log(`\nproblems seen (the numbers may not hold):\n  ${[...new Set(problems)].join("\n  ")}`);
} finally {
  if (browser) await browser.close();
  await srv.stop();
}
