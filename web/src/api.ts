// The Connect clients of passend's HTTP door. The session cookie (HttpOnly,
// set by POST /session) authenticates every call: the key is sent once, at
// sign-in, and never kept in the page.
import { Code, ConnectError, createClient, type Client } from "@connectrpc/connect";
import { createConnectTransport } from "@connectrpc/connect-web";
import type { DescService } from "@bufbuild/protobuf";
import { BadRequestSchema } from "./gen/google/rpc/error_details_pb";
import { AccountService, type Caller } from "./gen/passend/v1/account_pb";
import { CandidateService } from "./gen/passend/v1/candidate_pb";
import { VacancyService } from "./gen/passend/v1/vacancy_pb";
import { MatchService } from "./gen/passend/v1/match_pb";
import { PlacementService } from "./gen/passend/v1/placement_pb";
import { TaxonomyService } from "./gen/passend/v1/taxonomy_pb";
import { AdviceService } from "./gen/passend/v1/advice_pb";
import { ConsentService } from "./gen/passend/v1/consent_pb";
import { SupplyService } from "./gen/passend/v1/supply_pb";

const transport = createConnectTransport({
  baseUrl: window.location.origin,
  useBinaryFormat: false,
  fetch: (input, init) => fetch(input, { ...init, credentials: "same-origin" }),
  defaultTimeoutMs: 30_000,
});

function client<T extends DescService>(s: T): Client<T> {
  return createClient(s, transport);
}

export const api = {
  account: client(AccountService),
  candidates: client(CandidateService),
  vacancies: client(VacancyService),
  match: client(MatchService),
  placements: client(PlacementService),
  taxonomy: client(TaxonomyService),
  advice: client(AdviceService),
  consent: client(ConsentService),
  supply: client(SupplyService),
};

export type SignInResult =
  | { ok: true }
  | { ok: false; reason: "bad_key" | "too_many" | "other" };

/** POST /session with the key; the answer sets the session cookie. */
export async function signIn(key: string): Promise<SignInResult> {
  const res = await fetch("/session", {
    method: "POST",
    headers: { Authorization: `Bearer ${key}` },
    credentials: "same-origin",
  });
  if (res.ok) return { ok: true };
  if (res.status === 401 || res.status === 403) return { ok: false, reason: "bad_key" };
  if (res.status === 429) return { ok: false, reason: "too_many" };
  return { ok: false, reason: "other" };
}

export async function signOut(): Promise<void> {
  await fetch("/session", { method: "DELETE", credentials: "same-origin" });
}

/** Who is signed in, or null when no session is live. */
export async function currentCaller(): Promise<Caller | null> {
  try {
    return await api.account.getCaller({});
  } catch (e) {
    if (e instanceof ConnectError && e.code === Code.Unauthenticated) return null;
    throw e;
  }
}

/** The server's field violations (google.rpc.BadRequest), by field path. */
export function fieldViolations(e: unknown): Map<string, string> {
  const m = new Map<string, string>();
  if (!(e instanceof ConnectError)) return m;
  for (const d of e.findDetails(BadRequestSchema)) {
    for (const v of d.fieldViolations) m.set(v.field, v.description);
  }
  return m;
}

export function isUnauthenticated(e: unknown): boolean {
  return e instanceof ConnectError && e.code === Code.Unauthenticated;
}

export function errorCode(e: unknown): Code | null {
  return e instanceof ConnectError ? e.code : null;
}
