#include "engine/internal/idempotency.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace paysim {

const IdempotencyCache::Entry* IdempotencyCache::Find(absl::string_view key) const {
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : &it->second;
}

void IdempotencyCache::Store(std::string key, Entry entry) {
  entries_.insert_or_assign(std::move(key), std::move(entry));
}

void IdempotencyCache::Expire(absl::string_view key, absl::Time now) {
  auto it = entries_.find(key);
  if (it != entries_.end() && it->second.created + kIdempotencyKeyLifetime <= now) {
    entries_.erase(it);
  }
}

std::string RequestFingerprint(absl::string_view endpoint,
                               const google::protobuf::Message& params) {
  std::string out = absl::StrCat(endpoint, "\n");
  {
    google::protobuf::io::StringOutputStream stream(&out);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);  // map order fixed
    params.SerializeToCodedStream(&coded);
  }
  return out;
}

}  // namespace paysim
