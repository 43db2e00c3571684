// Peer comparison: the same RankCandidates top-k, on the same population,
// in PostgreSQL (on loopback) and in passend's in-process index, in the
// same run. Checks that both return the same candidates with the same
// scores, then prints medians side by side with the ratio.
//
// Run through bench/pg_compare.sh, which starts a throw-away PostgreSQL.
//   pg_compare --conninfo="host=127.0.0.1 port=5433 user=postgres
//   dbname=postgres"
//              [--candidates=1000000] [--repetitions=9] [--k=50]
#include <libpq-fe.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "bench/bench_world.h"

ABSL_FLAG(std::string, conninfo, "host=127.0.0.1 user=postgres dbname=postgres",
          "libpq connection string (loopback only)");
ABSL_FLAG(int64_t, candidates, 1000000, "population size");
ABSL_FLAG(int, repetitions, 9, "timed runs per query in passend");
ABSL_FLAG(int, pg_repetitions, 3,
          "timed runs per query and variant in PostgreSQL");
ABSL_FLAG(int, k, 50, "results per ranking");

namespace passend::bench {
namespace {

constexpr char kSchema[] = R"sql(
DROP TABLE IF EXISTS candidate, postcode, occupation;
CREATE TABLE postcode (idx int PRIMARY KEY, lat float8 NOT NULL,
                       lon float8 NOT NULL);
CREATE TABLE occupation (idx int PRIMARY KEY, isco int NOT NULL);
CREATE TABLE candidate (
  id text PRIMARY KEY,
  region smallint NOT NULL,        -- region of residence
  owner_region smallint NOT NULL,
  postcode int NOT NULL REFERENCES postcode,
  fail bigint NOT NULL,            -- capacity failure bits
  required int NOT NULL,           -- need bit sets
  preferred int NOT NULL,
  hours_min smallint NOT NULL,
  hours_max smallint NOT NULL,
  travel_km smallint NOT NULL,
  available_from int,              -- day number; NULL: placed or withdrawn
  last_confirmed int NOT NULL,
  wage_value smallint NOT NULL,
  occupations int[] NOT NULL       -- ESCO index << 1 | experience
);
)sql";

// The ranking as a competent developer would write it: the filter in WHERE,
// the score as one expression with the same integer formulas, distance by
// the same haversine, ORDER BY score, id. $1.. are computed by the app from
// the vacancy (effective demand bits, met needs, ...), as passend does.
constexpr char kRankSql[] = R"sql(
SELECT c.id,
  (CASE WHEN bit_count(c.preferred::bit(32)) = 0 THEN 250
        ELSE 250 * bit_count((c.preferred & $2)::bit(32))
                 / bit_count(c.preferred::bit(32)) END)
  + coalesce((SELECT max(250 * (CASE WHEN (o.code & 1) = 1 THEN x.pct
                                     ELSE x.pct * 3 / 4 END) / 100)
              FROM unnest(c.occupations) AS o(code)
              JOIN occupation oc ON oc.idx = o.code >> 1
              CROSS JOIN LATERAL (SELECT CASE
                  WHEN (o.code >> 1) = $11 THEN 100
                  WHEN oc.isco = $12 THEN 60
                  WHEN oc.isco / 10 = $12 / 10 THEN 35
                  WHEN oc.isco / 100 = $12 / 100 THEN 15
                  WHEN oc.isco / 1000 = $12 / 1000 THEN 5
                  ELSE 0 END AS pct) x), 0)
  + 150 * (least(c.hours_max, $5) - greatest(c.hours_min, $4) + 1)
        / (c.hours_max - c.hours_min + 1)
  + (CASE WHEN $8 OR c.travel_km = 0 THEN 150
          ELSE floor(150 * (1.0 - d.km / c.travel_km::float8))::int END)
  + (CASE WHEN $7 = 0 THEN 100
          ELSE 100 * greatest($7 - bit_count((c.fail & $6)::bit(64)), 0)
                   / $7 END)
  + (CASE WHEN c.wage_value = 0 OR c.wage_value >= 100 OR $13 THEN 100
          ELSE c.wage_value END) AS score
FROM candidate c
JOIN postcode p ON p.idx = c.postcode
CROSS JOIN postcode vp
CROSS JOIN LATERAL (SELECT $16::float8 * asin(least(1.0, sqrt(
    sin((p.lat - vp.lat) * $17::float8 / 2) * sin((p.lat - vp.lat) * $17::float8 / 2)
    + cos(vp.lat * $17::float8) * cos(p.lat * $17::float8)
      * sin((p.lon - vp.lon) * $17::float8 / 2)
      * sin((p.lon - vp.lon) * $17::float8 / 2)))) AS km) d
WHERE vp.idx = $9
  AND c.available_from <= $14 AND c.last_confirmed >= $15
  AND (c.fail & $1) = 0 AND (c.required & ~$2) = 0
  AND c.hours_min <= $5 AND $4 <= c.hours_max
  AND ($8 OR d.km <= c.travel_km)
  AND ($10::smallint[] IS NULL OR c.region = ANY($10::smallint[]))
ORDER BY score DESC, c.id ASC
LIMIT $3
)sql";

PGconn* connection = nullptr;

void Check(PGresult* result, const char* what) {
  ExecStatusType status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK &&
      status != PGRES_COPY_IN) {
    std::fprintf(stderr, "pg_compare: %s: %s\n", what,
                 PQerrorMessage(connection));
    std::exit(1);
  }
}

void Exec(const std::string& sql) {
  PGresult* r = PQexec(connection, sql.c_str());
  Check(r, sql.substr(0, 60).c_str());
  PQclear(r);
}

void Copy(const std::string& table, const std::string& rows) {
  PGresult* r =
      PQexec(connection, absl::StrCat("COPY ", table, " FROM STDIN").c_str());
  Check(r, "COPY");
  PQclear(r);
  if (PQputCopyData(connection, rows.data(), static_cast<int>(rows.size())) !=
          1 ||
      PQputCopyEnd(connection, nullptr) != 1) {
    std::fprintf(stderr, "pg_compare: copy failed: %s\n",
                 PQerrorMessage(connection));
    std::exit(1);
  }
  r = PQgetResult(connection);
  Check(r, "COPY end");
  PQclear(r);
}

// The capacity failure bits of a candidate, laid out as CandidateIndex does.
int64_t FailBits(const matcher::MatchModel& model,
                 const matcher::CandidateProfile& c) {
  uint64_t fail = 0;
  int bit = 0;
  for (int d = 0; d < model.dimension_count(); ++d) {
    for (int t = 1; t < model.levels(d); ++t, ++bit) {
      if (c.capacity[d] < t) fail |= uint64_t{1} << bit;
    }
  }
  return static_cast<int64_t>(fail);
}

struct Query {
  std::string name;
  const matcher::VacancyProfile* vacancy;
  bool region_filter;  // pass the regions within reach (index-friendly)
};

std::vector<matcher::Hit> RankInPostgres(const BenchWorld& w, const Query& q,
                                         int k, const std::string& regions) {
  const matcher::MatchModel& model = w.matcher->model();
  const matcher::VacancyProfile& v = *q.vacancy;
  const auto effective = model.EffectiveDemand(v);
  uint64_t demand = 0, dims = 0;
  int max_slack = 0, bit = 0;
  for (int d = 0; d < model.dimension_count(); ++d) {
    for (int t = 1; t < model.levels(d); ++t, ++bit) {
      if (effective[d] == 0) continue;
      dims |= uint64_t{1} << bit;
      if (t == effective[d]) demand |= uint64_t{1} << bit;
    }
    if (effective[d] > 0) max_slack += model.levels(d) - 1 - effective[d];
  }
  const uint32_t met = model.MetNeeds(v.offered);
  const std::string values[] = {
      absl::StrCat(static_cast<int64_t>(demand)),
      absl::StrCat(static_cast<int32_t>(met)),
      absl::StrCat(k),
      absl::StrCat(v.hours_min),
      absl::StrCat(v.hours_max),
      absl::StrCat(static_cast<int64_t>(dims)),
      absl::StrCat(max_slack),
      v.remote ? "true" : "false",
      absl::StrCat(v.postcode),
      regions,
      absl::StrCat(v.occupation),
      absl::StrCat(model.IscoCode(v.occupation)),
      model.AcceptsSubsidy(v.offered) ? "true" : "false",
      absl::StrCat(w.policy.today),
      absl::StrCat(w.policy.today - w.policy.stale_after_days),
      absl::StrFormat("%.17g", 2 * 6371.0088),
      absl::StrFormat("%.17g", M_PI / 180.0),
  };
  const char* params[17];
  for (int i = 0; i < 17; ++i) {
    params[i] = (i == 9 && regions.empty()) ? nullptr : values[i].c_str();
  }
  PGresult* r = PQexecParams(connection, kRankSql, 17, nullptr, params, nullptr,
                             nullptr, 0);
  Check(r, "rank");
  std::vector<matcher::Hit> hits;
  for (int row = 0; row < PQntuples(r); ++row) {
    hits.push_back({std::atoi(PQgetvalue(r, row, 1)), PQgetvalue(r, row, 0)});
  }
  PQclear(r);
  return hits;
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace
}  // namespace passend::bench

int main(int argc, char** argv) {
  using namespace passend::bench;
  absl::ParseCommandLine(argc, argv);
  const int64_t n = absl::GetFlag(FLAGS_candidates);
  const int reps = absl::GetFlag(FLAGS_repetitions);
  const int k = absl::GetFlag(FLAGS_k);
  connection = PQconnectdb(absl::GetFlag(FLAGS_conninfo).c_str());
  if (PQstatus(connection) != CONNECTION_OK) {
    std::fprintf(stderr, "pg_compare: %s\n", PQerrorMessage(connection));
    return 1;
  }
  std::fprintf(stderr, "pg_compare: building %lld candidates...\n",
               static_cast<long long>(n));
  std::unique_ptr<BenchWorld> world = BuildBenchWorld(n);
  const passend::matcher::MatchModel& model = world->matcher->model();
  const auto& reference = *world->reference;

  // Load: postcodes, occupations, candidates (COPY, text format).
  absl::Time t0 = absl::Now();
  Exec("SET client_min_messages = warning");
  Exec(kSchema);
  std::string rows;
  for (size_t i = 0; i < reference.postcode_areas().size(); ++i) {
    absl::StrAppendFormat(&rows, "%d\t%.17g\t%.17g\n", i,
                          reference.postcode_areas()[i].lat,
                          reference.postcode_areas()[i].lon);
  }
  Copy("postcode", rows);
  rows.clear();
  for (size_t i = 0; i < reference.occupations().size(); ++i) {
    absl::StrAppend(&rows, i, "\t", model.IscoCode(static_cast<uint16_t>(i)),
                    "\n");
  }
  Copy("occupation", rows);
  std::vector<uint8_t> postcode_region;
  for (const auto& area : reference.postcode_areas()) {
    postcode_region.push_back(static_cast<uint8_t>(
        reference.FindRegion(area.region_code) - reference.regions().data()));
  }
  int max_travel = 0;
  rows.clear();
  for (const auto& c : world->matcher->candidates().Snapshot()) {
    std::vector<std::string> occupations;
    for (const auto& o : c.occupations) {
      occupations.push_back(absl::StrCat(o.esco << 1 | (o.experience ? 1 : 0)));
    }
    const bool never =
        c.availability == passend::matcher::Availability::kPlaced ||
        c.availability == passend::matcher::Availability::kWithdrawn;
    const int32_t from = c.availability == passend::matcher::Availability::kFrom
                             ? c.available_from_day
                             : 0;
    max_travel = std::max<int>(max_travel, c.travel_km);
    absl::StrAppend(&rows, c.id, "\t", postcode_region[c.postcode], "\t",
                    c.region, "\t", c.postcode, "\t", FailBits(model, c), "\t",
                    static_cast<int32_t>(c.required_needs), "\t",
                    static_cast<int32_t>(c.preferred_needs), "\t", c.hours_min,
                    "\t", c.hours_max, "\t", c.travel_km, "\t",
                    never ? "\\N" : absl::StrCat(from), "\t",
                    c.last_confirmed_day, "\t", c.wage_value, "\t{",
                    absl::StrJoin(occupations, ","), "}\n");
    if (rows.size() > (64 << 20)) {
      Copy("candidate", rows);
      rows.clear();
    }
  }
  if (!rows.empty()) Copy("candidate", rows);
  Exec("CREATE INDEX candidate_region ON candidate (region)");
  Exec("ANALYZE");
  const double load_s = absl::ToDoubleSeconds(absl::Now() - t0);

  // The regions of residence within reach of the typical vacancy: what the
  // app would pass to use the region index.
  auto regions_within = [&](const passend::matcher::VacancyProfile& v) {
    std::vector<double> nearest(reference.regions().size(), 1e9);
    const auto& km = model.DistancesFrom(v.postcode)->km;
    for (size_t i = 0; i < km.size(); ++i) {
      nearest[postcode_region[i]] =
          std::min(nearest[postcode_region[i]], km[i]);
    }
    std::vector<int> within;
    for (size_t r = 0; r < nearest.size(); ++r) {
      if (nearest[r] <= max_travel) within.push_back(static_cast<int>(r));
    }
    return absl::StrCat("{", absl::StrJoin(within, ","), "}");
  };

  const Query queries[] = {{"typical", &world->typical, true},
                           {"national", &world->national, false}};
  std::printf(
      "pg_compare: %lld candidates, top %d, PostgreSQL loaded in %.1f s; "
      "medians of %d runs (passend) and %d runs (PostgreSQL)\n",
      static_cast<long long>(n), k, load_s, reps,
      absl::GetFlag(FLAGS_pg_repetitions));
  std::printf("%-9s | %12s | %14s | %14s | %14s | %s\n", "query", "passend",
              "pg seq scan", "pg region idx", "pg clustered",
              "best pg / passend");
  struct Times {
    double passend = 0, seq = 0, indexed = 0, clustered = 0;
  };
  std::vector<Times> times(2);
  auto time_pg = [&](const Query& q, const std::string& regions,
                     std::vector<passend::matcher::Hit>* last) {
    std::vector<double> ms;
    RankInPostgres(*world, q, k, regions);  // warm up
    for (int i = 0; i < absl::GetFlag(FLAGS_pg_repetitions); ++i) {
      absl::Time s = absl::Now();
      *last = RankInPostgres(*world, q, k, regions);
      ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - s));
    }
    return Median(ms);
  };
  bool agree = true;
  for (int phase = 0; phase < 2; ++phase) {
    if (phase == 1) {
      Exec("CLUSTER candidate USING candidate_region");
      Exec("ANALYZE candidate");
    }
    for (size_t qi = 0; qi < 2; ++qi) {
      const Query& q = queries[qi];
      passend::matcher::RankQuery rank;
      rank.vacancy = q.vacancy;
      rank.policy = world->policy;
      rank.limit = k;
      rank.hit_profiles = false;
      std::vector<double> ms;
      passend::matcher::RankResult ours;
      for (int i = 0; i < reps; ++i) {
        absl::Time s = absl::Now();
        ours = *world->matcher->candidates().Rank(rank);
        ms.push_back(absl::ToDoubleMilliseconds(absl::Now() - s));
      }
      times[qi].passend =
          phase == 0 ? Median(ms) : std::min(times[qi].passend, Median(ms));
      std::vector<passend::matcher::Hit> theirs;
      const std::string regions =
          q.region_filter ? regions_within(*q.vacancy) : "";
      if (phase == 0) {
        times[qi].seq = time_pg(q, "", &theirs);
        times[qi].indexed = q.region_filter ? time_pg(q, regions, &theirs) : 0;
      } else {
        times[qi].clustered = time_pg(q, regions, &theirs);
      }
      // Same candidates, same scores, same order.
      bool same = theirs.size() == ours.hits.size();
      for (size_t i = 0; same && i < theirs.size(); ++i) {
        same = theirs[i].id == ours.hits[i].id &&
               theirs[i].score == ours.hits[i].score;
      }
      if (!same) {
        agree = false;
        for (size_t i = 0; i < std::min(theirs.size(), ours.hits.size()); ++i) {
          if (theirs[i].id != ours.hits[i].id ||
              theirs[i].score != ours.hits[i].score) {
            std::printf(
                "%s: first difference at %zu: pg %s %d, passend %s %d\n",
                q.name.c_str(), i, theirs[i].id.c_str(), theirs[i].score,
                ours.hits[i].id.c_str(), ours.hits[i].score);
            break;
          }
        }
      }
    }
  }
  for (size_t qi = 0; qi < 2; ++qi) {
    const Times& t = times[qi];
    double best = t.seq;
    if (t.indexed > 0) best = std::min(best, t.indexed);
    if (t.clustered > 0) best = std::min(best, t.clustered);
    auto cell = [](double ms) {
      return ms > 0 ? absl::StrFormat("%11.2f ms", ms)
                    : std::string("            -");
    };
    std::printf("%-9s | %9.2f ms | %14s | %14s | %14s | %.0fx\n",
                queries[qi].name.c_str(), t.passend, cell(t.seq).c_str(),
                cell(t.indexed).c_str(), cell(t.clustered).c_str(),
                best / t.passend);
  }
  std::printf("top-%d %s\n", k, agree ? "agree (ids and scores)" : "DISAGREE");
  PQfinish(connection);
  return agree ? 0 : 1;
}
