// The app shell: skip link, header with the person and the language switch,
// a menu by role, and the router for the pages' own paths (passendd serves
// index.html for every path without a file extension).
import "./style.css";
import { Caller_Role, type Caller } from "./gen/passend/v1/account_pb";
import { currentCaller, signOut } from "./api";
import { h, clear } from "./dom";
import { currentLang, setLang, t } from "./i18n";
import { forgetTaxonomy } from "./taxonomy";
import { renderSignIn } from "./pages/signin";
import { renderCandidates } from "./pages/candidates";
import { renderCandidate } from "./pages/candidate";
import { renderCandidateForm } from "./pages/candidate-form";
import { renderVacancies } from "./pages/vacancies";
import { renderVacancy } from "./pages/vacancy";
import { renderVacancyForm } from "./pages/vacancy-form";
import { renderProgress } from "./pages/progress";
import { renderPlacements } from "./pages/placements";
import { renderSupply } from "./pages/supply";
import { renderRequests } from "./pages/requests";
import { renderJobs } from "./pages/jobs";
import { renderProposals } from "./pages/proposals";
import { pageError } from "./pages/common";

export interface Ctx {
  caller: Caller;
  navigate: (path: string) => void;
}

type Page = (main: HTMLElement, ctx: Ctx, param: string) => Promise<void>;

interface Route {
  pattern: RegExp;
  page: Page;
  roles: Caller_Role[];
  menu?: () => string;
}

const { WSP, EMPLOYER, ANALYST, ADMIN } = Caller_Role;

const routes: Route[] = [
  { pattern: /^\/candidates$/, page: renderCandidates, roles: [WSP, ADMIN], menu: () => t.menuCandidates },
  { pattern: /^\/candidates\/new$/, page: (m, c) => renderCandidateForm(m, c, ""), roles: [WSP, ADMIN] },
  { pattern: /^\/candidates\/([a-z0-9]+)\/edit$/, page: renderCandidateForm, roles: [WSP, ADMIN] },
  { pattern: /^\/candidates\/([a-z0-9]+)$/, page: renderCandidate, roles: [WSP, ADMIN] },
  {
    pattern: /^\/vacancies$/,
    page: renderVacancies,
    roles: [WSP, EMPLOYER, ADMIN],
    menu: () => (caller?.role === EMPLOYER ? t.menuMyVacancies : t.menuVacancies),
  },
  { pattern: /^\/vacancies\/new$/, page: (m, c) => renderVacancyForm(m, c, ""), roles: [EMPLOYER] },
  { pattern: /^\/vacancies\/([a-z0-9]+)\/edit$/, page: renderVacancyForm, roles: [EMPLOYER] },
  { pattern: /^\/vacancies\/([a-z0-9]+)$/, page: renderVacancy, roles: [WSP, EMPLOYER, ADMIN] },
  { pattern: /^\/requests$/, page: renderRequests, roles: [EMPLOYER], menu: () => t.menuMyRequests },
  { pattern: /^\/jobs$/, page: renderJobs, roles: [EMPLOYER], menu: () => t.menuMyJobs },
  { pattern: /^\/placements$/, page: renderPlacements, roles: [WSP, ADMIN], menu: () => t.menuPlacements },
  { pattern: /^\/proposals$/, page: renderProposals, roles: [WSP, ADMIN], menu: () => t.menuProposals },
  { pattern: /^\/progress$/, page: renderProgress, roles: [ANALYST, ADMIN], menu: () => t.menuProgress },
  { pattern: /^\/supply$/, page: renderSupply, roles: [ANALYST, ADMIN], menu: () => t.menuSupply },
];
const menuPaths: Record<string, string> = Object.fromEntries(
  routes.filter((r) => r.menu).map((r) => [r.pattern.source, r.pattern.source.slice(1, -1).replace(/\\/g, "")]),
);

let caller: Caller | null = null;
const app = document.getElementById("app")!;

function home(c: Caller): string | null {
  const r = routes.find((r) => r.menu && r.roles.includes(c.role));
  return r ? menuPaths[r.pattern.source] : null;
}

function navigate(path: string): void {
  if (path !== location.pathname + location.search) history.pushState(null, "", path);
  void render(true);
}

function roleName(r: Caller_Role): string {
  const key = Caller_Role[r] as keyof typeof t.roles;
  return t.roles[key] ?? t.roles.UNKNOWN;
}

function languageSwitch(): HTMLElement {
  const other = currentLang() === "nl" ? "en" : "nl";
  return h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--subtle",
      lang: other,
      "aria-label": t.switchLanguageLabel,
      id: "language-switch",
      onclick: () => {
        setLang(other);
        void render(false);
      },
    },
    t.switchLanguage,
  );
}

function shell(c: Caller | null): { main: HTMLElement } {
  clear(app);
  const main = h("main", { id: "main", class: "passend-main", tabindex: "-1" });
  const header = h(
    "header",
    { class: "passend-header" },
    h(
      "div",
      { class: "passend-header__inner" },
      h("p", { class: "passend-brand" }, t.appName, h("span", { class: "passend-brand__tagline" }, t.tagline)),
      h(
        "div",
        { class: "passend-user" },
        c &&
          h(
            "p",
            { id: "who" },
            `${t.signedInAs} `,
            h("strong", null, c.principal),
            ` (${roleName(c.role)})`,
            c.regions.length > 0 ? ` · ${t.regionsLabel}: ${c.regions.join(", ")}` : "",
            c.employer ? ` · ${c.employer}` : "",
          ),
        languageSwitch(),
        c &&
          h(
            "button",
            {
              type: "button",
              class: "utrecht-button utrecht-button--secondary-action",
              id: "sign-out",
              onclick: async () => {
                await signOut();
                caller = null;
                forgetTaxonomy();
                history.pushState(null, "", "/");
                void render(true);
              },
            },
            t.signOut,
          ),
      ),
    ),
  );
  const skip = h("a", { class: "passend-skip-link utrecht-link", href: "#main" }, t.skipToContent);
  skip.addEventListener("click", (e) => {
    e.preventDefault();
    main.focus();
  });
  const parts: Node[] = [skip, header];
  if (c) {
    const items = routes.filter((r) => r.menu && r.roles.includes(c.role));
    if (items.length > 0) {
      parts.push(
        h(
          "nav",
          { class: "passend-nav", "aria-label": t.mainMenu },
          h(
            "ul",
            { class: "passend-nav__inner" },
            items.map((r) => {
              const path = menuPaths[r.pattern.source];
              const current = location.pathname === path || location.pathname.startsWith(path + "/");
              return h(
                "li",
                null,
                h("a", { href: path, class: "utrecht-link", "aria-current": current ? "page" : null }, r.menu!()),
              );
            }),
          ),
        ),
      );
    }
  }
  parts.push(main);
  for (const p of parts) app.appendChild(p);
  return { main };
}

let renderCount = 0;

async function render(moveFocus: boolean): Promise<void> {
  const mine = ++renderCount;
  app.setAttribute("aria-busy", "true");
  try {
    await renderPage(mine, moveFocus);
  } finally {
    if (mine === renderCount) app.removeAttribute("aria-busy");
  }
}

async function renderPage(mine: number, moveFocus: boolean): Promise<void> {
  document.documentElement.lang = currentLang();
  if (caller === null) {
    try {
      caller = await currentCaller();
    } catch {
      caller = null;
    }
    if (mine !== renderCount) return;
  }
  if (caller === null) {
    const { main } = shell(null);
    document.title = `${t.signInTitle} · passend`;
    renderSignIn(main, async () => {
      caller = await currentCaller();
      const to = caller ? home(caller) : null;
      navigate(location.pathname !== "/" && location.pathname !== "" ? location.pathname : to ?? "/");
    });
    return;
  }
  const c = caller;
  let path = location.pathname;
  if (path === "/" || path === "") {
    const to = home(c);
    if (to) {
      history.replaceState(null, "", to);
      path = to;
    }
  }
  const { main } = shell(c);
  const ctx: Ctx = { caller: c, navigate };
  const route = routes.find((r) => r.pattern.test(path) && r.roles.includes(c.role));
  try {
    if (!route) {
      const h1 = h("h1", { class: "utrecht-heading-1", tabindex: "-1" }, home(c) ? t.notFoundTitle : t.noPagesForRole);
      main.appendChild(h1);
      document.title = `${h1.textContent} · passend`;
    } else {
      const m = route.pattern.exec(path)!;
      await route.page(main, ctx, m[1] ?? "");
    }
  } catch (e) {
    if (mine === renderCount) pageError(main, e, () => {
      caller = null;
      void render(true);
    });
  }
  if (mine !== renderCount) return;
  const h1 = main.querySelector("h1");
  if (h1) document.title = `${h1.textContent} · passend`;
  if (moveFocus && h1 instanceof HTMLElement) {
    h1.setAttribute("tabindex", "-1");
    h1.focus();
  }
}

// Links inside the app navigate without reloading.
document.addEventListener("click", (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.("a");
  if (!a || a.target || a.hasAttribute("download") || a.protocol !== location.protocol) return;
  if (a.origin !== location.origin || a.hash) return;
  if (/\.[a-z0-9]+$/i.test(a.pathname)) return;
  e.preventDefault();
  navigate(a.pathname + a.search);
});
window.addEventListener("popstate", () => void render(true));
void render(false);
