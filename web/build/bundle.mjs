// Bundles src/main.ts (and the CSS it imports) with esbuild into OUT
// (argument, default ../build/web) under content-hashed names, and writes
// index.html referring to them. Prints the bundle's size, raw and gzip.
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { createHash } from "node:crypto";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(web, "..", "build", "web"));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// The shipped reference data the pages look things up in (data/pc4.csv and
// regions.csv: a postcode area's municipality and labour-market region),
// as a JSON file of its own under a content-hashed name, fetched only by
// the pages that need it.
function csv(path) {
  const rows = [];
  for (const line of readFileSync(path, "utf8").split(/\r?\n/)) {
    if (!line) continue;
    const cells = [];
    let cur = "", quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (quoted) {
        if (c === '"' && line[i + 1] === '"') { cur += '"'; i++; }
        else if (c === '"') quoted = false;
        else cur += c;
      } else if (c === '"') quoted = true;
      else if (c === ",") { cells.push(cur); cur = ""; }
      else cur += c;
    }
    cells.push(cur);
    rows.push(cells);
  }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((k, i) => [k, r[i] ?? ""])));
}
const data = join(web, "..", "data");
const regions = Object.fromEntries(csv(join(data, "regions.csv")).map((r) => [r.code, r.name]));
const municipalities = [];
const municipalityIndex = new Map();
const pc4 = {};
for (const r of csv(join(data, "pc4.csv"))) {
  if (!r.gemeente_name) continue;
  if (!municipalityIndex.has(r.gemeente_name)) {
    municipalityIndex.set(r.gemeente_name, municipalities.length);
    municipalities.push(r.gemeente_name);
  }
  pc4[r.pc4] = [municipalityIndex.get(r.gemeente_name), r.am_code, r.gemeente_ambiguous === "1" ? 1 : 0];
}
const placesJson = JSON.stringify({ regions, municipalities, pc4 });
const placesName = `places.${createHash("sha256").update(placesJson).digest("hex").slice(0, 8).toUpperCase()}.json`;
writeFileSync(join(out, placesName), placesJson);

const result = await esbuild.build({
  define: { __PLACES_URL__: JSON.stringify(`/${placesName}`) },
  entryPoints: { app: join(web, "src", "main.ts") },
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  sourcemap: false,
  legalComments: "linked",
  entryNames: "[name].[hash]",
  assetNames: "[name].[hash]",
  outdir: out,
  metafile: true,
  logLevel: "warning",
});

const outputs = Object.keys(result.metafile.outputs).map((p) => basename(p));
const js = outputs.find((f) => /^app\.[A-Z0-9]+\.js$/.test(f));
const css = outputs.find((f) => /^app\.[A-Z0-9]+\.css$/.test(f));
if (!js || !css) throw new Error(`bundle: no app js/css among ${outputs.join(", ")}`);

const template = readFileSync(join(web, "src", "index.html"), "utf8");
const html = template.replace("%CSS%", `/${css}`).replace("%JS%", `/${js}`);
writeFileSync(join(out, "index.html"), html);

let raw = 0, gz = 0;
for (const f of [js, css, "index.html"]) {
  const b = readFileSync(join(out, f));
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`bundle: ${js}, ${css}: ${kb(raw)}, ${kb(gz)} gzip -> ${out}`);
const pb = Buffer.from(placesJson);
console.log(`reference data: ${placesName}: ${kb(pb.length)}, ${kb(gzipSync(pb, { level: 9 }).length)} gzip (fetched only by the pages that name places)`);
