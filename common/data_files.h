// Where passend finds its taxonomy and reference data unless told otherwise:
// the data/ folder of the source tree it was built from.
#ifndef PASSEND_COMMON_DATA_FILES_H_
#define PASSEND_COMMON_DATA_FILES_H_

#include <string>

namespace passend {

inline std::string DefaultReferenceDataDir() { return PASSEND_DATA_DIR; }
inline std::string DefaultTaxonomyFile() {
  return DefaultReferenceDataDir() + "/taxonomy.textproto";
}

}  // namespace passend

#endif  // PASSEND_COMMON_DATA_FILES_H_
