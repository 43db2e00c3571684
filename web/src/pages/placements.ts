// The placements board (WSP): placements of my regions by state, each moved
// on with TransitionPlacement along proposed -> introduced -> trial ->
// hired / declined (with a reason from the taxonomy) / ended. Introducing
// needs the person's consent for the employer: when the server refuses for
// want of it, the page says so and offers to record it (RecordConsent).
import { Code } from "@connectrpc/connect";
import { ConsentEvent_Kind } from "../gen/passend/v1/consent_pb";
import { Placement_State, type Placement } from "../gen/passend/v1/placement_pb";
import type { Taxonomy } from "../gen/passend/v1/taxonomy_pb";
import { api, errorCode } from "../api";
import { h } from "../dom";
import { selectInput, textInput } from "../form";
import { formatDate, t, title } from "../i18n";
import type { Ctx } from "../main";
import { declineReasonTitle, REQUEST_WITHDRAWN, taxonomy } from "../taxonomy";
import { alertBox, heading, pages, section, showListPage } from "./common";

const { REQUESTED, PROPOSED, INTRODUCED, TRIAL, HIRED, DECLINED, ENDED } = Placement_State;
const NEXT: Record<number, Placement_State[]> = {
  [REQUESTED]: [INTRODUCED, DECLINED],
  [PROPOSED]: [INTRODUCED, DECLINED],
  [INTRODUCED]: [TRIAL, HIRED, DECLINED],
  [TRIAL]: [HIRED, DECLINED, ENDED],
  [HIRED]: [ENDED],
};
// Employers' open requests first: they wait for an answer.
const BOARD = [REQUESTED, PROPOSED, INTRODUCED, TRIAL, HIRED, DECLINED, ENDED];

export function stateText(s: Placement_State): string {
  const k = (Placement_State[s] ?? "STATE_UNSPECIFIED") as keyof typeof t.placementStates;
  return t.placementStates[k] ?? t.placementStates.STATE_UNSPECIFIED;
}

const PAGE_SIZE = 25;

export async function renderPlacements(main: HTMLElement, ctx: Ctx): Promise<void> {
  const candidate = new URLSearchParams(location.search).get("candidate") ?? "";
  const tx = await taxonomy();
  let who = "";
  if (candidate) {
    const c = await api.candidates.getCandidate({ name: `candidates/${candidate}` });
    who = c.displayName || candidate;
  }
  main.append(heading(who ? t.placementsOfTitle(who) : t.placementsTitle));
  main.append(h("p", { class: "utrecht-paragraph" }, t.placementsIntro));
  if (candidate) main.append(h("p", { class: "utrecht-paragraph" }, h("a", { href: "/placements", class: "utrecht-link" }, t.allPlacements)));
  const parent = candidate ? `candidates/${candidate}` : "candidates/-";
  // Names and titles, each read once for the page.
  const cands = new Map<string, Promise<string>>();
  const vacs = new Map<string, Promise<string>>();
  const once = (m: Map<string, Promise<string>>, n: string, get: () => Promise<string>) => {
    if (!m.has(n)) m.set(n, get().catch(() => n));
    return m.get(n)!;
  };
  const names = (ps: Placement[]) =>
    Promise.all(
      ps.map(async (p) => [
        await once(cands, p.candidate, () => api.candidates.getCandidate({ name: p.candidate }).then((c) => c.displayName || p.candidate)),
        await once(vacs, p.vacancy, () => api.vacancies.getVacancy({ name: p.vacancy }).then((v) => `${v.title} – ${v.employerName}`)),
      ]),
    );

  /** One state's column, paged on its own (page tokens kept to go back). */
  function column(state: Placement_State): () => Promise<void> {
    const key = Placement_State[state].toLowerCase();
    const box = h("div", { class: "passend-board-column" });
    main.append(box);
    const pg = pages((focus) => show(focus));
    const show = async (focus: boolean) => {
      const l = await api.placements.listPlacements({ parent, state, pageSize: PAGE_SIZE, pageToken: pg.token });
      pg.keep(l.nextPageToken);
      const shown = await names(l.placements);
      const name = state === REQUESTED ? t.openRequestsTitle : stateText(state);
      const intro = state === REQUESTED ? h("p", { class: "utrecht-paragraph" }, t.openRequestsIntro) : null;
      if (l.placements.length === 0 && pg.page === 0) {
        box.replaceChildren(section(`${name} (0)`, `placements-${key}`, intro, h("p", { class: "utrecht-paragraph passend-muted" }, t.noPlacements)));
        return;
      }
      const rows = l.placements.map((p, i) => [
        h("a", { href: `/${p.candidate}`, class: "utrecht-link" }, shown[i][0]),
        h("a", { href: `/${p.vacancy}`, class: "utrecht-link" }, shown[i][1]),
        p.region,
        state === DECLINED ? declineReasonTitle(tx, p.declineReason) : state === HIRED || state === ENDED ? formatDate(p.hiredOn) : "",
        NEXT[state] ? moveForm(tx, p, ctx) : "",
      ]);
      const paged = pg.page > 0 || !!l.nextPageToken;
      showListPage(
        box,
        `placements-${key}`,
        paged ? t.boardColumnPage(name, pg.page + 1) : `${name} (${l.placements.length})`,
        [t.colName, t.colVacancy, t.colRegion, t.colDetail, t.colNextStep],
        rows,
        pg.paging(l.nextPageToken, name),
        focus,
        { prefix: `placements-${key}-`, intro },
      );
      if (!paged) box.querySelector("nav.passend-pager")?.remove();
    };
    return () => show(false);
  }
  await Promise.all(BOARD.map(column).map((show) => show()));
}

/** Next step for one placement: the state, a reason (declined) or hours (hired), and a button. */
function moveForm(tx: Taxonomy, p: Placement, ctx: Ctx): HTMLElement {
  const id = p.name.replace(/[^a-z0-9]/gi, "-");
  const next = NEXT[p.state];
  const to = selectInput(
    `to-${id}`,
    t.nextStep,
    next.map((s) => ({ value: Placement_State[s], text: stateText(s) })),
    Placement_State[next[0]],
  );
  // The WSP's reasons: withdrawing is the employer's own.
  const reasons = tx.declineReasons.filter((r) => r.id !== REQUEST_WITHDRAWN);
  const reason = selectInput(
    `reason-${id}`,
    t.declineReason,
    reasons.map((r) => ({ value: r.id, text: title(r) })),
    reasons[0]?.id ?? "",
  );
  const hours = textInput(`hours-${id}`, t.contractHours, "", { inputmode: "decimal", size: "s" });
  const sync = () => {
    reason.field.hidden = to.control.value !== "DECLINED";
    hours.field.hidden = to.control.value !== "HIRED";
  };
  to.control.addEventListener("change", sync);
  sync();
  const out = h("div", { id: `move-status-${id}`, "aria-live": "polite" });
  const button = h("button", { type: "submit", class: "utrecht-button utrecht-button--secondary-action" }, t.doStep);
  const form = h("form", { class: "passend-move", novalidate: true, "data-placement": p.name }, to.field, reason.field, hours.field, button, out);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    button.disabled = true;
    out.replaceChildren();
    const state = Placement_State[to.control.value as keyof typeof Placement_State];
    try {
      await api.placements.transitionPlacement({
        name: p.name,
        state,
        etag: p.etag,
        declineReason: state === DECLINED ? reason.control.value : "",
        hoursPerWeek: state === HIRED ? Number(hours.control.value.replace(",", ".")) || 0 : 0,
      });
      ctx.navigate(location.pathname + location.search);
    } catch (err) {
      const code = errorCode(err);
      if (state === INTRODUCED && code === Code.FailedPrecondition) {
        // The one precondition of an introduction the page does not know
        // beforehand: the person's consent for this employer.
        const consent = h(
          "button",
          { type: "button", class: "utrecht-button utrecht-button--primary-action", id: `consent-${id}` },
          t.recordConsent,
        );
        consent.addEventListener("click", async () => {
          consent.disabled = true;
          try {
            await api.consent.recordConsent({
              consentEvent: { candidate: p.candidate, employer: p.employer, vacancy: p.vacancy, kind: ConsentEvent_Kind.GIVEN },
            });
            out.replaceChildren(alertBox("ok", t.consentRecorded));
            button.focus();
          } catch (e2) {
            out.replaceChildren(alertBox("error", errorCode(e2) === Code.PermissionDenied ? t.errorForbidden : t.errorGeneric));
            console.warn(e2);
          }
        });
        out.replaceChildren(alertBox("error", t.needsConsent(p.employer), `consent-error-${id}`), h("p", { class: "utrecht-paragraph" }, t.consentHow), consent);
        consent.focus();
      } else {
        out.replaceChildren(
          alertBox(
            "error",
            code === Code.Aborted
              ? t.placementChanged
              : code === Code.InvalidArgument && state === HIRED
                ? t.hoursNeeded
                : code === Code.FailedPrecondition
                  ? t.stepNotPossible
                  : t.errorGeneric,
          ),
        );
        if (code !== Code.Aborted && code !== Code.InvalidArgument && code !== Code.FailedPrecondition) console.warn(err);
      }
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
