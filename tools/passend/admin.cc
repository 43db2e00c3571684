// keys create, backup, taxonomy and occupations search: what an operator
// runs and integrations look up. keys create works on the key file alone
// and calls no server.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "passend/v1/admin.grpc.pb.h"
#include "passend/v1/taxonomy.grpc.pb.h"
#include "services/access/key_store.h"
#include "tools/passend/client.h"
#include "tools/passend/command.h"
#include "tools/passend/flags.h"

ABSL_FLAG(std::string, keys_file, "", "required: the key file to append to");
ABSL_FLAG(std::string, principal, "", "required: the principal's name");
ABSL_FLAG(std::string, role, "",
          "required: wsp, employer, integration, analyst or admin");
ABSL_FLAG(std::string, language, "",
          "nl or en: labels in this language first, titles shown in it");
ABSL_FLAG(int, keep, 0,
          "backups to keep, this one included (server default 7)");

namespace passend::tools {
namespace {

// Creates a key, appends its hash to the key file and shows the key once.
int CreateKey(const Invocation&) {
  services::KeyEntry entry;
  entry.principal = absl::GetFlag(FLAGS_principal);
  absl::StatusOr<services::Role> role =
      services::ParseRole(absl::GetFlag(FLAGS_role));
  if (entry.principal.empty() || !role.ok() ||
      absl::GetFlag(FLAGS_keys_file).empty()) {
    std::cerr << "error: keys create needs --keys_file, --principal and "
                 "--role (wsp, employer, integration, analyst, admin)\n";
    return kExitUsage;
  }
  entry.role = *role;
  entry.regions = SplitList(absl::GetFlag(FLAGS_regions));
  entry.employer = absl::GetFlag(FLAGS_employer);
  const std::string key = services::NewApiKey();
  const std::string line =
      services::KeyFileLine(services::HashApiKey(key), entry);
  // Check the line as the server will read it before writing it.
  absl::StatusOr<std::unique_ptr<services::KeyStore>> check =
      services::KeyStore::Parse(line, "new key");
  if (!check.ok()) return ReportUsageError(check.status());
  std::ofstream file(absl::GetFlag(FLAGS_keys_file), std::ios::app);
  file << line << "\n";
  if (!file) {
    std::cerr << "error: cannot write " << absl::GetFlag(FLAGS_keys_file)
              << "\n";
    return kExitUsage;
  }
  std::cout << key << "\n";
  std::cerr << "key for " << entry.principal << " ("
            << absl::GetFlag(FLAGS_role) << ") added to "
            << absl::GetFlag(FLAGS_keys_file) << "; it is shown only now\n";
  return kExitOk;
}

int CreateBackup(const Invocation& in) {
  v1::CreateBackupRequest request;
  request.set_keep(absl::GetFlag(FLAGS_keep));
  v1::Backup backup;
  return PrintResult(v1::AdminService::NewStub(in.channel)
                         ->CreateBackup(Context().get(), request, &backup),
                     backup);
}

int ListBackups(const Invocation& in) {
  v1::ListBackupsResponse response;
  return PrintResult(
      v1::AdminService::NewStub(in.channel)
          ->ListBackups(Context().get(), v1::ListBackupsRequest(), &response),
      response);
}

int SearchOccupations(const Invocation& in) {
  v1::SearchOccupationsRequest request;
  request.set_query(in.args[0]);
  request.set_language(absl::GetFlag(FLAGS_language));
  request.set_page_size(absl::GetFlag(FLAGS_page_size));
  v1::SearchOccupationsResponse response;
  grpc::Status s = v1::TaxonomyService::NewStub(in.channel)
                       ->SearchOccupations(Context().get(), request, &response);
  if (!s.ok()) return ReportError(s);
  if (PrintedAsJson(response)) return kExitOk;
  const bool dutch = request.language() == "nl";
  std::printf("score  esco_id                               title\n");
  for (const auto& r : response.results()) {
    const std::string& title =
        dutch ? r.occupation().title_nl() : r.occupation().title_en();
    std::printf("%5.2f  %-36s  %s", r.score(), r.occupation().esco_id().c_str(),
                title.c_str());
    if (r.matched_label() != title) {
      std::printf("  (matched \"%s\")", r.matched_label().c_str());
    }
    std::printf("\n");
  }
  return kExitOk;
}

int GetTaxonomy(const Invocation& in) {
  v1::Taxonomy taxonomy;
  return PrintResult(
      v1::TaxonomyService::NewStub(in.channel)
          ->GetTaxonomy(Context().get(), v1::GetTaxonomyRequest(), &taxonomy),
      taxonomy);
}

}  // namespace

std::vector<Command> AdminCommands() {
  return {
      {"keys create",
       {},
       {Opt(FLAGS_keys_file), Opt(FLAGS_principal), Opt(FLAGS_role),
        Opt(FLAGS_regions,
            "wsp and integration: their region codes "
            "(comma-separated)"),
        Opt(FLAGS_employer, "employer: its employer id")},
       "creates an API key and appends its hash to a key file",
       "Prints the key once on standard output; the file keeps only its "
       "SHA-256. passendd reads the key file at start. Calls no server.",
       CreateKey},
      {"backup create",
       {},
       {Opt(FLAGS_keep)},
       "backs up the records and the key vault, online (admins)",
       "",
       CreateBackup},
      {"backup list", {}, {}, "the backups kept (admins)", "", ListBackups},
      {"occupations search",
       {"QUERY"},
       {Opt(FLAGS_language),
        Opt(FLAGS_page_size, "results (default 10, at most 50)")},
       "ESCO occupations by what was typed, in Dutch or English, best first",
       "Matches every word of QUERY against the occupations' preferred, "
       "alternative and hidden labels: whole, as a word's start, inside a "
       "compound, or with a typo. QUERY may also be an ESCO id. Every role "
       "may call it.",
       SearchOccupations},
      {"taxonomy",
       {},
       {},
       "the taxonomy the server matches with: needs, adjustments, "
       "capacities",
       "",
       GetTaxonomy},
  };
}

}  // namespace passend::tools
