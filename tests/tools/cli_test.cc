// The passend CLI against a real server: JSON in and out, imports from JSON
// lines, and errors that name the field at fault.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "passend/v1/advice.pb.h"
#include "passend/v1/placement.pb.h"
#include "passend/v1/supply.pb.h"
#include "tests/services/server_fixture.h"
#include "tests/tools/cli_runner.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;

class CliTest : public ServerFixture {
 protected:
  // passend against the fixture's server, as its admin.
  CliRun Cli(const std::string& args) {
    return RunCli(absl::StrCat("--server=127.0.0.1:", server_->port(),
                               " --key=", admin_key(), " ", args));
  }
  std::string WriteFile(const std::string& name, const std::string& text) {
    std::string path = dir_.path() + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  static std::string Json(const google::protobuf::Message& m) {
    std::string json;
    google::protobuf::util::MessageToJsonString(m, &json);
    return json;
  }
};

TEST_F(CliTest, CreateGetListAndRank) {
  CliRun created = Cli(absl::StrCat(
      "candidates create ", WriteFile("c.json", Json(ValidCandidate()))));
  ASSERT_EQ(created.exit_code, 0) << created.out;
  v1::Candidate candidate;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(created.out, &candidate).ok())
      << created.out;
  CliRun got = Cli(absl::StrCat("candidates get ", candidate.name()));
  EXPECT_EQ(got.exit_code, 0);
  EXPECT_THAT(got.out, HasSubstr("\"display_name\": \"Sanne de Vries\""));

  CliRun vacancy = Cli(absl::StrCat("vacancies create ",
                                    WriteFile("v.json", Json(ValidVacancy()))));
  ASSERT_EQ(vacancy.exit_code, 0) << vacancy.out;
  CliRun listed = Cli("candidates list --region=AM14");
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_THAT(listed.out, HasSubstr(candidate.name()));
  EXPECT_THAT(listed.out, HasSubstr("1 candidates"));

  v1::Vacancy v;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(vacancy.out, &v).ok());
  CliRun ranked = Cli(absl::StrCat("rank candidates ", v.name()));
  EXPECT_EQ(ranked.exit_code, 0) << ranked.out;
  EXPECT_THAT(ranked.out, HasSubstr("1 of 1 candidates match"));
  EXPECT_THAT(ranked.out, HasSubstr(candidate.name()));
  CliRun anonymous = Cli(absl::StrCat("rank anonymous ", v.name()));
  EXPECT_EQ(anonymous.exit_code, 0) << anonymous.out;
  EXPECT_THAT(anonymous.out, HasSubstr(candidate.name()));
  EXPECT_THAT(anonymous.out,
              HasSubstr("needs jobcoach_intensive|jobcoach_light"));
  EXPECT_THAT(anonymous.out, ::testing::Not(HasSubstr("Sanne")));
  CliRun introduced =
      Cli(absl::StrCat("introduce ", candidate.name(), " ", v.name()));
  EXPECT_EQ(introduced.exit_code, 1) << introduced.out;
  EXPECT_THAT(introduced.out, HasSubstr("PERMISSION_DENIED"));
  CliRun consented = Cli(absl::StrCat("consent give ", candidate.name(),
                                      " --employer=bakkerij-jansen"));
  EXPECT_EQ(consented.exit_code, 0) << consented.out;
  introduced = Cli(absl::StrCat("introduce ", candidate.name(), " ", v.name()));
  EXPECT_EQ(introduced.exit_code, 0) << introduced.out;
  EXPECT_THAT(introduced.out, HasSubstr("Sanne de Vries"));
  CliRun explained =
      Cli(absl::StrCat("explain ", candidate.name(), " ", v.name()));
  EXPECT_THAT(explained.out, HasSubstr("a match"));
  EXPECT_THAT(explained.out, HasSubstr("on_the_job_coaching"));
}

TEST_F(CliTest, AdviceTables) {
  v1::Candidate blocked = ValidCandidate();
  auto* need = blocked.add_support_needs();
  need->set_need("physical_access");
  need->set_strength(v1::SupportNeed::REQUIRED);
  CliRun created = Cli(
      absl::StrCat("candidates create ", WriteFile("c.json", Json(blocked))));
  ASSERT_EQ(created.exit_code, 0) << created.out;
  v1::Candidate candidate;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(created.out, &candidate)
          .ok());
  ASSERT_EQ(Cli(absl::StrCat("candidates create ",
                             WriteFile("d.json", Json(ValidCandidate()))))
                .exit_code,
            0);
  CliRun vacancy = Cli(absl::StrCat("vacancies create ",
                                    WriteFile("v.json", Json(ValidVacancy()))));
  ASSERT_EQ(vacancy.exit_code, 0) << vacancy.out;
  v1::Vacancy v;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(vacancy.out, &v).ok());

  CliRun adjustments = Cli(absl::StrCat("advice adjustments ", v.name()));
  EXPECT_EQ(adjustments.exit_code, 0) << adjustments.out;
  EXPECT_THAT(adjustments.out, HasSubstr("1 candidates match now; 1 more"));
  EXPECT_THAT(adjustments.out, HasSubstr("wheelchair_accessible"));
  EXPECT_THAT(adjustments.out, HasSubstr("(22 more would add no one)"));
  CliRun blockers = Cli(absl::StrCat("advice blockers ", candidate.name()));
  EXPECT_EQ(blockers.exit_code, 0) << blockers.out;
  EXPECT_THAT(blockers.out, HasSubstr("need physical_access"));
  CliRun opportunities = Cli("advice opportunities --regions=AM14");
  EXPECT_EQ(opportunities.exit_code, 0) << opportunities.out;
  EXPECT_THAT(opportunities.out, HasSubstr("AM14"));
  CliRun assigned = Cli("advice assign --regions=AM14");
  EXPECT_EQ(assigned.exit_code, 0) << assigned.out;
  EXPECT_THAT(assigned.out, HasSubstr("1 placements"));
  CliRun json = Cli("advice assign --regions=AM14 --json");
  v1::ProposeAssignmentsResponse response;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &response).ok())
      << json.out;
  EXPECT_EQ(response.proposals_size(), 1);
  CliRun stuck = Cli("bottlenecks --regions=AM14");
  EXPECT_EQ(stuck.exit_code, 0) << stuck.out;
  EXPECT_THAT(stuck.out, HasSubstr("need physical_access"));
  CliRun refused = Cli("advice assign");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("regions"));
}

TEST_F(CliTest, PlacementsAndProgress) {
  CliRun created = Cli(absl::StrCat(
      "candidates create ", WriteFile("c.json", Json(ValidCandidate()))));
  ASSERT_EQ(created.exit_code, 0) << created.out;
  v1::Candidate candidate;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(created.out, &candidate)
          .ok());
  CliRun vacancy = Cli(absl::StrCat("vacancies create ",
                                    WriteFile("v.json", Json(ValidVacancy()))));
  v1::Vacancy v;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(vacancy.out, &v).ok());
  CliRun proposed =
      Cli(absl::StrCat("placements propose ", candidate.name(), " ", v.name()));
  ASSERT_EQ(proposed.exit_code, 0) << proposed.out;
  v1::Placement p;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(proposed.out, &p).ok())
      << proposed.out;
  CliRun refused =
      Cli(absl::StrCat("placements move ", p.name(), " INTRODUCED"));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("FAILED_PRECONDITION"));
  ASSERT_EQ(Cli(absl::StrCat("consent give ", candidate.name(),
                             " --employer=bakkerij-jansen"))
                .exit_code,
            0);
  EXPECT_EQ(
      Cli(absl::StrCat("placements move ", p.name(), " INTRODUCED")).exit_code,
      0);
  CliRun hired =
      Cli(absl::StrCat("placements move ", p.name(), " HIRED --hours=17"));
  EXPECT_EQ(hired.exit_code, 0) << hired.out;
  EXPECT_THAT(hired.out, HasSubstr("\"state\": \"HIRED\""));
  CliRun listed = Cli("placements list --status=HIRED");
  EXPECT_THAT(listed.out, HasSubstr(p.name()));
  CliRun progress = Cli("progress");
  EXPECT_EQ(progress.exit_code, 0) << progress.out;
  EXPECT_THAT(progress.out, HasSubstr("0.67"));  // 17 of 25.5 hours
  EXPECT_THAT(progress.out, HasSubstr("AM14 0.67"));
  CliRun json = Cli("progress --json");
  v1::Progress report;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &report).ok())
      << json.out;
  EXPECT_EQ(report.quarters_size(), 4);
  EXPECT_EQ(Cli("placements move x FIRED").exit_code, 2);
  // The one candidate is placed now: nobody is available.
  CliRun supply = Cli("supply --regions=AM14");
  EXPECT_EQ(supply.exit_code, 0) << supply.out;
  EXPECT_THAT(supply.out, HasSubstr("placeable by need"));
  EXPECT_THAT(supply.out, HasSubstr("all             0"));
}

TEST_F(CliTest, DemoLoadGivesTheForecastAHistoryAndProgressJobs) {
  CliRun load =
      Cli("demo load --candidates=2000 --vacancies=300 "
          "--placements=20");
  ASSERT_EQ(load.exit_code, 0) << load.out;
  EXPECT_THAT(load.out, HasSubstr("420 region-quarters"));  // 35 x 12
  EXPECT_THAT(load.out, HasSubstr("demo placements: "));
  CliRun json = Cli("forecast --regions=AM18 --years=2 --json");
  ASSERT_EQ(json.exit_code, 0) << json.out;
  v1::SupplyForecast forecast;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(json.out, &forecast).ok())
      << json.out;
  ASSERT_EQ(forecast.regions_size(), 1);
  const v1::SupplyRates& rates = forecast.regions(0).rates();
  EXPECT_EQ(rates.quarters_observed(), 12);
  // The synthetic history's rates come back (4.5% and 2.5% a quarter, on a
  // small supply: rounding of each quarter's counts moves them a little).
  EXPECT_NEAR(rates.placement_rate(), 0.045, 0.01);
  EXPECT_NEAR(rates.withdrawal_rate(), 0.025, 0.01);
  EXPECT_EQ(forecast.regions(0).years_size(), 2);
  CliRun table = Cli("forecast --regions=AM18");
  EXPECT_EQ(table.exit_code, 0) << table.out;
  EXPECT_THAT(table.out, HasSubstr("inflow/q"));
  EXPECT_THAT(table.out, HasSubstr("AM18"));
  // Every hire but those ended since is a job held now.
  int hired = 0, ended = 0;
  ASSERT_EQ(std::sscanf(load.out.c_str() + load.out.find("demo placements: "),
                        "demo placements: %d hired (%d ended", &hired, &ended),
            2)
      << load.out;
  EXPECT_GT(hired, 0);
  CliRun progress = Cli("progress --json");
  v1::Progress report;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(progress.out, &report).ok())
      << progress.out;
  ASSERT_GT(report.quarters_size(), 0);
  EXPECT_EQ(report.quarters(report.quarters_size() - 1).national().placements(),
            hired - ended);

  CliRun bad = Cli(absl::StrCat(
      "history record ", WriteFile("h.json", R"({"quarters": [{"region": "AM14",
                                             "quarter": "2020Q9"}]})")));
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("quarters[0].quarter"));
}

TEST_F(CliTest, BackupCreateAndList) {
  CliRun created = Cli("backup create --keep=2");
  ASSERT_EQ(created.exit_code, 0) << created.out;
  EXPECT_THAT(created.out, HasSubstr("backups/1"));
  Cli("backup create --keep=2");
  Cli("backup create --keep=2");
  CliRun listed = Cli("backup list");
  EXPECT_EQ(listed.exit_code, 0) << listed.out;
  EXPECT_THAT(listed.out, ::testing::Not(HasSubstr("backups/1\"")));
  EXPECT_THAT(listed.out, HasSubstr("backups/3"));
  CliRun bad = Cli("backup create --keep=5000");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.out, HasSubstr("keep"));
}

TEST_F(CliTest, ErrorsNameTheFieldAndExitNonZero) {
  v1::Candidate bad = ValidCandidate();
  bad.mutable_hours_per_week()->set_max(99);
  CliRun refused =
      Cli(absl::StrCat("candidates create ", WriteFile("bad.json", Json(bad))));
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(refused.out, HasSubstr("field candidate.hours_per_week.max"));

  CliRun garbage = Cli(absl::StrCat(
      "candidates create ", WriteFile("garbage.json", "{\"nope\": 1}")));
  EXPECT_EQ(garbage.exit_code, 2);
  EXPECT_THAT(garbage.out, HasSubstr("is not a valid Candidate"));
  EXPECT_EQ(Cli("candidates frobnicate").exit_code, 2);
}

TEST_F(CliTest, OccupationsSearch) {
  CliRun found = Cli("occupations search --language=nl 'schonmaker gebouwen'");
  ASSERT_EQ(found.exit_code, 0) << found.out;
  EXPECT_THAT(found.out, HasSubstr("303a1e34-cb16-4054-b323-81e5eec17397  "
                                   "schoonmaker gebouwen"));
  CliRun english = Cli("occupations search --page_size=1 'building cleaner'");
  ASSERT_EQ(english.exit_code, 0) << english.out;
  EXPECT_THAT(english.out, HasSubstr("building cleaner"));
  CliRun refused = Cli("occupations search --language=de kok");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.out, HasSubstr("field language"));
}

TEST_F(CliTest, ImportsJsonLinesReportingBadLines) {
  std::string lines;
  for (int i = 0; i < 30; ++i) {
    v1::Candidate c = ValidCandidate();
    c.set_external_ref(absl::StrCat("cli-", i));
    if (i == 4) c.set_postcode_area("0000");
    absl::StrAppend(&lines, Json(c), "\n");
  }
  absl::StrAppend(&lines, "this is not json\n");
  CliRun imported =
      Cli(absl::StrCat("candidates import ", WriteFile("in.jsonl", lines)));
  EXPECT_EQ(imported.exit_code, 1) << imported.out;
  EXPECT_THAT(imported.out, HasSubstr("30 received, 29 created"));
  EXPECT_THAT(imported.out, HasSubstr("line 5 (cli-4)"));
  EXPECT_THAT(imported.out, HasSubstr("postcode_area"));
  EXPECT_THAT(imported.out, HasSubstr("line 31"));
  CliRun listed = Cli("candidates list --all --page_size=7");
  EXPECT_THAT(listed.out, HasSubstr("29 candidates"));
}

}  // namespace
}  // namespace passend::testing
