// The shipped reference data on places (data/pc4.csv, data/regions.csv): a
// postcode area's municipality and labour-market region, and the regions'
// names. Bundled as a JSON file of its own (web/build/bundle.mjs) and
// fetched once, only by the pages that need it. The API gives none of this.
declare const __PLACES_URL__: string;

export interface Places {
  regions: Record<string, string>;
  municipalities: string[];
  /** pc4 -> [municipality index, region code, 1 when the area spans more than one municipality] */
  pc4: Record<string, [number, string, number]>;
}

let cached: Promise<Places> | null = null;

export function places(): Promise<Places> {
  if (!cached) {
    cached = fetch(__PLACES_URL__, { credentials: "same-origin" }).then((r) => {
      if (!r.ok) throw new Error(`places: ${r.status}`);
      return r.json() as Promise<Places>;
    });
    cached.catch(() => (cached = null));
  }
  return cached;
}

export interface Place {
  municipality: string;
  region: string;
  regionName: string;
  ambiguous: boolean;
}

export function lookUp(p: Places, area: string): Place | null {
  const e = p.pc4[area.trim()];
  if (!e) return null;
  return { municipality: p.municipalities[e[0]], region: e[1], regionName: p.regions[e[1]] ?? "", ambiguous: e[2] === 1 };
}

/** "AM14 Amersfoort", or the code alone when the name is not known. */
export function regionLabel(p: Places, code: string): string {
  return p.regions[code] ? `${code} ${p.regions[code]}` : code;
}

/** The regions as choices, in code order (all of them, or `codes`). */
export function regionOptions(p: Places, codes?: string[]): { value: string; text: string }[] {
  return (codes ?? Object.keys(p.regions)).slice().sort().map((c) => ({ value: c, text: regionLabel(p, c) }));
}
