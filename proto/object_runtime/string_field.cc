#include "proto/object_runtime/string_field.h"

namespace paysim {
namespace obj {
namespace internal {

// Before every default-priority static initializer, so that a static object built anywhere in
// the program reads "" from it. Never destroyed (Immortal).
__attribute__((init_priority(101))) Immortal<StringNode> empty_string_node(kImmortal,
                                                                          absl::string_view());

}  // namespace internal
}  // namespace obj
}  // namespace paysim
