// A real passendd for the browser tests (tests/web/run.mjs) and the web
// benchmark (bench/web_first_list.mjs): the binaries and the built pages
// found as scripts/web.sh says, the server on free loopback ports with a
// temporary data directory, keys for an admin, the WSP of AM14 and an
// analyst, a demo population loaded; Connect JSON calls from node; signing
// in, through the page's form or straight through POST /session; chromium
// kept to loopback.
import { spawn, execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { mkdtempSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
/** Resolves the packages of web/ (playwright-core, axe-core). */
export const webRequire = createRequire(join(root, "web", "package.json"));

/**
 * Where things are. Environment: PASSEND_BUILD_DIR (default build),
 * PASSEND_BIN_DIR (passendd and passend; default build/services and
 * build/tools), PASSEND_WEB_ROOT (the built pages; default build/web),
 * CHROMIUM (default /usr/bin/chromium).
 */
export function paths() {
  const build = process.env.PASSEND_BUILD_DIR ? resolve(process.env.PASSEND_BUILD_DIR) : join(root, "build");
  const bin = process.env.PASSEND_BIN_DIR ? resolve(process.env.PASSEND_BIN_DIR) : null;
  return {
    build,
    passendd: bin ? join(bin, "passendd") : join(build, "services", "passendd"),
    passend: bin ? join(bin, "passend") : join(build, "tools", "passend"),
    webRoot: resolve(process.env.PASSEND_WEB_ROOT ?? join(build, "web")),
    chromium: process.env.CHROMIUM ?? "/usr/bin/chromium",
  };
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function freePort() {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });
}

/**
 * Starts passendd serving `webRoot` on 127.0.0.1 (its log to `log`), waits
 * until it is ready and loads `candidates` and `vacancies` of the demo
 * population. Returns the addresses, the keys (admin, wsp, analyst) and
 * helpers; `stop()` ends the server and removes its data.
 */
export async function startPassendd({ passendd, passend, webRoot, log, candidates, vacancies }) {
  const dir = mkdtempSync(join(tmpdir(), "passend-web-"));
  const keysFile = join(dir, "keys");
  const grpc = `127.0.0.1:${await freePort()}`;
  const base = `http://127.0.0.1:${await freePort()}`;

  const cli = (key, ...args) =>
    execFileSync(passend, [`--server=${grpc}`, ...(key ? [`--key=${key}`] : []), ...args], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  const createKey = (...args) => cli(null, "keys", "create", `--keys_file=${keysFile}`, ...args).trim();
  let keys;
  try {
    keys = {
      admin: createKey("--principal=test-admin", "--role=admin"),
      wsp: createKey("--principal=consulent-amersfoort", "--role=wsp", "--regions=AM14"),
      analyst: createKey("--principal=analist-test", "--role=analyst"),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }

  const out = openSync(log, "w");
  const server = spawn(
    passendd,
    [
      `--listen=${grpc}`,
      `--data_dir=${join(dir, "data")}`,
      `--keys_file=${keysFile}`,
      `--http_listen=${base.replace("http://", "")}`,
      `--web_root=${webRoot}`,
      // This tree's taxonomy and reference data, not those of the source tree
      // the binary was built from (PASSEND_BIN_DIR may be another's).
      `--taxonomy=${join(root, "data", "taxonomy.textproto")}`,
      `--reference_data=${join(root, "data")}`,
    ],
    { stdio: ["ignore", out, out] },
  );
  let exited = false;
  server.on("exit", () => (exited = true));

  async function stop() {
    if (!exited) {
      server.kill("SIGTERM");
      await new Promise((r) => (exited ? r() : server.once("exit", r)));
    }
    rmSync(dir, { recursive: true, force: true });
  }

  /** A Connect JSON call over the HTTP door with a key. */
  async function call(key, method, body = {}) {
    const res = await fetch(`${base}/passend.v1.${method}`, {
      method: "POST",
      headers: {
        "Content-Type": "application/json",
        "Connect-Protocol-Version": "1",
        Authorization: `Bearer ${key}`,
      },
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`${method}: ${res.status} ${JSON.stringify(json)}`);
    return json;
  }

  /** Every page of a list call. */
  async function listAll(key, method, field, body = {}) {
    const all = [];
    let pageToken = "";
    do {
      const r = await call(key, method, { ...body, pageSize: 1000, pageToken });
      all.push(...(r[field] ?? []));
      pageToken = r.nextPageToken ?? "";
    } while (pageToken);
    return all;
  }

  /** A key made now: passendd reads the key file again on SIGHUP; returns once the key is taken. */
  async function addKey(...args) {
    const key = createKey(...args);
    server.kill("SIGHUP");
    for (let i = 0; ; i++) {
      try {
        await call(key, "AccountService/GetCaller");
        return key;
      } catch (e) {
        if (i >= 50) throw new Error(`the new key (${args.join(" ")}) is not taken after SIGHUP: ${e}`);
        await sleep(100);
      }
    }
  }

  try {
    for (let i = 0; ; i++) {
      if (exited) throw new Error(`passendd exited; see ${log}`);
      try {
        if ((await fetch(`${base}/readyz`)).ok) break;
      } catch {
        // not listening yet
      }
      if (i >= 150) throw new Error("passendd not ready within 30 s");
      await sleep(200);
    }
    cli(keys.admin, "demo", "load", `--candidates=${candidates}`, `--vacancies=${vacancies}`);
  } catch (e) {
    await stop();
    throw e;
  }
  return { base, grpc, keys, cli, call, listAll, addKey, stop };
}

const offLoopback = (url) => !/^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);

/**
 * Requests off loopback are refused, each reported to `problem`. (Routing
 * turns chromium's HTTP cache off: see `loopbackArgs` where it counts.)
 */
export async function loopbackOnly(context, problem) {
  await context.route(offLoopback, (route) => {
    problem(`request off loopback: ${route.request().url()}`);
    return route.abort();
  });
}

/** Chromium's flags to resolve no host but 127.0.0.1: loopback only, the HTTP cache kept. */
export const loopbackArgs = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"];

/** Reports each request off loopback to `problem` (with `loopbackArgs` they fail). */
export function reportOffLoopback(context, problem) {
  context.on("request", (r) => {
    if (offLoopback(new URL(r.url()))) problem(`request off loopback: ${r.url()}`);
  });
}

/** Signs in through the page's form, as a person does. */
export async function signIn(page, base, key) {
  await page.goto(`${base}/`);
  await page.getByLabel("Uw sleutel").fill(key);
  await page.getByRole("button", { name: "Inloggen" }).click();
  await page.waitForSelector("#sign-out");
  await page.waitForSelector("#app:not([aria-busy])");
}

/** Signs a browser context in without loading a page: POST /session sets its session cookie. */
export async function signInBySession(context, base, key) {
  const res = await context.request.post(`${base}/session`, { headers: { Authorization: `Bearer ${key}` } });
  if (!res.ok()) throw new Error(`POST /session: ${res.status()}`);
}
