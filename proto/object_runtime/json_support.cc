#include "proto/object_runtime/json_support.h"

#include "nlohmann/json.hpp"

namespace paysim {
namespace obj {
namespace internal {

void WriteJsonMap(JsonWriter& out, const StringMap& map) {
  out.BeginObject();
  for (const auto& entry : map) {
    out.Key(entry.first);
    out.String(entry.second);
  }
  out.EndObject();
}

void WriteJsonStrings(JsonWriter& out, const Repeated<std::string>& strings) {
  out.BeginArray();
  for (const std::string& s : strings) out.String(s);
  out.EndArray();
}

void WriteJsonText(JsonWriter& out, const std::string& text) {
  out.Value(nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false));
}

}  // namespace internal
}  // namespace obj
}  // namespace paysim
