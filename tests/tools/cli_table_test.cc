// The passend CLI's command table: generated help, options a command does
// not take refused, and the TLS flags against a real TLS passendd on
// 127.0.0.1 (certificates made for the test by the openssl tool).
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/version.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/server_fixture.h"
#include "tests/services/test_pki.h"
#include "tests/test_util.h"
#include "tests/tools/cli_runner.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// Every command the CLI had before it became a table, and scripts use.
const std::vector<std::string>& Commands() {
  static const auto* const commands =
      new std::vector<std::string>{"candidates create",
                                   "candidates get",
                                   "candidates list",
                                   "candidates update",
                                   "candidates delete",
                                   "candidates import",
                                   "vacancies create",
                                   "vacancies get",
                                   "vacancies list",
                                   "vacancies update",
                                   "vacancies delete",
                                   "vacancies import",
                                   "rank candidates",
                                   "rank vacancies",
                                   "rank anonymous",
                                   "explain",
                                   "advice adjustments",
                                   "advice blockers",
                                   "advice opportunities",
                                   "advice assign",
                                   "consent give",
                                   "consent withdraw",
                                   "consent list",
                                   "introduce",
                                   "placements propose",
                                   "placements move",
                                   "placements get",
                                   "placements list",
                                   "progress",
                                   "supply",
                                   "bottlenecks",
                                   "forecast",
                                   "history record",
                                   "backup create",
                                   "backup list",
                                   "taxonomy",
                                   "occupations search",
                                   "demo load",
                                   "demo show",
                                   "keys create"};
  return *commands;
}

TEST(CliUsageTest, VersionIsTheProjects) {
  CliRun version = RunCli("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, VersionLine("passend"));
}

TEST(CliUsageTest, HelpListsEveryCommand) {
  CliRun help = RunCli("help");
  ASSERT_EQ(help.exit_code, 0) << help.out;
  for (const std::string& command : Commands()) {
    EXPECT_THAT(help.out, HasSubstr(absl::StrCat("\n  ", command))) << command;
  }
  EXPECT_THAT(help.out, HasSubstr("--tls_ca"));
  // The flag the old usage text named but the CLI never had.
  EXPECT_THAT(help.out, Not(HasSubstr("--state")));
  EXPECT_EQ(RunCli("--help").out, help.out);
  EXPECT_EQ(RunCli("").exit_code, 2);
}

TEST(CliUsageTest, EveryCommandHasItsHelp) {
  for (const std::string& command : Commands()) {
    const std::string usage = absl::StrCat("usage: passend ", command);
    CliRun help = RunCli(absl::StrCat("help ", command));
    EXPECT_EQ(help.exit_code, 0) << command << ": " << help.out;
    EXPECT_THAT(help.out, HasSubstr(usage));
    CliRun flag = RunCli(absl::StrCat(command, " --help"));
    EXPECT_EQ(flag.exit_code, 0) << command << ": " << flag.out;
    EXPECT_EQ(flag.out, help.out);
  }
  CliRun group = RunCli("help placements");
  EXPECT_EQ(group.exit_code, 0);
  EXPECT_THAT(group.out, HasSubstr("  placements move "));
  EXPECT_THAT(group.out, Not(HasSubstr("candidates")));
  EXPECT_EQ(RunCli("help frobnicate").exit_code, 2);
}

TEST(CliUsageTest, CommandHelpShowsItsOptionsWithHelpAndDefaults) {
  CliRun load = RunCli("demo load --help");
  EXPECT_THAT(load.out, HasSubstr("usage: passend demo load [options]"));
  EXPECT_THAT(load.out, HasSubstr("--candidates"));
  EXPECT_THAT(load.out, HasSubstr("candidates to generate (default 10000)"));
  EXPECT_THAT(load.out, Not(HasSubstr("--region ")));
  CliRun list = RunCli("help vacancies list");
  EXPECT_THAT(list.out, HasSubstr("only this status: DRAFT, OPEN"));
  EXPECT_THAT(list.out, HasSubstr("--all"));
  CliRun move = RunCli("placements move --help");
  EXPECT_THAT(move.out,
              HasSubstr("usage: passend placements move PLACEMENT STATE"));
  EXPECT_THAT(move.out, HasSubstr("--hours"));
}

TEST(CliUsageTest, AnOptionTheCommandDoesNotTakeIsAUsageError) {
  // Refused before any call: no server is listening on port 1.
  CliRun get = RunCli(
      "--server=127.0.0.1:1 candidates get candidates/x "
      "--region=AM14");
  EXPECT_EQ(get.exit_code, 2) << get.out;
  EXPECT_THAT(get.out, HasSubstr("candidates get does not take --region"));
  EXPECT_THAT(get.out, HasSubstr("usage: passend candidates get NAME"));
  // The value in the next argument, and a negated bool.
  EXPECT_EQ(RunCli("--server=127.0.0.1:1 taxonomy --page_size 5").exit_code, 2);
  CliRun all = RunCli(
      "--server=127.0.0.1:1 rank candidates vacancies/x "
      "--noall");
  EXPECT_EQ(all.exit_code, 2) << all.out;
  EXPECT_THAT(all.out, HasSubstr("does not take --all"));
  // A value that looks like a flag is a value.
  EXPECT_EQ(RunCli("--server=127.0.0.1:1 candidates list --page_token "
                   "--all --timeout_s=1")
                .exit_code,
            1);
}

// absl's parser would exit 1 on these; the CLI says what is wrong and
// exits 2 before anything is sent.
TEST(CliUsageTest, AnUnknownOptionOrABadValueIsAUsageError) {
  CliRun unknown = RunCli("--server=127.0.0.1:1 --nosuchflag taxonomy");
  EXPECT_EQ(unknown.exit_code, 2) << unknown.out;
  EXPECT_THAT(unknown.out, HasSubstr("no option --nosuchflag"));
  CliRun bad = RunCli("--server=127.0.0.1:1 candidates list --page_size=abc");
  EXPECT_EQ(bad.exit_code, 2) << bad.out;
  EXPECT_THAT(bad.out, HasSubstr("--page_size"));
  CliRun next = RunCli("--server=127.0.0.1:1 candidates list --page_size x");
  EXPECT_EQ(next.exit_code, 2) << next.out;
  // A negated bool is an option, not an unknown one.
  EXPECT_EQ(RunCli("--server=127.0.0.1:1 --timeout_s=1 candidates list "
                   "--noall")
                .exit_code,
            1);
}

TEST(CliUsageTest, WrongArgumentsAreAUsageError) {
  // Each call, and what its usage error says.
  const std::vector<std::pair<std::string, std::string>> calls = {
      {"taxonomy extra", "taxonomy takes no arguments, not 1"},
      {"explain candidates/x", "explain takes CANDIDATE VACANCY"},
      {"candidates frobnicate", "  candidates import "}};
  for (const auto& [args, says] : calls) {
    CliRun run = RunCli(args);
    EXPECT_EQ(run.exit_code, 2) << args << ": " << run.out;
    EXPECT_THAT(run.out, HasSubstr(says)) << args;
  }
}

TEST(CliUsageTest, ACertificateWithoutItsKeyIsAUsageError) {
  CliRun run = RunCli("--tls_cert=client.pem taxonomy");
  EXPECT_EQ(run.exit_code, 2) << run.out;
  EXPECT_THAT(run.out, HasSubstr("--tls_cert and --tls_key go together"));
  EXPECT_EQ(RunCli("--tls_key=client.key taxonomy").exit_code, 2);
  CliRun missing = RunCli("--tls_ca=/nonexistent/ca.pem taxonomy");
  EXPECT_EQ(missing.exit_code, 2) << missing.out;
  EXPECT_THAT(missing.out, HasSubstr("cannot read /nonexistent/ca.pem"));
}

class CliTlsTest : public ServerFixture {
 protected:
  void SetUp() override {
    dir = dir_.path();
    // A CA, a server certificate for 127.0.0.1, and a client certificate
    // for the principal of the key file.
    ASSERT_OK(MakeTestPki(dir));
    key_ = WriteAdminKeyFile(dir + "/keys");
    ASSERT_OK(MakeClientCertificate(dir, "admin", "test-admin"));
  }

  void StartTls(bool mutual) {
    services::ServerOptions options = TestPkiServerOptions(dir, mutual);
    options.keys_file = dir + "/keys";
    StartServerWith(std::move(options));
  }

  // passend against the server, with `flags` before `command`.
  CliRun Cli(const std::string& flags, const std::string& command) {
    return RunCli(absl::StrCat("--server=127.0.0.1:", server_->port(),
                               " --timeout_s=10 ", flags, " ", command));
  }

  std::string dir;
  std::string key_;
};

TEST_F(CliTlsTest, ReachesATlsServerTrustingItsCa) {
  StartTls(/*mutual=*/false);
  const std::string ca = absl::StrCat("--tls_ca=", dir, "/ca.pem");
  CliRun taxonomy = Cli(absl::StrCat(ca, " --key=", key_), "taxonomy");
  EXPECT_EQ(taxonomy.exit_code, 0) << taxonomy.out;
  EXPECT_THAT(taxonomy.out, HasSubstr("support_needs"));
  CliRun plaintext = Cli(absl::StrCat("--key=", key_), "taxonomy");
  EXPECT_EQ(plaintext.exit_code, 1) << plaintext.out;
  EXPECT_THAT(plaintext.out, HasSubstr("UNAVAILABLE"));
  // A CA that did not sign the server's certificate.
  CliRun untrusted = Cli(
      absl::StrCat("--tls_ca=", dir, "/admin.pem --key=", key_), "taxonomy");
  EXPECT_EQ(untrusted.exit_code, 1) << untrusted.out;
}

TEST_F(CliTlsTest, AClientCertificateReachesAMutualTlsServer) {
  StartTls(/*mutual=*/true);
  const std::string ca = absl::StrCat("--tls_ca=", dir, "/ca.pem");
  // The certificate of the key file's admin stands for it: no key sent.
  CliRun admin = Cli(absl::StrCat(ca, " --tls_cert=", dir,
                                  "/admin.pem --tls_key=", dir, "/admin.key"),
                     "candidates list");
  EXPECT_EQ(admin.exit_code, 0) << admin.out;
  EXPECT_THAT(admin.out, HasSubstr("0 candidates"));
  CliRun without = Cli(absl::StrCat(ca, " --key=", key_), "taxonomy");
  EXPECT_EQ(without.exit_code, 1) << without.out;
  EXPECT_THAT(without.out, HasSubstr("UNAVAILABLE"));
}

}  // namespace
}  // namespace passend::testing
