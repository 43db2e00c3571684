// An employer's vacancy, new or edited: CreateVacancy (with a request id,
// so a retry does not make it twice) or UpdateVacancy with the etag read and
// the update mask of the fields changed. The server validates; its field
// violations are shown at their fields and nothing typed is lost.
import { AdjustmentKind } from "../gen/passend/v1/taxonomy_pb";
import { Vacancy_ContractType, Vacancy_Sector, Vacancy_Status, type Vacancy } from "../gen/passend/v1/vacancy_pb";
import { api } from "../api";
import { h } from "../dom";
import { checkbox, fieldset, selectInput, textArea, textInput, type Field } from "../form";
import { t, title } from "../i18n";
import type { Ctx } from "../main";
import { occupationField, type OccupationField } from "../occupations";
import { places } from "../places";
import { description, taxonomy } from "../taxonomy";
import { heading } from "./common";
import { statusText } from "./vacancies";
import { hoursFields, keepDraft, levelFields, postcodeField, rowList, saveOnSubmit, violationText, wholeNumber } from "./record-form";

/** What the form writes of a vacancy (a stored Vacancy has this shape too). */
type Written = Pick<
  Vacancy,
  | "title"
  | "employerName"
  | "description"
  | "occupation"
  | "mustHaveExperience"
  | "contractType"
  | "sector"
  | "positions"
  | "status"
  | "postcodeArea"
  | "remotePossible"
  | "eveningWork"
  | "nightWork"
  | "offeredAdjustments"
> & { hoursPerWeek?: { min: number; max: number }; demands: { dimension: string; level: number }[] };

/** The update mask: the fields (proto names) whose values differ, sets compared as sets. */
function changedPaths(a: Written, b: Written): string[] {
  const norm = (v: Written): Record<string, unknown> => ({
    title: v.title,
    employer_name: v.employerName,
    description: v.description,
    occupation: v.occupation,
    must_have_experience: v.mustHaveExperience,
    contract_type: v.contractType,
    sector: v.sector,
    positions: v.positions,
    status: v.status,
    postcode_area: v.postcodeArea,
    remote_possible: v.remotePossible,
    hours_per_week: [v.hoursPerWeek?.min ?? 0, v.hoursPerWeek?.max ?? 0],
    evening_work: v.eveningWork,
    night_work: v.nightWork,
    // A dimension not listed demands its lowest level (0).
    demands: v.demands.filter((d) => d.level !== 0).map((d) => `${d.dimension}=${d.level}`).sort(),
    offered_adjustments: [...v.offeredAdjustments].sort(),
  });
  const x = norm(a);
  const y = norm(b);
  return Object.keys(x).filter((k) => JSON.stringify(x[k]) !== JSON.stringify(y[k]));
}

/** A select of an enum's values by name, with "choose" first while none is chosen. */
function enumSelect(id: string, label: string, names: string[], value: string, text: (name: string) => string, hint?: string): Field {
  const options = names.map((n) => ({ value: n, text: text(n) }));
  return selectInput(id, label, value ? options : [{ value: "", text: t.choose }, ...options], value, hint);
}

/** /vacancies/new and /vacancies/{id}/edit (the employer's own). */
export async function renderVacancyForm(main: HTMLElement, ctx: Ctx, id: string): Promise<void> {
  const editing = id !== "";
  const [tx, pl, v] = await Promise.all([
    taxonomy(),
    places(),
    editing ? api.vacancies.getVacancy({ name: `vacancies/${id}` }) : Promise.resolve(null),
  ]);
  main.append(heading(editing ? t.editVacancyTitle(v!.title || id) : t.newVacancyTitle));
  main.append(h("p", { class: "utrecht-paragraph" }, editing ? t.editVacancyIntro : t.newVacancyIntro));

  // By the proto's field name (demand:, adj:, must: for list entries).
  const fields = new Map<string, Field>();
  const add = (key: string, f: Field) => {
    fields.set(key, f);
    return f.field;
  };
  const name = (e: Record<number, string>, n: number) => (n ? e[n] : "");

  const statuses = [Vacancy_Status.DRAFT, Vacancy_Status.OPEN, Vacancy_Status.CLOSED];
  if (v?.status === Vacancy_Status.FILLED) statuses.push(Vacancy_Status.FILLED);
  const mustHaves = rowList<string, [OccupationField]>("add-must-have", t.addMustHave, (n, esco) => {
    const f = occupationField(`v-must-${n}`, t.vMustHave(n), esco ?? "", n === 1 ? t.fOccupationHint : undefined);
    fields.set(`must:${n}`, f);
    return [f];
  });
  for (const m of v?.mustHaveExperience ?? []) mustHaves.add(m);
  const occupation = occupationField("v-occupation", t.vOccupation, v?.occupation ?? "", t.fOccupationHint);
  const job = fieldset(
    t.fsJob,
    add("title", textInput("v-title", t.vTitle, v?.title ?? "", { size: "l" })),
    add("employer_name", textInput("v-employer-name", t.vEmployerName, v?.employerName ?? "", { size: "l", hint: t.vEmployerNameHint })),
    add("description", textArea("v-description", t.vDescription, v?.description ?? "", t.vDescriptionHint)),
    add("occupation", occupation),
    add(
      "contract_type",
      enumSelect(
        "v-contract",
        t.vContract,
        ["DIRECT", "AGENCY", "SECONDMENT"],
        name(Vacancy_ContractType, v?.contractType ?? Vacancy_ContractType.DIRECT),
        (n) => t.contractTypes[n as keyof typeof t.contractTypes],
      ),
    ),
    add(
      "sector",
      enumSelect("v-sector", t.vSector, ["PRIVATE", "PUBLIC"], name(Vacancy_Sector, v?.sector ?? 0), (n) => t.sectors[n as keyof typeof t.sectors], t.vSectorHint),
    ),
    add("positions", textInput("v-positions", t.vPositions, String(v?.positions ?? 1), { inputmode: "numeric", size: "s", hint: t.vPositionsHint })),
    add(
      "status",
      enumSelect(
        "v-status",
        t.colStatus,
        statuses.map((s) => Vacancy_Status[s]),
        name(Vacancy_Status, v?.status ?? Vacancy_Status.OPEN),
        (n) => statusText(Vacancy_Status[n as keyof typeof Vacancy_Status]),
        t.vStatusHint,
      ),
    ),
  );

  const where = fieldset(
    t.fsWorkplace,
    add("postcode_area", postcodeField("v-postcode", t.vPostcode, v?.postcodeArea ?? "", pl)),
    add("remote_possible", checkbox("v-remote", t.vRemote, v?.remotePossible ?? false)),
  );

  const hoursRange = hoursFields("v-", v?.hoursPerWeek);
  fields.set("hours_per_week.min", hoursRange.min);
  fields.set("hours_per_week.max", hoursRange.max);
  const hours = fieldset(
    t.fsHours,
    h("p", { class: "utrecht-paragraph passend-muted" }, t.fHoursHint),
    hoursRange.row,
    add("evening_work", checkbox("v-evening", t.vEvening, v?.eveningWork ?? false)),
    add("night_work", checkbox("v-night", t.vNight, v?.nightWork ?? false)),
  );

  // Demands: the dimensions a vacancy sets through a field of its own
  // (evening_work, night_work) are the checkboxes above.
  const demandOf = new Map((v?.demands ?? []).map((d) => [d.dimension, d.level]));
  const demanded = levelFields(
    tx.dimensions.filter((d) => !d.vacancyField),
    "v-demand-",
    (d) => demandOf.get(d.id),
    () => 0,
    t.demandBase,
  );
  for (const [dim, f] of demanded.fields) fields.set(`demand:${dim}`, f);
  const demands = fieldset(t.demands, h("p", { class: "utrecht-paragraph passend-muted" }, t.vDemandsHint), ...demanded.groups);

  // Adjustments offered, by kind, each with its description as the hint.
  const offered = new Set(v?.offeredAdjustments ?? []);
  const kinds = [...new Set(tx.adjustments.map((a) => a.kind))];
  const adjustments = fieldset(
    t.fsAdjustments,
    h("p", { class: "utrecht-paragraph passend-muted" }, t.vAdjustmentsHint),
    ...kinds.map((k) =>
      fieldset(
        t.adjustmentKinds[(AdjustmentKind[k] ?? "ADJUSTMENT_KIND_UNSPECIFIED") as keyof typeof t.adjustmentKinds],
        h(
          "div",
          { class: "passend-grid" },
          tx.adjustments
            .filter((a) => a.kind === k)
            .map((a) => add(`adj:${a.id}`, checkbox(`v-adj-${a.id}`, title(a), offered.has(a.id), description(a) || undefined))),
        ),
      ),
    ),
  );

  const experience = fieldset(t.fsMustHaves, h("p", { class: "utrecht-paragraph passend-muted" }, t.vMustHavesHint), mustHaves.element);

  const status = h("div", { id: "form-status" });
  const submit = h(
    "button",
    { type: "submit", id: "save-vacancy", class: "utrecht-button utrecht-button--primary-action" },
    editing ? t.saveChanges : t.createVacancy,
  );
  const form = h(
    "form",
    { id: "vacancy-form", class: "passend-form", novalidate: true },
    status,
    job,
    where,
    hours,
    demands,
    adjustments,
    experience,
    h("div", { class: "utrecht-button-group" }, submit),
  );
  main.append(form);
  const draft = keepDraft(form, [mustHaves]);

  const value = (key: string) => fields.get(key)!.control.value.trim();
  const checked = (key: string) => (fields.get(key)!.control as HTMLInputElement).checked;

  // What the form says; the must-haves sent remember their rows, to find
  // the field a violation of entry [i] names.
  function build() {
    const mustRows = mustHaves.rows.map(([m], i) => ({ i, esco: m.escoId() })).filter((m) => m.esco !== "");
    const written: Written = {
      title: value("title"),
      employerName: value("employer_name"),
      description: value("description"),
      occupation: occupation.escoId(),
      mustHaveExperience: mustRows.map((m) => m.esco),
      contractType: Vacancy_ContractType[value("contract_type") as keyof typeof Vacancy_ContractType] ?? 0,
      sector: Vacancy_Sector[value("sector") as keyof typeof Vacancy_Sector] ?? 0,
      positions: wholeNumber(value("positions")),
      status: Vacancy_Status[value("status") as keyof typeof Vacancy_Status] ?? 0,
      postcodeArea: value("postcode_area"),
      remotePossible: checked("remote_possible"),
      hoursPerWeek: { min: wholeNumber(value("hours_per_week.min")), max: wholeNumber(value("hours_per_week.max")) },
      eveningWork: checked("evening_work"),
      nightWork: checked("night_work"),
      demands: demanded.chosen(),
      offeredAdjustments: tx.adjustments.filter((a) => checked(`adj:${a.id}`)).map((a) => a.id),
    };
    return { written, mustRows };
  }

  /** The form field a server field path names, or null. */
  function fieldFor(path: string, b: ReturnType<typeof build>): Field | null {
    const p = path.replace(/^vacancy\./, "");
    let m = /^demands\[(\d+)\]/.exec(p);
    if (m) return fields.get(`demand:${b.written.demands[+m[1]]?.dimension}`) ?? null;
    m = /^offered_adjustments\[(\d+)\]/.exec(p);
    if (m) return fields.get(`adj:${b.written.offeredAdjustments[+m[1]]}`) ?? null;
    m = /^must_have_experience(?:\[(\d+)\])?/.exec(p);
    if (m) return fields.get(`must:${(b.mustRows[m[1] ? +m[1] : 0]?.i ?? 0) + 1}`) ?? null;
    if (p === "hours_per_week") return fields.get("hours_per_week.min") ?? null;
    if (p === "region") return fields.get("postcode_area") ?? null;
    return fields.get(p) ?? null;
  }

  saveOnSubmit({
    form,
    submit,
    status,
    fields,
    draft,
    stored: v,
    build,
    changedPaths: (b, stored) => changedPaths(b.written, stored),
    update: (b, stored, paths) =>
      api.vacancies.updateVacancy({ vacancy: { ...b.written, name: stored.name, etag: stored.etag }, updateMask: { paths } }),
    create: (b, requestId) => api.vacancies.createVacancy({ vacancy: { ...b.written, employer: ctx.caller.employer }, requestId }),
    fieldFor,
    message: (path) => violationText(path, "vacancy.", t.vacancyViolations),
    texts: { refused: t.vacancyRefused, exists: t.vacancyExists, changed: t.vacancyChanged },
    navigate: ctx.navigate,
  });
}
