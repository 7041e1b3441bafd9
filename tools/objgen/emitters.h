// emitters.h: the pieces of objgen's output, each printed from the model (model.h).
//
//   GenerateHeader  <base>.obj.h: the classes (emit_header.cc), their accessors
//                   (emit_accessors.cc) and reps, inline;
//   GenerateSource  <base>.obj.cc: default instances, copying on write, protobuf interop,
//                   equality, the reflection table (emit_source.cc) and WriteJson
//                   (emit_json.cc).
//
// Output is deterministic: it depends only on the descriptors and the namespace.
#ifndef PAYSIM_TOOLS_OBJGEN_EMITTERS_H_
#define PAYSIM_TOOLS_OBJGEN_EMITTERS_H_

#include <string>

#include "tools/objgen/code_printer.h"
#include "tools/objgen/model.h"

namespace paysim {
namespace objgen {

std::string GenerateHeader(const FileModel& file);
std::string GenerateSource(const FileModel& file);

// The variables of one field's templates: cls, name, member, type, word, mask, index,
// proto_name, and for oneof members oneof, case, case_enum.
Vars FieldVars(const MessageModel& message, const FieldModel& field);

// Accessor declarations (inside the class) and inline definitions (after the reps).
void DeclareAccessors(const MessageModel& message, const FieldModel& field, CodePrinter& p);
void DefineAccessors(const MessageModel& message, const FieldModel& field, CodePrinter& p);
void DeclareOneof(const MessageModel& message, CodePrinter& p);
void DefineOneof(const MessageModel& message, CodePrinter& p);

// The definition of M::WriteJson.
void EmitWriteJson(const MessageModel& message, CodePrinter& p);

}  // namespace objgen
}  // namespace paysim

#endif  // PAYSIM_TOOLS_OBJGEN_EMITTERS_H_
