// Candidate intake and edit (WSP): CreateCandidate, or UpdateCandidate with
// the update mask of the fields changed. The server validates; its field
// violations are shown at their fields and nothing typed is lost.
import {
  Candidate_Availability,
  OccupationPreference_Relation,
  SupportNeed_Strength,
  type Candidate,
} from "../gen/passend/v1/candidate_pb";
import { api } from "../api";
import { h } from "../dom";
import { checkbox, fieldset, selectInput, textInput, type Field } from "../form";
import { t, title } from "../i18n";
import type { Ctx } from "../main";
import { occupationField, type OccupationField } from "../occupations";
import { places, regionOptions } from "../places";
import { description, taxonomy } from "../taxonomy";
import { heading } from "./common";
import { hoursFields, keepDraft, levelFields, postcodeField, rowList, saveOnSubmit, violationText, wholeNumber } from "./record-form";

type Date3 = { year: number; month: number; day: number };

function today(): Date3 {
  const d = new Date();
  return { year: d.getFullYear(), month: d.getMonth() + 1, day: d.getDate() };
}
function dateValue(d: Date3 | undefined): string {
  if (!d || !d.year) return "";
  return `${String(d.year).padStart(4, "0")}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;
}
function parseDate(s: string): Date3 | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  return m ? { year: +m[1], month: +m[2], day: +m[3] } : undefined;
}
const STRENGTH = { "": 0, REQUIRED: SupportNeed_Strength.REQUIRED, PREFERRED: SupportNeed_Strength.PREFERRED } as const;

/** /candidates/new and /candidates/{id}/edit */
export async function renderCandidateForm(main: HTMLElement, ctx: Ctx, id: string): Promise<void> {
  const editing = id !== "";
  const [tx, pl, original] = await Promise.all([
    taxonomy(),
    places(),
    editing ? api.candidates.getCandidate({ name: `candidates/${id}` }) : Promise.resolve(null),
  ]);
  main.append(heading(editing ? t.editCandidateTitle(original!.displayName || id) : t.newCandidateTitle));
  main.append(h("p", { class: "utrecht-paragraph" }, editing ? t.editCandidateIntro : t.newCandidateIntro));

  const fields = new Map<string, Field>();
  const add = (key: string, f: Field) => {
    fields.set(key, f);
    return f.field;
  };
  const c = original;

  // Person
  const person = fieldset(
    t.fsPerson,
    add("display_name", textInput("f-display-name", t.fDisplayName, c?.displayName ?? "", { autocomplete: "off" })),
    add("contact.email", textInput("f-email", t.fEmail, c?.contact?.email ?? "", { type: "email", hint: t.fEmailHint })),
    add("contact.phone", textInput("f-phone", t.fPhone, c?.contact?.phone ?? "", { type: "tel", hint: t.fPhoneHint })),
  );

  // Region and where the person lives
  const regionCodes = ctx.caller.regions.length > 0 ? ctx.caller.regions : Object.keys(pl.regions).sort();
  const ownerRegion = c?.ownerRegion ?? (regionCodes.length === 1 ? regionCodes[0] : "");
  const postcode = postcodeField("f-postcode", t.fPostcode, c?.postcodeArea ?? "", pl);
  const where = fieldset(
    t.fsWhere,
    add(
      "owner_region",
      selectInput(
        "f-owner-region",
        t.fOwnerRegion,
        [
          ...(ownerRegion ? [] : [{ value: "", text: t.choose }]),
          ...regionOptions(pl, regionCodes),
        ],
        ownerRegion,
        t.fOwnerRegionHint,
      ),
    ),
    add("postcode_area", postcode),
    add("travel_range_km", textInput("f-travel", t.fTravel, c ? String(c.travelRangeKm) : "", { inputmode: "numeric", size: "s", hint: t.fTravelHint })),
    add("travels_independently", checkbox("f-travels-alone", t.fTravelsAlone, c?.travelsIndependently ?? false)),
  );

  // Hours
  const hoursRange = hoursFields("f-", c?.hoursPerWeek);
  fields.set("hours_per_week.min", hoursRange.min);
  fields.set("hours_per_week.max", hoursRange.max);
  const hours = fieldset(t.fsHours, h("p", { class: "utrecht-paragraph passend-muted" }, t.fHoursHint), hoursRange.row);

  // Availability
  const availOptions = [
    Candidate_Availability.AVAILABLE_NOW,
    Candidate_Availability.AVAILABLE_FROM,
    ...(editing ? [Candidate_Availability.PLACED, Candidate_Availability.WITHDRAWN] : []),
  ];
  const avail = selectInput(
    "f-availability",
    t.fAvailability,
    availOptions.map((a) => ({ value: Candidate_Availability[a], text: t.availabilityChoice[Candidate_Availability[a] as keyof typeof t.availabilityChoice] })),
    Candidate_Availability[c?.availability ?? Candidate_Availability.AVAILABLE_NOW],
  );
  const from = textInput("f-available-from", t.fAvailableFrom, dateValue(c?.availableFrom), { type: "date" });
  const showFrom = () => {
    from.field.hidden = avail.control.value !== "AVAILABLE_FROM";
  };
  avail.control.addEventListener("change", showFrom);
  showFrom();
  const confirmed = editing ? checkbox("f-confirmed", t.fConfirmedToday, false, t.fConfirmedHint(c?.lastConfirmed ? dateValue(c.lastConfirmed) : "–")) : null;
  const availability = fieldset(
    t.fsAvailability,
    add("availability", avail),
    add("available_from", from),
    confirmed ? add("last_confirmed", confirmed) : null,
  );

  // Support needs: none, required or preferred, from the taxonomy, each with its description as the hint.
  const needOf = new Map((c?.supportNeeds ?? []).map((n) => [n.need, n.strength]));
  const needFields: [string, Field][] = tx.supportNeeds.map((n) => {
    const s = needOf.get(n.id);
    return [
      n.id,
      selectInput(
        `f-need-${n.id}`,
        title(n),
        [
          { value: "", text: t.needNone },
          { value: "REQUIRED", text: t.needRequired },
          { value: "PREFERRED", text: t.needPreferred },
        ],
        s === SupportNeed_Strength.REQUIRED ? "REQUIRED" : s === SupportNeed_Strength.PREFERRED ? "PREFERRED" : "",
        description(n) || undefined,
      ),
    ];
  });
  const needs = fieldset(
    t.fsNeeds,
    h("p", { class: "utrecht-paragraph passend-muted" }, t.fNeedsHint),
    h("div", { class: "passend-grid" }, needFields.map(([id, f]) => add(`need:${id}`, f))),
  );

  // Capacities: one select per dimension, each level with its description.
  const capOf = new Map((c?.capacities ?? []).map((d) => [d.dimension, d.level]));
  const caps = levelFields(tx.dimensions, "f-cap-", (d) => capOf.get(d.id), (d) => d.normalLevel, t.normalLevel);
  for (const [id, f] of caps.fields) fields.set(`cap:${id}`, f);
  const capacity = fieldset(t.fsCapacity, h("p", { class: "utrecht-paragraph passend-muted" }, t.fCapacityHint), ...caps.groups);

  // Occupations: one chosen by type-ahead, and experience or interest.
  type OccRow = [OccupationField, Field];
  const occ = rowList<{ escoId: string; relation: OccupationPreference_Relation }, OccRow>("add-occupation", t.addOccupation, (n, o) => {
    const idF = occupationField(`f-occ-${n}`, t.fOccupationId(n), o?.escoId ?? "", n === 1 ? t.fOccupationHint : undefined);
    const relF = selectInput(
      `f-occ-rel-${n}`,
      t.fOccupationRelation(n),
      [
        { value: "EXPERIENCE", text: t.experienceChoice },
        { value: "INTEREST", text: t.interestChoice },
      ],
      o?.relation === OccupationPreference_Relation.INTEREST ? "INTEREST" : "EXPERIENCE",
    );
    fields.set(`occ:${n}`, idF);
    fields.set(`occrel:${n}`, relF);
    return [idF, relF];
  });
  for (const o of c?.occupations ?? []) occ.add(o);
  const occupations = fieldset(t.fsOccupations, occ.element);

  const status = h("div", { id: "form-status" });
  const submit = h(
    "button",
    { type: "submit", id: "save-candidate", class: "utrecht-button utrecht-button--primary-action" },
    editing ? t.saveChanges : t.createCandidate,
  );
  const form = h(
    "form",
    { id: "candidate-form", class: "passend-form", novalidate: true },
    status,
    person,
    where,
    hours,
    availability,
    needs,
    capacity,
    occupations,
    h("div", { class: "utrecht-button-group" }, submit),
  );
  main.append(form);

  // A draft of this form from before a re-render (the language switch).
  const draft = keepDraft(form, [occ]);

  // What the form says, as a Candidate; the occupations' and needs' order
  // is remembered to find the field a violation of entry [i] names.
  function build() {
    const sentNeeds = needFields
      .filter(([, f]) => f.control.value !== "")
      .map(([need, f]) => ({ need, strength: STRENGTH[f.control.value as keyof typeof STRENGTH] }));
    const sentCaps = caps.chosen();
    const sentOcc = occ.rows
      .map(([o, rel], i) => ({ i, escoId: o.escoId(), rel: rel.control.value }))
      .filter((o) => o.escoId !== "");
    const availValue = Candidate_Availability[avail.control.value as keyof typeof Candidate_Availability];
    const candidate = {
      displayName: (fields.get("display_name")!.control.value ?? "").trim(),
      contact: {
        email: fields.get("contact.email")!.control.value.trim(),
        phone: fields.get("contact.phone")!.control.value.trim(),
      },
      ownerRegion: fields.get("owner_region")!.control.value,
      postcodeArea: postcode.control.value.trim(),
      travelRangeKm: wholeNumber(fields.get("travel_range_km")!.control.value),
      travelsIndependently: (fields.get("travels_independently")!.control as HTMLInputElement).checked,
      hoursPerWeek: {
        min: wholeNumber(fields.get("hours_per_week.min")!.control.value),
        max: wholeNumber(fields.get("hours_per_week.max")!.control.value),
      },
      availability: availValue,
      availableFrom: availValue === Candidate_Availability.AVAILABLE_FROM ? parseDate(from.control.value) : undefined,
      lastConfirmed: !editing || (confirmed!.control as HTMLInputElement).checked ? today() : c!.lastConfirmed,
      supportNeeds: sentNeeds,
      capacities: sentCaps,
      occupations: sentOcc.map((o) => ({
        escoId: o.escoId,
        relation: o.rel === "INTEREST" ? OccupationPreference_Relation.INTEREST : OccupationPreference_Relation.EXPERIENCE,
      })),
    };
    return { candidate, sentNeeds, sentCaps, sentOcc };
  }

  /** The form field a server field path names, or null. */
  function fieldFor(path: string, b: ReturnType<typeof build>): Field | null {
    const p = path.replace(/^candidate\./, "");
    let m = /^support_needs\[(\d+)\]/.exec(p);
    if (m) return fields.get(`need:${b.sentNeeds[+m[1]]?.need}`) ?? null;
    m = /^capacities\[(\d+)\]/.exec(p);
    if (m) return fields.get(`cap:${b.sentCaps[+m[1]]?.dimension}`) ?? null;
    m = /^occupations\[(\d+)\](\.relation)?/.exec(p);
    if (m) {
      const o = b.sentOcc[+m[1]];
      return o ? fields.get(`${m[2] ? "occrel" : "occ"}:${o.i + 1}`) ?? null : null;
    }
    if (p === "occupations") return fields.get("occ:1") ?? null;
    if (p === "hours_per_week") return fields.get("hours_per_week.min") ?? null;
    if (p === "contact") return fields.get("contact.email") ?? null;
    return fields.get(p) ?? null;
  }

  const message = (path: string) => violationText(path.replace(/^candidate\.hours_per_week$/, "hours_per_week.min"), "candidate.", t.violations);

  // The fields an update changes: each compared with the stored record.
  function changedPaths(b: ReturnType<typeof build>["candidate"], o: Candidate): string[] {
    const same = (x: unknown, y: unknown) => JSON.stringify(x) === JSON.stringify(y);
    const date = (d: Date3 | undefined) => (d && d.year ? [d.year, d.month, d.day] : null);
    const paths: string[] = [];
    if (b.displayName !== o.displayName) paths.push("display_name");
    if (b.contact.email !== (o.contact?.email ?? "") || b.contact.phone !== (o.contact?.phone ?? "")) paths.push("contact");
    if (b.ownerRegion !== o.ownerRegion) paths.push("owner_region");
    if (b.postcodeArea !== o.postcodeArea) paths.push("postcode_area");
    if (b.travelRangeKm !== o.travelRangeKm) paths.push("travel_range_km");
    if (b.travelsIndependently !== o.travelsIndependently) paths.push("travels_independently");
    if (!same([b.hoursPerWeek.min, b.hoursPerWeek.max], [o.hoursPerWeek?.min ?? 0, o.hoursPerWeek?.max ?? 0])) paths.push("hours_per_week");
    if (b.availability !== o.availability) paths.push("availability");
    if (!same(date(b.availableFrom), date(o.availableFrom))) paths.push("available_from");
    if (!same(date(b.lastConfirmed), date(o.lastConfirmed))) paths.push("last_confirmed");
    const sortBy = <T,>(a: T[], k: (x: T) => string) => [...a].sort((x, y) => k(x).localeCompare(k(y)));
    if (!same(sortBy(b.supportNeeds, (n) => n.need), sortBy(o.supportNeeds.map((n) => ({ need: n.need, strength: n.strength })), (n) => n.need)))
      paths.push("support_needs");
    const tx2 = tx.dimensions;
    const normal = (d: string) => tx2.find((x) => x.id === d)?.normalLevel;
    const oCaps = o.capacities.filter((d) => d.level !== normal(d.dimension)).map((d) => ({ dimension: d.dimension, level: d.level }));
    if (!same(sortBy(b.capacities, (d) => d.dimension), sortBy(oCaps, (d) => d.dimension))) paths.push("capacities");
    if (!same(b.occupations, o.occupations.map((x) => ({ escoId: x.escoId, relation: x.relation })))) paths.push("occupations");
    return paths;
  }

  saveOnSubmit({
    form,
    submit,
    status,
    fields,
    draft,
    stored: c,
    build,
    changedPaths: (b, stored) => changedPaths(b.candidate, stored),
    update: (b, stored, paths) =>
      api.candidates.updateCandidate({ candidate: { ...b.candidate, name: stored.name, etag: stored.etag }, updateMask: { paths } }),
    create: (b, requestId) => api.candidates.createCandidate({ candidate: b.candidate, requestId }),
    fieldFor,
    message,
    texts: { refused: t.formRefused, exists: t.candidateExists, changed: t.changedMeanwhile },
    navigate: ctx.navigate,
  });
}
