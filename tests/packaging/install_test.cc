// `cmake --install` into a fresh prefix: the binaries, the data and the
// systemd files land where packaging/README.md says; the installed passendd,
// started from another directory with no data flag, reads the installed
// data and serves, and the installed CLI asks it for the taxonomy;
// `systemd-analyze verify` accepts the installed unit.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "absl/cleanup/cleanup.h"
#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/server_process.h"
#include "tests/test_util.h"

namespace passend::testing {
namespace {

using ::testing::HasSubstr;

class InstallTest : public ::testing::Test {
 protected:
  // One install for all the tests: it is what they look at.
  static void SetUpTestSuite() {
    prefix_ = new TempDir;
    install_ = new CommandRun(
        RunCommand(absl::StrCat(CMAKE_COMMAND, " --install ", PASSEND_BUILD_DIR,
                                " --prefix ", prefix_->path())));
  }
  static void TearDownTestSuite() {
    delete install_;
    delete prefix_;
  }
  void SetUp() override { ASSERT_EQ(install_->exit_code, 0) << install_->out; }

  static std::string Installed(const std::string& path) {
    return prefix_->path() + "/" + path;
  }

  static TempDir* prefix_;
  static CommandRun* install_;
};

TempDir* InstallTest::prefix_ = nullptr;
CommandRun* InstallTest::install_ = nullptr;

TEST_F(InstallTest, PutsEachFileInItsPlace) {
  for (const char* path :
       {"bin/passendd", "bin/passend", "share/passend/taxonomy.textproto",
        "share/passend/regions.csv", "share/passend/municipalities.csv",
        "share/passend/pc4.csv", "share/passend/isco08_unit_groups.csv",
        "share/passend/esco_occupations.csv",
        "share/passend/esco_occupation_labels.csv", "share/passend/SOURCES.md",
        "lib/systemd/system/passendd.service", "lib/sysusers.d/passend.conf",
        "share/doc/passend/passendd.env.example"}) {
    EXPECT_TRUE(std::filesystem::is_regular_file(Installed(path))) << path;
  }
  // The unit starts the passendd of this prefix.
  EXPECT_THAT(*ReadFile(Installed("lib/systemd/system/passendd.service")),
              HasSubstr(absl::StrCat("ExecStart=", Installed("bin/passendd"),
                                     " \\\n")));
}

// Started with no data flag, from a directory holding no data, the
// installed server reads <prefix>/share/passend: it serves the taxonomy
// to the installed CLI, and a broken installed taxonomy stops its start,
// named.
TEST_F(InstallTest, TheInstalledServerReadsTheInstalledData) {
  TempDir elsewhere;
  const std::filesystem::path was = std::filesystem::current_path();
  std::filesystem::current_path(elsewhere.path());
  const absl::Cleanup back = [&] { std::filesystem::current_path(was); };
  ServerProcess server(Installed("bin/passendd"), elsewhere.path());
  ASSERT_TRUE(server.Start()) << server.Log();
  const CommandRun taxonomy = RunCommand(absl::StrCat(
      Installed("bin/passend"), " --server=127.0.0.1:", server.port(),
      " --key=", server.admin_key(), " taxonomy"));
  EXPECT_EQ(taxonomy.exit_code, 0) << taxonomy.out;
  EXPECT_THAT(taxonomy.out, HasSubstr("concentration"));
  server.Signal(SIGTERM);

  const std::string installed_taxonomy =
      Installed("share/passend/taxonomy.textproto");
  std::ofstream(installed_taxonomy, std::ios::trunc) << "not a taxonomy\n";
  EXPECT_FALSE(server.Start());
  EXPECT_EQ(server.exit_code(), 1);
  EXPECT_THAT(server.Log(), HasSubstr(installed_taxonomy));
}

// systemd's own check of the installed unit: its syntax, options this
// systemd knows, and an ExecStart that exists. Skipped where systemd-analyze
// is missing.
TEST_F(InstallTest, SystemdAcceptsTheInstalledUnit) {
  if (RunCommand("command -v systemd-analyze").exit_code != 0) {
    GTEST_SKIP() << "systemd-analyze is not installed";
  }
  const CommandRun verified =
      RunCommand("systemd-analyze verify " +
                 Installed("lib/systemd/system/passendd.service"));
  EXPECT_EQ(verified.exit_code, 0) << verified.out;
  EXPECT_EQ(verified.out, "") << "systemd-analyze warned";
}

}  // namespace
}  // namespace passend::testing
