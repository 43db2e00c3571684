// Generates the TypeScript clients and messages from ../proto with Debian's
// protoc and the protoc-gen-es plugin into src/gen (not committed: proto/ is
// the one source, and a generated copy could drift from it).
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const web = join(dirname(fileURLToPath(import.meta.url)), "..");
const proto = join(web, "..", "proto");
const out = join(web, "src", "gen");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const files = [
  ...readdirSync(join(proto, "passend", "v1"))
    .filter((f) => f.endsWith(".proto"))
    .map((f) => `passend/v1/${f}`),
  "google/rpc/error_details.proto",
];
execFileSync(
  "protoc",
  [
    `-I${proto}`,
    "-I/usr/include",
    `--plugin=protoc-gen-es=${join(web, "node_modules", ".bin", "protoc-gen-es")}`,
    `--es_out=${out}`,
    "--es_opt=target=ts,import_extension=none",
    ...files,
  ],
  { stdio: "inherit" },
);
console.log(`generated ${files.length} proto files into src/gen`);
