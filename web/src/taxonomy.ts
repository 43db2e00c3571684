// The taxonomy (dimensions, needs, adjustments), fetched once per sign-in;
// its titles are shown in the page's language.
import { api } from "./api";
import type { AdjustmentDefinition, Taxonomy } from "./gen/passend/v1/taxonomy_pb";
import { title } from "./i18n";

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

/**
 * An adjustment's description in the page's language, or "" while the
 * taxonomy has none (taxonomy.proto has no `description_nl`/`description_en`
 * yet; once generated, they are read here as they are).
 */
export function adjustmentDescription(a: AdjustmentDefinition): string {
  const d = a as AdjustmentDefinition & { descriptionNl?: string; descriptionEn?: string };
  return title({ titleNl: d.descriptionNl ?? "", titleEn: d.descriptionEn ?? "" });
}

export function dimensionTitle(tx: Taxonomy, id: string): string {
  const d = tx.dimensions.find((x) => x.id === id);
  return d ? title(d) : id;
}

/** The text of a level on a dimension's scale ("3: ..."), or the index. */
export function levelText(tx: Taxonomy, dimension: string, level: number): string {
  const d = tx.dimensions.find((x) => x.id === dimension);
  const text = d?.levels[level];
  return text ? text : String(level);
}
