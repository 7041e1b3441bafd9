// objgen: generates paysim's copy-on-write object classes for one .proto file.
//
// Usage:
//   protoc --include_imports --include_source_info --descriptor_set_out=set.pb proto/charge.proto
//   objgen --descriptor_set=set.pb --proto=proto/charge.proto --namespace=paysim
//       --out_h=proto/charge.obj.h --out_cc=proto/charge.obj.cc
//
// The classes are in --namespace; the protobuf classes they convert to and from are protoc's
// for the same file (C++ namespace from the proto package). Imported files' objects are taken
// to be generated into the same --namespace, with headers named <base>.obj.h.
// Exit status 0 on success; 1 with a message on stderr for bad flags, unreadable input or a
// construct objgen does not support (see model.h).
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "tools/objgen/emitters.h"
#include "tools/objgen/model.h"

namespace {

int Fail(const std::string& message) {
  std::cerr << "objgen: " << message << "\n";
  return 1;
}

bool ReadFile(const std::string& path, std::string* contents) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream buffer;
  buffer << in.rdbuf();
  *contents = buffer.str();
  return true;
}

bool WriteFile(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  return static_cast<bool>(out);
}

}  // namespace

int main(int argc, char** argv) {
  const char* kFlags[] = {"descriptor_set", "proto", "namespace", "out_h", "out_cc"};
  std::map<std::string, std::string> flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    if (arg.rfind("--", 0) != 0 || eq == std::string::npos) return Fail("bad argument: " + arg);
    flags[arg.substr(2, eq - 2)] = arg.substr(eq + 1);
  }
  for (const char* name : kFlags) {
    if (flags[name].empty()) return Fail(std::string("missing --") + name + "=");
  }
  if (flags.size() != sizeof(kFlags) / sizeof(kFlags[0])) return Fail("unknown flag");

  std::string bytes;
  if (!ReadFile(flags["descriptor_set"], &bytes)) {
    return Fail("cannot read " + flags["descriptor_set"]);
  }
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromString(bytes)) return Fail("not a FileDescriptorSet: " + flags["descriptor_set"]);
  google::protobuf::DescriptorPool pool;
  for (const auto& file : set.file()) {
    if (pool.BuildFile(file) == nullptr) return Fail("cannot build " + file.name());
  }
  const google::protobuf::FileDescriptor* file = pool.FindFileByName(flags["proto"]);
  if (file == nullptr) return Fail(flags["proto"] + " is not in the descriptor set");

  paysim::objgen::FileModel model;
  std::string error;
  if (!paysim::objgen::BuildFileModel(file, flags["namespace"], &model, &error)) {
    return Fail(error);
  }
  if (!WriteFile(flags["out_h"], paysim::objgen::GenerateHeader(model)) ||
      !WriteFile(flags["out_cc"], paysim::objgen::GenerateSource(model))) {
    return Fail("cannot write the output files");
  }
  return 0;
}
