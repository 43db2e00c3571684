// The taxonomy and reference data shipped in data/, loaded once per test
// binary and shared by its tests (they never change them).
#ifndef PASSEND_TESTS_SHIPPED_DATA_H_
#define PASSEND_TESTS_SHIPPED_DATA_H_

#include "gtest/gtest.h"
#include "matcher/match_model.h"
#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"

namespace passend::testing {

const matcher::Taxonomy& ShippedTaxonomy();
const matcher::ReferenceData& ShippedReference();

// A fixture with the shipped data and a match model over it.
class ShippedModelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite();

  static inline const matcher::Taxonomy* taxonomy_ = nullptr;
  static inline const matcher::ReferenceData* reference_ = nullptr;
  static inline const matcher::ProfileCompiler* compiler_ = nullptr;
  static inline const matcher::MatchModel* model_ = nullptr;
};

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SHIPPED_DATA_H_
