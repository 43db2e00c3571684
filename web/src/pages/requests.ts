// Introduction requests, the employer's side. On a vacancy's anonymous
// matches: "request an introduction" (CreatePlacement, which makes a
// placement in state REQUESTED for the WSP of the candidate's region to
// answer). On "my requests": the placements of my vacancies, page by page
// (in the server's order: by candidate, then oldest first), with their state
// and, once the WSP has introduced the person (who consented), the
// introduction itself (ConsentService.GetIntroduction): name and contact,
// fetched only when asked for, never before. A request the WSP has not
// answered yet can be withdrawn, on both pages (TransitionPlacement to
// DECLINED with the reason request_withdrawn), after a confirmation in the
// page.
import { Code } from "@connectrpc/connect";
import { Placement_State, type Placement } from "../gen/passend/v1/placement_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api, errorCode } from "../api";
import { h } from "../dom";
import { formatDate, t } from "../i18n";
import type { Ctx } from "../main";
import { declineReasonTitle, REQUEST_WITHDRAWN, taxonomy } from "../taxonomy";
import { alertBox, chooser, confirmInPlace, enumFromAddress, heading, loading, onCreatePlacement, pages, showListPage } from "./common";

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

/** A request's state, with the reason when it stopped, in the page's language. */
export function requestState(tx: Taxonomy, p: Placement): HTMLElement {
  return h(
    "span",
    { class: "passend-request-state", "data-state": Placement_State[p.state], "data-placement": p.name },
    requestStateText(p.state),
    p.state === DECLINED && p.declineReason ? ` (${declineReasonTitle(tx, p.declineReason)})` : "",
  );
}

/**
 * "Withdraw the request" of a placement the WSP has not answered (REQUESTED),
 * confirmed in the page first. Once withdrawn, the control says so (and takes
 * the focus) and `done` gets the placement as the server holds it now
 * (DECLINED, request_withdrawn); a refusal is said under the button.
 */
export function withdrawControl(p: Placement, done: (saved: Placement) => void): HTMLElement {
  const id = `withdraw-${p.name.replace(/[^a-z0-9]/gi, "-")}`;
  const out = h("div", { "aria-live": "polite" });
  const button = h(
    "button",
    { type: "button", id, class: "utrecht-button utrecht-button--secondary-action passend-withdraw-button", "aria-label": t.withdrawRequestFor(ref(p.candidate)) },
    t.withdrawRequest,
  );
  const wrap = h("div", { class: "passend-withdraw", "data-placement": p.name }, button, out);
  confirmInPlace(
    button,
    id,
    () => ({ question: t.withdrawQuestion(ref(p.candidate)), yes: t.withdrawYes, no: t.withdrawNo }),
    async () => {
      out.replaceChildren();
      try {
        const saved = await api.placements.transitionPlacement({
          name: p.name,
          state: DECLINED,
          declineReason: REQUEST_WITHDRAWN,
          etag: p.etag,
        });
        const said = h("p", { class: "utrecht-paragraph passend-ok", role: "status", id: `${id}-done`, tabindex: "-1" }, t.requestWithdrawn);
        wrap.replaceChildren(said);
        done(saved);
        said.focus();
        return true;
      } catch (e) {
        const code = errorCode(e);
        // Answered meanwhile (the etag or the state moved on), or not this employer's to withdraw.
        const known = code === Code.FailedPrecondition || code === Code.Aborted ? t.withdrawAnswered : code === Code.PermissionDenied || code === Code.NotFound ? t.withdrawRefused : null;
        out.replaceChildren(alertBox("error", known ?? t.errorGeneric, `${id}-error`));
        if (!known) console.warn(e);
        return false;
      }
    },
  );
  return wrap;
}

/**
 * The cell of one anonymous match: its request's state when there is one
 * (not declined or ended), which can be withdrawn while the WSP has not
 * answered it; else the button that asks for an introduction.
 */
export function requestCell(tx: Taxonomy, candidate: string, vacancy: string, existing: Placement | undefined): HTMLElement {
  const out = h("div", { class: "passend-request-status", "aria-live": "polite" });
  const toList = () => h("a", { href: "/requests", class: "utrecht-link" }, t.toMyRequests);
  if (existing) {
    const said = h("p", { class: "utrecht-paragraph" }, requestState(tx, existing), ". ", toList());
    out.append(said);
    const cell = h("div", { class: "passend-request", "data-candidate": candidate }, out);
    if (existing.state === REQUESTED) {
      cell.append(withdrawControl(existing, (saved) => said.replaceChildren(requestState(tx, saved), ". ", toList())));
    }
    return cell;
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
  const pg = pages(show);

  async function show(focus = false): Promise<void> {
    results.replaceChildren(loading());
    const res = await api.placements.listPlacements({ parent: "candidates/-", pageSize: PAGE_SIZE, pageToken: pg.token, state });
    pg.keep(res.nextPageToken);
    await Promise.all(
      [...new Set(res.placements.map((p) => p.vacancy))]
        .filter((n) => !titles.has(n))
        .map((n) => api.vacancies.getVacancy({ name: n }).then((v) => titles.set(n, v.title || n)).catch(() => titles.set(n, n))),
    );
    showListPage(
      results,
      "requests",
      t.myRequestsPage(pg.page + 1),
      [t.colReferenceAnon, t.colVacancy, t.colRequestedOn, t.colStatus, t.colIntroduction],
      res.placements.map((p) => {
        const state = requestState(tx, p);
        return [
          ref(p.candidate),
          h("a", { href: `/${p.vacancy}`, class: "utrecht-link" }, titles.get(p.vacancy) ?? p.vacancy),
          p.createTime ? formatDate(dateOf(p.createTime.seconds)) : "",
          state,
          INTRODUCED_OR_LATER.has(p.state)
            ? introductionCell(p)
            : p.state === REQUESTED
              ? withdrawCell(tx, p, state)
              : p.state === PROPOSED
                ? t.waitForWsp
                : "",
        ];
      }),
      pg.paging(res.nextPageToken),
      focus,
      { empty: { id: "no-requests", text: state ? t.noRequestsInState : t.noRequests } },
    );
  }
  await show();
}

/** A request waiting for the WSP, and the control that withdraws it; then its new state in `state`'s place. */
function withdrawCell(tx: Taxonomy, p: Placement, state: HTMLElement): HTMLElement {
  const wait = h("p", { class: "utrecht-paragraph" }, t.waitForWsp);
  return h(
    "div",
    null,
    wait,
    withdrawControl(p, (saved) => {
      wait.remove();
      state.replaceWith(requestState(tx, saved));
    }),
  );
}

function dateOf(seconds: bigint): { year: number; month: number; day: number } {
  const d = new Date(Number(seconds) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
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
