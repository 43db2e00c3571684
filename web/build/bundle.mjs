// Bundles src/main.ts (and the CSS it imports) with esbuild into OUT
// (argument, default ../build/web) under content-hashed names, and writes
// index.html referring to them. Prints the bundle's size, raw and gzip.
//
// The hash in a name is lowercase hex (`app.3f9c2a1b5e7d0c4a.js`): that is
// what passendd takes for a content hash and caches for a year (immutable,
// docs/HTTP.md); esbuild's own [hash] (base32, capitals) would be served
// no-cache and fetched again on every page load.
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
/** A name with the content's hash, as passendd recognises one: `stem.<16 lowercase hex>.ext`. */
const hashed = (stem, ext, content) => `${stem}.${createHash("sha256").update(content).digest("hex").slice(0, 16)}.${ext}`;
const placesName = hashed("places", "json", placesJson);
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
  // Named by their content below; the license texts keep the plain name
  // their comment refers to (never fetched by the pages).
  entryNames: "[name]",
  outdir: out,
  write: false,
  logLevel: "warning",
});

const outputs = new Map(result.outputFiles.map((f) => [basename(f.path), f.contents]));
const unexpected = [...outputs.keys()].filter((f) => !/^app\.(js|css)(\.LEGAL\.txt)?$/.test(f));
if (unexpected.length > 0 || !outputs.has("app.js") || !outputs.has("app.css")) {
  // An asset (a font, an image) would be referred to by a name of its own.
  throw new Error(`bundle: expected app.js and app.css (and their license texts), got ${[...outputs.keys()].join(", ")}`);
}
const js = hashed("app", "js", outputs.get("app.js"));
const css = hashed("app", "css", outputs.get("app.css"));
writeFileSync(join(out, js), outputs.get("app.js"));
writeFileSync(join(out, css), outputs.get("app.css"));
for (const f of ["app.js.LEGAL.txt", "app.css.LEGAL.txt"]) if (outputs.has(f)) writeFileSync(join(out, f), outputs.get(f));

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
