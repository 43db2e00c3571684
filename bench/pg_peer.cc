// Peer benchmark: passend's in-process RankCandidates top-k against the same
// ranking done by PostgreSQL (on loopback), on the same population (bench
// world: 1,000,000 demo candidates, today 2026-11-01) and the same two query
// vacancies (typical, national). Checks that PostgreSQL's top-k (ids and
// scores) and feasible count equal passend's, then prints medians side by
// side with the ratio best PostgreSQL variant / passend.
//
// PostgreSQL holds the compiled features (one row per candidate, capacity
// failure bits laid out as CandidateIndex does), a postcode table and an
// occupation table. The app passes what it derives from the vacancy with
// MatchModel (effective demand bits, met needs, subsidy, hours, coordinates,
// occupation and ISCO code, today and the freshness cut-off); the SQL does
// the hard filter and the score with the integer formulas of scoring.h and
// the haversine of GreatCircleKm, per query tables (km per postcode,
// occupation points per ESCO index and experience) computed in SQL once per
// statement. Variants:
//   (a) plain   candidate table, btree index on region of residence; the
//               regions within reach computed in SQL and matched with = ANY
//   (b) cluster the same table CLUSTERed on that index
//   (c) best    a copy ordered by (postcode, travel_km) with a partial index
//               on (postcode, travel_km, last_confirmed) WHERE available;
//               the query joins the postcodes within reach (and the ceiling
//               of their distance) to that index, so it reads exactly the
//               candidates whose travel range reaches the work; a remote
//               query scans the copy. Timed with the default parallel
//               workers and with none.
//
// Run through bench/pg_peer.sh, which starts a throw-away PostgreSQL.
//   pg_peer [--candidates=1000000] [--repetitions=9] [--k=50]
//           [--conninfo="host=127.0.0.1 port=$PGPORT dbname=postgres
//           user=postgres"] [--explain]
#include <libpq-fe.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "bench/bench_world.h"
#include "matcher/matcher.h"

ABSL_FLAG(int64_t, candidates, 1000000, "population size");
ABSL_FLAG(std::string, conninfo,
          "host=127.0.0.1 port=$PGPORT dbname=postgres user=postgres",
          "libpq connection string ($PGPORT is taken from the environment)");
ABSL_FLAG(int, repetitions, 9, "timed runs per query and engine (median)");
ABSL_FLAG(int, k, 50, "results per ranking");
ABSL_FLAG(bool, explain, false,
          "print EXPLAIN ANALYZE of every PostgreSQL variant once");

namespace passend::bench {
namespace {

using matcher::Hit;
using matcher::MatchModel;
using matcher::VacancyProfile;

PGconn* connection = nullptr;

[[noreturn]] void Die(const std::string& what) {
  std::fprintf(stderr, "pg_peer: %s: %s\n", what.c_str(),
               PQerrorMessage(connection));
  std::exit(2);
}

void Check(PGresult* result, const std::string& what) {
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
      status != PGRES_COPY_IN) {
    PQclear(result);
    Die(what);
  }
}

void Exec(const std::string& sql) {
  PGresult* r = PQexec(connection, sql.c_str());
  Check(r, sql.substr(0, 80));
  PQclear(r);
}

double Seconds(absl::Time since) {
  return absl::ToDoubleSeconds(absl::Now() - since);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Streams rows (text format) into one COPY, in batches.
class CopyIn {
 public:
  explicit CopyIn(const std::string& table) {
    PGresult* r =
        PQexec(connection, absl::StrCat("COPY ", table, " FROM STDIN").c_str());
    Check(r, "COPY");
    PQclear(r);
  }
  std::string& rows() { return rows_; }
  void MaybeFlush() {
    if (rows_.size() >= (4 << 20)) Flush();
  }
  void Finish() {
    Flush();
    if (PQputCopyEnd(connection, nullptr) != 1) Die("COPY end");
    PGresult* r = PQgetResult(connection);
    Check(r, "COPY result");
    PQclear(r);
  }

 private:
  void Flush() {
    if (rows_.empty()) return;
    if (PQputCopyData(connection, rows_.data(),
                      static_cast<int>(rows_.size())) != 1) {
      Die("COPY data");
    }
    rows_.clear();
  }
  std::string rows_;
};

// Capacity failure bits as CandidateIndex lays them out: dimension d,
// threshold t (1..levels-1) is bit first_bit[d] + t - 1 of a 128-bit pair;
// the bit is set when the capacity is below t.
struct BitLayout {
  std::vector<int> first_bit;
  int bits = 0;
  explicit BitLayout(const MatchModel& model) {
    for (int d = 0; d < model.dimension_count(); ++d) {
      first_bit.push_back(bits);
      bits += model.levels(d) - 1;
    }
  }
  static void Set(std::array<uint64_t, 2>& words, int bit) {
    words[bit / 64] |= uint64_t{1} << (bit % 64);
  }
};

std::array<uint64_t, 2> FailBits(const MatchModel& model,
                                 const BitLayout& layout,
                                 const matcher::CandidateProfile& c) {
  std::array<uint64_t, 2> fail = {0, 0};
  for (int d = 0; d < model.dimension_count(); ++d) {
    for (int t = c.capacity[d] + 1; t < model.levels(d); ++t) {
      BitLayout::Set(fail, layout.first_bit[d] + t - 1);
    }
  }
  return fail;
}

constexpr char kSchema[] = R"sql(
DROP TABLE IF EXISTS candidate, candidate_c, postcode, occupation;
CREATE TABLE postcode (
  idx smallint PRIMARY KEY,        -- index into ReferenceData::postcode_areas
  lat float8 NOT NULL,
  lon float8 NOT NULL,
  region smallint NOT NULL,
  municipality smallint NOT NULL);
CREATE TABLE occupation (
  idx smallint PRIMARY KEY,        -- ESCO index
  isco int NOT NULL);              -- ISCO-08 unit group, 4 digits as a number
CREATE TABLE candidate (
  id text COLLATE "C" NOT NULL,    -- ties order bytewise, as passend's
  owner_region smallint NOT NULL,
  region smallint NOT NULL,        -- region of residence (of the postcode)
  municipality smallint NOT NULL,  -- municipality of residence
  postcode smallint NOT NULL,
  fail_lo bigint NOT NULL,         -- capacity failure bits 0-63
  fail_hi bigint NOT NULL,         -- capacity failure bits 64-127
  required int NOT NULL,           -- need bit sets
  preferred int NOT NULL,
  hours_min smallint NOT NULL,
  hours_max smallint NOT NULL,
  travel_km smallint NOT NULL,
  available_from int,              -- day number; 0 now; NULL placed/withdrawn
  last_confirmed int NOT NULL,     -- day number
  wage_value smallint NOT NULL,
  occupations smallint[] NOT NULL  -- ESCO index << 1 | experience
);
)sql";

// Parameters every ranking statement gets (text format, typed below).
enum Param {
  kDemandLo = 1,  // effective demand: one failure bit per demanded dimension
  kDemandHi,
  kDimsLo,  // every threshold bit of the demanded dimensions
  kDimsHi,
  kMaxSlack,
  kMet,  // needs the offered adjustments meet
  kHoursMin,
  kHoursMax,
  kRemote,
  kLat,  // the vacancy's postcode area
  kLon,
  kOccupation,  // ESCO index
  kIsco,
  kSubsidy,
  kToday,
  kFreshFrom,
  kMustHaves,  // ESCO index << 1 | 1, smallint[]
  kMaxTravel,  // the largest travel range of any candidate (km)
  kLimit,
  kOpen,
  kRadians,   // M_PI / 180
  kDiameter,  // 2 * 6371.0088
  kParamCount = kDiameter,
};
constexpr Oid kParamTypes[kParamCount] = {20,   20,  20,  20, 23,  23, 23, 23,
                                          16,   701, 701, 23, 23,  16, 23, 23,
                                          1005, 23,  23,  16, 701, 701};

std::string P(Param p) { return absl::StrCat("$", static_cast<int>(p)); }

// GreatCircleKm(vacancy, (lat, lon)) in SQL, the same operations in the same
// order.
std::string HaversineSql(const std::string& lat, const std::string& lon) {
  return absl::StrReplaceAll(
      R"sql(({D} * asin(least(1.0::float8, sqrt(
      sin((({CLAT} - {VLAT}) * {R}) / 2) * sin((({CLAT} - {VLAT}) * {R}) / 2)
      + cos({VLAT} * {R}) * cos({CLAT} * {R})
        * sin((({CLON} - {VLON}) * {R}) / 2)
        * sin((({CLON} - {VLON}) * {R}) / 2))))))sql",
      {{"{VLAT}", P(kLat)},
       {"{VLON}", P(kLon)},
       {"{R}", P(kRadians)},
       {"{D}", P(kDiameter)},
       {"{CLAT}", lat},
       {"{CLON}", lon}});
}

// Occupation points by (ESCO index << 1 | experience) + 1 (SQL arrays start
// at 1), per OccupationCloseness and OccupationPoints.
std::string OccupationPointsSql() {
  return absl::StrReplaceAll(
      R"sql((SELECT array_agg(250 * (CASE WHEN x.e = 1 THEN p.pct
                                       ELSE p.pct * 3 / 4 END) / 100
                      ORDER BY o.idx, x.e)
   FROM occupation o CROSS JOIN (VALUES (0), (1)) AS x(e)
   CROSS JOIN LATERAL (SELECT CASE
       WHEN o.idx = $OCC THEN 100
       WHEN o.isco = $ISCO THEN 60
       WHEN o.isco / 10 = $ISCO / 10 THEN 35
       WHEN o.isco / 100 = $ISCO / 100 THEN 15
       WHEN o.isco / 1000 = $ISCO / 1000 THEN 5
       ELSE 0 END AS pct) p))sql",
      {{"$OCC", P(kOccupation)}, {"$ISCO", P(kIsco)}});
}

// The score of a feasible candidate `c`, distance `km` (float8).
std::string ScoreSql(const std::string& km) {
  // One per-statement table, from the CTE `t` (computed once).
  const std::string pts = "((SELECT pts FROM t))";
  return absl::StrReplaceAll(
      R"sql(
  (CASE WHEN c.preferred = 0 THEN 250
        ELSE (250 * bit_count((c.preferred & $MET)::bit(32))
              / bit_count(c.preferred::bit(32)))::int END)
  + (CASE WHEN cardinality(c.occupations) <= 3
          THEN coalesce(greatest(PTS[c.occupations[1] + 1],
                                 PTS[c.occupations[2] + 1],
                                 PTS[c.occupations[3] + 1]), 0)
          ELSE (SELECT max(PTS[o + 1]) FROM unnest(c.occupations) o) END)
  + 150 * (least(c.hours_max, $HMAX) - greatest(c.hours_min, $HMIN) + 1)
        / (c.hours_max - c.hours_min + 1)
  + (CASE WHEN $REMOTE OR c.travel_km = 0 THEN 150
          ELSE floor(150 * (1.0::float8 - KM / c.travel_km::float8))::int END)
  + (CASE WHEN $MAXSLACK = 0 THEN 100
          ELSE 100 * greatest($MAXSLACK
                              - bit_count((c.fail_lo & $DIMSLO)::bit(64))
                              - bit_count((c.fail_hi & $DIMSHI)::bit(64)), 0)
                   / $MAXSLACK END)::int
  + (CASE WHEN c.wage_value = 0 OR c.wage_value >= 100 OR $SUBSIDY THEN 100
          ELSE c.wage_value END))sql",
      {{"$MET", P(kMet)},
       {"$HMAX", P(kHoursMax)},
       {"$HMIN", P(kHoursMin)},
       {"$REMOTE", P(kRemote)},
       {"$MAXSLACK", P(kMaxSlack)},
       {"$DIMSLO", P(kDimsLo)},
       {"$DIMSHI", P(kDimsHi)},
       {"$SUBSIDY", P(kSubsidy)},
       {"PTS", pts},
       {"KM", km}});
}

// The hard filter apart from travel.
std::string FilterSql() {
  return absl::StrReplaceAll(
      R"sql($OPEN
  AND c.available_from <= $TODAY AND c.last_confirmed >= $FRESH
  AND (c.fail_lo & $DLO) = 0 AND (c.fail_hi & $DHI) = 0
  AND (c.required & ~$MET) = 0
  AND c.hours_min <= $HMAX AND $HMIN <= c.hours_max
  AND c.occupations @> $MUST)sql",
      {{"$OPEN", P(kOpen)},
       {"$TODAY", P(kToday)},
       {"$FRESH", P(kFreshFrom)},
       {"$DLO", P(kDemandLo)},
       {"$DHI", P(kDemandHi)},
       {"$MET", P(kMet)},
       {"$HMAX", P(kHoursMax)},
       {"$HMIN", P(kHoursMin)},
       {"$MUST", P(kMustHaves)}});
}

// The tables every statement computes once: occupation points by
// (ESCO index << 1 | experience) + 1 and, when asked, km by postcode + 1.
std::string TablesCte(bool with_km) {
  return absl::StrCat(
      "WITH t AS MATERIALIZED (SELECT ", OccupationPointsSql(), " AS pts",
      with_km
          ? absl::StrCat(", (SELECT array_agg(", HaversineSql("p.lat", "p.lon"),
                         " ORDER BY p.idx) FROM postcode p) AS km")
          : "",
      ")");
}

// Variants (a) and (b): the candidate table, the regions of residence within
// reach of the work matched through the region index; the distance from the
// per-statement table of km by postcode.
std::string PlainSql() {
  const std::string km = "((SELECT km FROM t))[c.postcode + 1]";
  return absl::StrCat(
      TablesCte(true), "\nSELECT c.id, ", ScoreSql(km),
      " AS score, count(*) OVER () AS feasible\nFROM candidate c\nWHERE ",
      FilterSql(), "\n  AND (", P(kRemote), " OR (", km, " <= c.travel_km",
      "\n  AND c.region = ANY ((SELECT array_agg(DISTINCT p.region) FROM "
      "postcode p WHERE ",
      HaversineSql("p.lat", "p.lon"), " <= ", P(kMaxTravel),
      ")::smallint[])))\nORDER BY score DESC, c.id ASC LIMIT ", P(kLimit));
}

// Variant (c), work not remote: the postcodes within reach and the ceiling
// of their distance (km <= travel_km exactly when ceil(km) <= travel_km),
// joined to the (postcode, travel_km) index.
std::string BestReachSql() {
  return absl::StrCat(
      TablesCte(false),
      ",\nreach AS MATERIALIZED (SELECT idx, km, ceil(km)::smallint AS "
      "min_travel FROM (SELECT p.idx, ",
      HaversineSql("p.lat", "p.lon"),
      " AS km FROM postcode p) d WHERE km <= ", P(kMaxTravel),
      ")\nSELECT c.id, ", ScoreSql("r.km"),
      " AS score, count(*) OVER () AS feasible\nFROM reach r JOIN candidate_c "
      "c ON c.postcode = r.idx AND c.travel_km >= r.min_travel\nWHERE ",
      FilterSql(), "\nORDER BY score DESC, c.id ASC LIMIT ", P(kLimit));
}

// Variant (c), remote work: every candidate, no distance.
std::string BestRemoteSql() {
  return absl::StrCat(
      TablesCte(false), "\nSELECT c.id, ", ScoreSql("0.0::float8"),
      " AS score, count(*) OVER () AS feasible\nFROM "
      "candidate_c c\nWHERE ",
      FilterSql(), "\nORDER BY score DESC, c.id ASC LIMIT ", P(kLimit));
}

struct Query {
  std::string name;
  const VacancyProfile* vacancy;
  std::vector<std::string> params;  // text values, $1 first
};

std::vector<std::string> QueryParams(const BenchWorld& w,
                                     const BitLayout& layout,
                                     const VacancyProfile& v, int k,
                                     int max_travel) {
  const MatchModel& model = w.matcher->model();
  const auto effective = model.EffectiveDemand(v);
  std::array<uint64_t, 2> demand = {0, 0}, dims = {0, 0};
  int max_slack = 0;
  for (int d = 0; d < model.dimension_count(); ++d) {
    if (effective[d] == 0) continue;
    BitLayout::Set(demand, layout.first_bit[d] + effective[d] - 1);
    for (int t = 1; t < model.levels(d); ++t) {
      BitLayout::Set(dims, layout.first_bit[d] + t - 1);
    }
    max_slack += model.levels(d) - 1 - effective[d];
  }
  std::vector<std::string> musts;
  for (uint16_t m : v.must_haves) musts.push_back(absl::StrCat(m << 1 | 1));
  const auto& area = w.reference->postcode_areas()[v.postcode];
  std::vector<std::string> p(kParamCount);
  auto set = [&](Param i, std::string value) { p[i - 1] = std::move(value); };
  set(kDemandLo, absl::StrCat(static_cast<int64_t>(demand[0])));
  set(kDemandHi, absl::StrCat(static_cast<int64_t>(demand[1])));
  set(kDimsLo, absl::StrCat(static_cast<int64_t>(dims[0])));
  set(kDimsHi, absl::StrCat(static_cast<int64_t>(dims[1])));
  set(kMaxSlack, absl::StrCat(max_slack));
  set(kMet, absl::StrCat(static_cast<int32_t>(model.MetNeeds(v.offered))));
  set(kHoursMin, absl::StrCat(v.hours_min));
  set(kHoursMax, absl::StrCat(v.hours_max));
  set(kRemote, v.remote ? "true" : "false");
  set(kLat, absl::StrFormat("%.17g", area.lat));
  set(kLon, absl::StrFormat("%.17g", area.lon));
  set(kOccupation, absl::StrCat(v.occupation));
  set(kIsco, absl::StrCat(model.IscoCode(v.occupation)));
  set(kSubsidy, model.AcceptsSubsidy(v.offered) ? "true" : "false");
  set(kToday, absl::StrCat(w.policy.today));
  set(kFreshFrom, absl::StrCat(w.policy.today - w.policy.stale_after_days));
  set(kMustHaves, absl::StrCat("{", absl::StrJoin(musts, ","), "}"));
  set(kMaxTravel, absl::StrCat(max_travel));
  set(kLimit, absl::StrCat(k));
  set(kOpen, v.state == matcher::VacancyState::kOpen ? "true" : "false");
  set(kRadians, absl::StrFormat("%.17g", M_PI / 180.0));
  set(kDiameter, absl::StrFormat("%.17g", 2 * 6371.0088));
  return p;
}

struct PgResult {
  std::vector<Hit> hits;
  int64_t feasible = 0;
};

PgResult RunSql(const std::string& sql, const std::vector<std::string>& p) {
  std::vector<const char*> values;
  for (const std::string& s : p) values.push_back(s.c_str());
  PGresult* r = PQexecParams(connection, sql.c_str(), kParamCount, kParamTypes,
                             values.data(), nullptr, nullptr, 0);
  Check(r, "ranking");
  PgResult out;
  for (int row = 0; row < PQntuples(r); ++row) {
    out.hits.push_back(
        {std::atoi(PQgetvalue(r, row, 1)), PQgetvalue(r, row, 0)});
    out.feasible = std::atoll(PQgetvalue(r, row, 2));
  }
  PQclear(r);
  return out;
}

void Explain(const std::string& label, const std::string& sql,
             const std::vector<std::string>& p) {
  std::vector<const char*> values;
  for (const std::string& s : p) values.push_back(s.c_str());
  const std::string explain =
      absl::StrCat("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ", sql);
  PGresult* r = PQexecParams(connection, explain.c_str(), kParamCount,
                             kParamTypes, values.data(), nullptr, nullptr, 0);
  Check(r, "explain");
  std::printf("---- %s\n", label.c_str());
  for (int row = 0; row < PQntuples(r); ++row) {
    std::printf("%s\n", PQgetvalue(r, row, 0));
  }
  PQclear(r);
}

// Compares PostgreSQL's result with passend's; prints the first difference.
bool Agree(const std::string& label, const PgResult& pg,
           const matcher::RankResult& ours) {
  for (size_t i = 0; i < std::max(pg.hits.size(), ours.hits.size()); ++i) {
    const bool have_pg = i < pg.hits.size();
    const bool have_ours = i < ours.hits.size();
    if (have_pg && have_ours && pg.hits[i].id == ours.hits[i].id &&
        pg.hits[i].score == ours.hits[i].score) {
      continue;
    }
    std::printf(
        "%s: first difference at rank %zu: PostgreSQL %s %d, "
        "passend %s %d\n",
        label.c_str(), i, have_pg ? pg.hits[i].id.c_str() : "-",
        have_pg ? pg.hits[i].score : 0,
        have_ours ? ours.hits[i].id.c_str() : "-",
        have_ours ? ours.hits[i].score : 0);
    return false;
  }
  if (pg.feasible != ours.feasible) {
    std::printf("%s: feasible PostgreSQL %lld, passend %lld\n", label.c_str(),
                static_cast<long long>(pg.feasible),
                static_cast<long long>(ours.feasible));
    return false;
  }
  return true;
}

std::string ExpandConninfo(std::string conninfo) {
  const char* port = std::getenv("PGPORT");
  if (port != nullptr) {
    return absl::StrReplaceAll(conninfo, {{"$PGPORT", port}});
  }
  return absl::StrReplaceAll(conninfo, {{"port=$PGPORT", ""}});
}

int Main() {
  const int64_t n = absl::GetFlag(FLAGS_candidates);
  const int reps = std::max(1, absl::GetFlag(FLAGS_repetitions));
  const int k = absl::GetFlag(FLAGS_k);
  const bool explain = absl::GetFlag(FLAGS_explain);
  connection =
      PQconnectdb(ExpandConninfo(absl::GetFlag(FLAGS_conninfo)).c_str());
  if (PQstatus(connection) != CONNECTION_OK) Die("connect");

  std::fprintf(stderr, "pg_peer: building %lld candidates...\n",
               static_cast<long long>(n));
  std::unique_ptr<BenchWorld> world = BuildBenchWorld(n);
  const MatchModel& model = world->matcher->model();
  const matcher::ReferenceData& reference = *world->reference;
  const BitLayout layout(model);
  if (layout.bits > 128) {
    std::fprintf(stderr, "pg_peer: %d capacity thresholds (at most 128)\n",
                 layout.bits);
    return 2;
  }

  // Load.
  std::fprintf(stderr, "pg_peer: loading PostgreSQL...\n");
  const absl::Time load_start = absl::Now();
  Exec("SET client_min_messages = warning");
  Exec(kSchema);
  std::vector<int> postcode_region, postcode_municipality;
  {
    CopyIn copy("postcode");
    for (size_t i = 0; i < reference.postcode_areas().size(); ++i) {
      const auto& area = reference.postcode_areas()[i];
      postcode_region.push_back(static_cast<int>(
          reference.FindRegion(area.region_code) - reference.regions().data()));
      postcode_municipality.push_back(
          static_cast<int>(reference.FindMunicipality(area.municipality_code) -
                           reference.municipalities().data()));
      absl::StrAppendFormat(&copy.rows(), "%d\t%.17g\t%.17g\t%d\t%d\n", i,
                            area.lat, area.lon, postcode_region.back(),
                            postcode_municipality.back());
    }
    copy.Finish();
  }
  {
    CopyIn copy("occupation");
    for (size_t i = 0; i < reference.occupations().size(); ++i) {
      absl::StrAppend(&copy.rows(), i, "\t",
                      model.IscoCode(static_cast<uint16_t>(i)), "\n");
    }
    copy.Finish();
  }
  int max_travel = 0;
  {
    CopyIn copy("candidate");
    for (const auto& c : world->matcher->candidates().Snapshot()) {
      std::vector<int> occupations;
      for (const auto& o : c.occupations) {
        occupations.push_back(o.esco << 1 | (o.experience ? 1 : 0));
      }
      std::string available_from =
          c.availability == matcher::Availability::kNow ? "0"
          : c.availability == matcher::Availability::kFrom
              ? absl::StrCat(c.available_from_day)
              : "\\N";
      max_travel = std::max<int>(max_travel, c.travel_km);
      const auto fail = FailBits(model, layout, c);
      absl::StrAppend(
          &copy.rows(), c.id, "\t", c.region, "\t", postcode_region[c.postcode],
          "\t", postcode_municipality[c.postcode], "\t", c.postcode, "\t",
          static_cast<int64_t>(fail[0]), "\t", static_cast<int64_t>(fail[1]),
          "\t", static_cast<int32_t>(c.required_needs), "\t",
          static_cast<int32_t>(c.preferred_needs), "\t", c.hours_min, "\t",
          c.hours_max, "\t", c.travel_km, "\t", available_from, "\t",
          c.last_confirmed_day, "\t", c.wage_value, "\t{",
          absl::StrJoin(occupations, ","), "}\n");
      copy.MaybeFlush();
    }
    copy.Finish();
  }
  const double copy_s = Seconds(load_start);
  absl::Time t = absl::Now();
  Exec("ALTER TABLE candidate ADD PRIMARY KEY (id)");
  Exec("CREATE INDEX candidate_region ON candidate (region)");
  Exec("VACUUM ANALYZE candidate, postcode, occupation");
  const double index_s = Seconds(t);

  Query queries[] = {{"typical", &world->typical, {}},
                     {"national", &world->national, {}}};
  for (Query& q : queries) {
    q.params = QueryParams(*world, layout, *q.vacancy, k, max_travel);
  }

  // passend, in process: the scan and top-k alone (as rank_bench ScanOnly).
  struct Row {
    matcher::RankResult ours;
    double passend_ms = 0;
    double plain_ms = 0, clustered_ms = 0, best_ms = 0, best_serial_ms = 0;
  };
  Row rows[2];
  for (int qi = 0; qi < 2; ++qi) {
    matcher::RankQuery rank;
    rank.vacancy = queries[qi].vacancy;
    rank.policy = world->policy;
    rank.limit = k;
    rows[qi].ours = *world->matcher->candidates().Rank(rank);  // warm up
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
      absl::Time s = absl::Now();
      rows[qi].ours = *world->matcher->candidates().Rank(rank);
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - s));
    }
    rows[qi].passend_ms = Median(ms);
  }

  bool agree = true;
  auto time_pg = [&](const std::string& label, int qi, const std::string& sql) {
    const Query& q = queries[qi];
    if (explain) Explain(absl::StrCat(q.name, " ", label), sql, q.params);
    PgResult last = RunSql(sql, q.params);  // warm up
    std::vector<double> ms;
    for (int i = 0; i < reps; ++i) {
      absl::Time s = absl::Now();
      last = RunSql(sql, q.params);
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - s));
    }
    agree &= Agree(absl::StrCat(q.name, " ", label), last, rows[qi].ours);
    std::fprintf(stderr, "pg_peer: %s %s %.2f ms\n", q.name.c_str(),
                 label.c_str(), Median(ms));
    return Median(ms);
  };

  const std::string plain = PlainSql();
  for (int qi = 0; qi < 2; ++qi) {
    rows[qi].plain_ms = time_pg("(a) plain", qi, plain);
  }
  t = absl::Now();
  Exec("CLUSTER candidate USING candidate_region");
  Exec("VACUUM ANALYZE candidate");
  const double cluster_s = Seconds(t);
  for (int qi = 0; qi < 2; ++qi) {
    rows[qi].clustered_ms = time_pg("(b) clustered", qi, plain);
  }
  t = absl::Now();
  Exec(
      "CREATE TABLE candidate_c AS SELECT * FROM candidate "
      "ORDER BY postcode, travel_km, id");
  Exec(
      "CREATE INDEX candidate_c_reach ON candidate_c "
      "(postcode, travel_km, last_confirmed) "
      "WHERE available_from IS NOT NULL");
  Exec("VACUUM ANALYZE candidate_c");
  const double best_s = Seconds(t);
  const std::string best_reach = BestReachSql();
  const std::string best_remote = BestRemoteSql();
  for (int qi = 0; qi < 2; ++qi) {
    const std::string& sql =
        queries[qi].vacancy->remote ? best_remote : best_reach;
    rows[qi].best_ms = time_pg("(c) best", qi, sql);
    Exec("SET max_parallel_workers_per_gather = 0");
    rows[qi].best_serial_ms = time_pg("(c) best, no parallel workers", qi, sql);
    Exec("RESET max_parallel_workers_per_gather");
  }

  PGresult* version = PQexec(connection, "SHOW server_version");
  Check(version, "version");
  PGresult* workers =
      PQexec(connection, "SHOW max_parallel_workers_per_gather");
  Check(workers, "workers");
  std::printf(
      "pg_peer: %lld candidates, top %d, medians of %d runs after a warm-up; "
      "PostgreSQL %s on loopback (max_parallel_workers_per_gather %s)\n",
      static_cast<long long>(n), k, reps, PQgetvalue(version, 0, 0),
      PQgetvalue(workers, 0, 0));
  PQclear(version);
  PQclear(workers);
  std::printf(
      "load: COPY %.1f s, primary key + region index + VACUUM ANALYZE %.1f s, "
      "CLUSTER %.1f s, (c) ordered copy + partial index %.1f s\n",
      copy_s, index_s, cluster_s, best_s);
  std::printf("%-9s | %9s | %11s | %11s | %11s | %11s | %s\n", "query",
              "feasible", "passend", "(a) plain", "(b) cluster", "(c) best",
              "(c) 1 proc | best PG / passend");
  for (int qi = 0; qi < 2; ++qi) {
    const Row& r = rows[qi];
    const double best_pg =
        std::min({r.plain_ms, r.clustered_ms, r.best_ms, r.best_serial_ms});
    std::printf(
        "%-9s | %9lld | %8.3f ms | %8.1f ms | %8.1f ms | %8.1f ms | %8.1f ms "
        "| %.0fx\n",
        queries[qi].name.c_str(), static_cast<long long>(r.ours.feasible),
        r.passend_ms, r.plain_ms, r.clustered_ms, r.best_ms, r.best_serial_ms,
        best_pg / r.passend_ms);
  }
  std::printf("top-%d %s\n", k,
              agree ? "agree (ids, scores and feasible counts)" : "DISAGREE");
  PQfinish(connection);
  return agree ? 0 : 1;
}

}  // namespace
}  // namespace passend::bench

int main(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::ParseCommandLine(argc, argv);
  return passend::bench::Main();
}
