// Bundles src/main.ts (and the CSS it imports) with esbuild into OUT
// (argument, default ../build/web) under content-hashed names, and writes
// index.html referring to them. Prints the bundle's size, raw and gzip.
import * as esbuild from "esbuild";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = resolve(process.argv[2] ?? join(web, "..", "build", "web"));
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const result = await esbuild.build({
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
