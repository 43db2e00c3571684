// The taxonomy and reference data shipped in data/, loaded once per test
// binary and shared by its tests (they never change them).
#ifndef PASSEND_TESTS_SHIPPED_DATA_H_
#define PASSEND_TESTS_SHIPPED_DATA_H_

#include "matcher/reference_data.h"
#include "matcher/taxonomy.h"

namespace passend::testing {

const matcher::Taxonomy& ShippedTaxonomy();
const matcher::ReferenceData& ShippedReference();

}  // namespace passend::testing

#endif  // PASSEND_TESTS_SHIPPED_DATA_H_
