// random_proto.h: seeded random protobuf messages for the generated objects' tests, filled by
// reflection: presence fields set or not, strings empty, long, non-ASCII, invalid UTF-8 or full
// of characters JSON escapes, extreme numbers (NaN and infinities too), repeated fields, maps,
// the oneof. A failure replays from its seed.
#ifndef PAYSIM_TOOLS_OBJGEN_RANDOM_PROTO_H_
#define PAYSIM_TOOLS_OBJGEN_RANDOM_PROTO_H_

#include <cstdint>
#include <random>
#include <string>

#include "google/protobuf/message.h"

namespace paysim {
namespace objgen {

class RandomProto {
 public:
  struct Options {
    // Strings are valid UTF-8 (protobuf refuses to parse proto3 strings that are not).
    bool valid_utf8 = false;
    // Messages nested deeper than this are left unset.
    int max_depth = 5;
  };

  RandomProto(uint32_t seed, Options options) : random_(seed), options_(options) {}

  // Sets a random subset of `message`'s fields (it is cleared first). Neither this nor
  // MutateOne touches a field numbered 5000-5999: always null, objects cannot hold a value.
  void Fill(google::protobuf::Message* message) { FillAt(message, 0); }

  // Changes one random field of `message` (possibly deep inside a sub-message): sets, clears,
  // adds or removes an element or entry.
  void MutateOne(google::protobuf::Message* message);

 private:
  void FillAt(google::protobuf::Message* message, int depth);
  void SetField(google::protobuf::Message* message, const google::protobuf::FieldDescriptor* field,
                int depth);
  void AddElement(google::protobuf::Message* message,
                  const google::protobuf::FieldDescriptor* field, int depth);
  std::string String(const google::protobuf::FieldDescriptor* field);
  int64_t Int64();
  double Double();
  bool OneIn(int n) { return Uniform(n) == 0; }
  int Uniform(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::mt19937 random_;
  Options options_;
};

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_RANDOM_PROTO_H_
