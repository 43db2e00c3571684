#include "tests/shipped_data.h"

#include "tests/test_util.h"

namespace passend::testing {

const matcher::Taxonomy& ShippedTaxonomy() {
  static const matcher::Taxonomy* taxonomy = new matcher::Taxonomy(ValueOrDie(
      matcher::Taxonomy::LoadFile(DataDir() + "/taxonomy.textproto")));
  return *taxonomy;
}

const matcher::ReferenceData& ShippedReference() {
  static const matcher::ReferenceData* reference =
      ValueOrDie(matcher::ReferenceData::LoadDirectory(DataDir())).release();
  return *reference;
}

void ShippedModelTest::SetUpTestSuite() {
  if (model_ != nullptr) return;
  taxonomy_ = &ShippedTaxonomy();
  reference_ = &ShippedReference();
  compiler_ = new matcher::ProfileCompiler(
      ValueOrDie(matcher::ProfileCompiler::Create(taxonomy_, reference_)));
  model_ = new matcher::MatchModel(compiler_);
}

}  // namespace passend::testing
