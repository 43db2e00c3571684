// Introduction requests, the employer's side. On a vacancy's anonymous
// matches: "request an introduction" (CreatePlacement, which makes a
// placement in state REQUESTED for the WSP of the candidate's region to
// answer). On "my requests": the placements of my vacancies, page by page
// (in the server's order: by candidate, then oldest first), with their state
// and, once the WSP has introduced the person (who consented), the
// introduction itself (ConsentService.GetIntroduction): name and contact,
// fetched only when asked for, never before.
import { Code } from "@connectrpc/connect";
import { Placement_State, type Placement } from "../gen/passend/v1/placement_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api, errorCode } from "../api";
import { h } from "../dom";
import { formatDate, t, title } from "../i18n";
import type { Ctx } from "../main";
import { taxonomy } from "../taxonomy";
import { alertBox, chooser, enumFromAddress, heading, loading, onCreatePlacement, showListPage } from "./common";

const { REQUESTED, PROPOSED, INTRODUCED, TRIAL, HIRED, DECLINED, ENDED } = Placement_State;
/** States in which the person has agreed to meet the employer. */
const INTRODUCED_OR_LATER = new Set([INTRODUCED, TRIAL, HIRED, ENDED]);

export function requestStateText(s: Placement_State): string {
  const k = (Placement_State[s] ?? "STATE_UNSPECIFIED") as keyof typeof t.requestStates;
  return t.requestStates[k] ?? t.requestStates.STATE_UNSPECIFIED;
}

const PAGE_SIZE = 25;

/** Every placement of the employer's vacancies, all pages. */
export async function myPlacements(): Promise<Placement[]> {
  const all: Placement[] = [];
  let pageToken = "";
  do {
    const res = await api.placements.listPlacements({ parent: "candidates/-", pageSize: 1000, pageToken });
    all.push(...res.placements);
    pageToken = res.nextPageToken;
  } while (pageToken);
  return all;
}

function ref(candidate: string): string {
  return candidate.replace(/^candidates\//, "");
}

/**
 * The cell of one anonymous match: its request's state when there is one
 * (not declined or ended), else the button that asks for an introduction.
 */
export function requestCell(candidate: string, vacancy: string, existing: Placement | undefined): HTMLElement {
  const out = h("div", { class: "passend-request-status", "aria-live": "polite" });
  const toList = () => h("a", { href: "/requests", class: "utrecht-link" }, t.toMyRequests);
  if (existing) {
    out.append(h("p", { class: "utrecht-paragraph" }, requestStateText(existing.state), ". ", toList()));
    return h("div", { class: "passend-request", "data-candidate": candidate }, out);
  }
  const button = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--secondary-action passend-request-button",
      "aria-label": t.requestIntroductionFor(ref(candidate)),
    },
    t.requestIntroduction,
  );
  onCreatePlacement(button, out, candidate, vacancy, {
    done: t.introductionRequested,
    exists: t.alreadyRequested,
    refused: t.cannotRequest,
    follow: toList,
  });
  return h("div", { class: "passend-request", "data-candidate": candidate }, button, out);
}

/** "My requests": the placements of my vacancies, a page at a time, filtered by state (kept in the address). */
export async function renderRequests(main: HTMLElement, ctx: Ctx): Promise<void> {
  main.append(heading(t.myRequestsTitle), h("p", { class: "utrecht-paragraph" }, t.myRequestsIntro));
  const stateName = new URLSearchParams(location.search).get("state") ?? "";
  const state = enumFromAddress(Placement_State, stateName);
  const form = chooser(
    "filter-state",
    t.filterRequestState,
    [
      { value: "", text: t.filterRequestStateAll },
      ...[REQUESTED, PROPOSED, INTRODUCED, TRIAL, HIRED, DECLINED, ENDED].map((s) => ({ value: Placement_State[s], text: requestStateText(s) })),
    ],
    state ? stateName : "",
    (v) => ctx.navigate(`/requests${v ? `?state=${v}` : ""}`),
  );
  const results = h("div", { id: "request-results", "aria-live": "polite" }, loading());
  main.append(form, results);
  const tx = await taxonomy();
  const titles = new Map<string, string>();
  const tokens: string[] = [""];
  let page = 0;

  async function show(focus = false): Promise<void> {
    results.replaceChildren(loading());
    const res = await api.placements.listPlacements({ parent: "candidates/-", pageSize: PAGE_SIZE, pageToken: tokens[page], state });
    if (res.nextPageToken) tokens[page + 1] = res.nextPageToken;
    await Promise.all(
      [...new Set(res.placements.map((p) => p.vacancy))]
        .filter((n) => !titles.has(n))
        .map((n) => api.vacancies.getVacancy({ name: n }).then((v) => titles.set(n, v.title || n)).catch(() => titles.set(n, n))),
    );
    if (res.placements.length === 0) {
      results.replaceChildren(h("p", { class: "utrecht-paragraph", id: "no-requests" }, state ? t.noRequestsInState : t.noRequests));
      return;
    }
    showListPage(
      results,
      "requests",
      t.myRequestsPage(page + 1),
      [t.colReferenceAnon, t.colVacancy, t.colRequestedOn, t.colStatus, t.colIntroduction],
      res.placements.map((p) => [
        ref(p.candidate),
        h("a", { href: `/${p.vacancy}`, class: "utrecht-link" }, titles.get(p.vacancy) ?? p.vacancy),
        p.createTime ? formatDate(dateOf(p.createTime.seconds)) : "",
        h(
          "span",
          { class: "passend-request-state", "data-state": Placement_State[p.state] },
          requestStateText(p.state),
          p.state === DECLINED && p.declineReason ? ` (${declineText(tx, p.declineReason)})` : "",
        ),
        INTRODUCED_OR_LATER.has(p.state) ? introductionCell(p) : p.state === PROPOSED || p.state === REQUESTED ? t.waitForWsp : "",
      ]),
      {
        page,
        hasNext: !!res.nextPageToken,
        turn: (delta) => {
          page += delta;
          void show(true);
        },
      },
      focus,
    );
  }
  await show();
}

function dateOf(seconds: bigint): { year: number; month: number; day: number } {
  const d = new Date(Number(seconds) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function declineText(tx: Taxonomy, id: string): string {
  const r = tx.declineReasons.find((x) => x.id === id);
  return r ? title(r) : id;
}

/** "Show the introduction": name and contact, fetched only now. */
function introductionCell(p: Placement): HTMLElement {
  const out = h("div", { class: "passend-introduction", "aria-live": "polite" });
  const button = h(
    "button",
    {
      type: "button",
      class: "utrecht-button utrecht-button--primary-action passend-introduction-button",
      "aria-label": t.showIntroductionFor(ref(p.candidate)),
    },
    t.showIntroduction,
  );
  button.addEventListener("click", async () => {
    button.disabled = true;
    try {
      const intro = await api.consent.getIntroduction({ candidate: p.candidate, vacancy: p.vacancy });
      button.remove();
      out.replaceChildren(
        h(
          "dl",
          { class: "passend-dl" },
          h("dt", null, t.colName),
          h("dd", { class: "passend-introduction-name" }, intro.displayName),
          intro.contact?.email ? [h("dt", null, t.fEmail), h("dd", null, intro.contact.email)] : null,
          intro.contact?.phone ? [h("dt", null, t.fPhone), h("dd", null, intro.contact.phone)] : null,
        ),
      );
    } catch (e) {
      button.disabled = false;
      const code = errorCode(e);
      out.replaceChildren(alertBox("error", code === Code.FailedPrecondition || code === Code.PermissionDenied ? t.introductionGone : t.errorGeneric));
      if (code !== Code.FailedPrecondition && code !== Code.PermissionDenied) console.warn(e);
    }
  });
  return h("div", { "data-candidate": p.candidate }, button, out);
}
