// The taxonomy (dimensions, needs, adjustments), fetched once per sign-in;
// its titles, level names and descriptions are shown in the page's language.
import { api } from "./api";
import type { Taxonomy } from "./gen/passend/v1/taxonomy_pb";
import { currentLang, title } from "./i18n";

let cached: Promise<Taxonomy> | null = null;

export function taxonomy(): Promise<Taxonomy> {
  if (!cached) {
    cached = api.taxonomy.getTaxonomy({});
    cached.catch(() => (cached = null));
  }
  return cached;
}

export function forgetTaxonomy(): void {
  cached = null;
}

export function needTitle(tx: Taxonomy, id: string): string {
  const n = tx.supportNeeds.find((x) => x.id === id);
  return n ? title(n) : id;
}

export function adjustmentTitle(tx: Taxonomy, id: string): string {
  const a = tx.adjustments.find((x) => x.id === id);
  return a ? title(a) : id;
}

/** A support need's or adjustment's description, one plain sentence, in the page's language. */
export function description(x: { descriptionNl: string; descriptionEn: string }): string {
  return title({ titleNl: x.descriptionNl, titleEn: x.descriptionEn });
}

export function dimensionTitle(tx: Taxonomy, id: string): string {
  const d = tx.dimensions.find((x) => x.id === id);
  return d ? title(d) : id;
}

/** A dimension's level names, lowest first, in the page's language. */
export function levelNames(d: Taxonomy["dimensions"][number]): string[] {
  return currentLang() === "nl" && d.levelsNl.length === d.levels.length ? d.levelsNl : d.levels;
}

/** The name of a level on a dimension's scale in the page's language, or its index. */
export function levelText(tx: Taxonomy, dimension: string, level: number): string {
  const d = tx.dimensions.find((x) => x.id === dimension);
  return (d && levelNames(d)[level]) || String(level);
}

/** The decline reason of an employer withdrawing its own request; not the WSP's to give. */
export const REQUEST_WITHDRAWN = "request_withdrawn";

/** A decline reason's title in the page's language, or its id. */
export function declineReasonTitle(tx: Taxonomy, id: string): string {
  const r = tx.declineReasons.find((x) => x.id === id);
  return r ? title(r) : id;
}
