# PaysimProto.cmake: the CMake twin of proto/proto.bzl.
#
#   paysim_proto(SRCS_VAR <file>.proto [DEPS <other>.proto ...])
#   paysim_object_proto(SRCS_VAR <file>.proto NAMESPACE <ns> [DEPS <other>.proto ...])
#
# Both append the generated sources (headers included) to the caller's list SRCS_VAR; the
# caller puts them in a library. Files are named relative to the current source directory and
# generated under the same relative path in PAYSIM_GEN_DIR, so `#include "proto/charge.pb.h"`
# works with PAYSIM_GEN_DIR on the include path, as with Bazel's $(GENDIR).
#
# The commands are proto.bzl's, run from the source root with the same arguments:
#   protoc --proto_path=. --proto_path=GEN --cpp_out=GEN proto/charge.proto
#   protoc --proto_path=. --proto_path=GEN --include_imports --include_source_info
#          --descriptor_set_out=D proto/charge.proto
#   objgen --descriptor_set=D --proto=proto/charge.proto --namespace=NS --out_h=... --out_cc=...
# (D is kept in the build tree, proto/charge.descriptor_set, where Bazel uses a temporary file.)
#
# DEPS are the files `src` imports, each declared earlier by paysim_proto or
# paysim_object_proto; a change to any of them, directly or through their own DEPS, regenerates.
#
# REQUIRES: PAYSIM_SOURCE_DIR, PAYSIM_GEN_DIR, the imported target protobuf::protoc and, for
# paysim_object_proto, the executable target paysim_objgen (tools/objgen).

# _paysim_proto_closure(OUT rel_src DEPS...): rel_src and every file it imports (absolute paths).
function(_paysim_proto_closure out rel_src)
  set(closure "${PAYSIM_SOURCE_DIR}/${rel_src}")
  file(RELATIVE_PATH rel_dir "${PAYSIM_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  foreach(dep IN LISTS ARGN)
    get_property(dep_closure GLOBAL PROPERTY "PAYSIM_PROTO_CLOSURE_${rel_dir}/${dep}")
    if(NOT dep_closure)
      message(FATAL_ERROR "${rel_src}: dependency ${dep} is not declared before it")
    endif()
    list(APPEND closure ${dep_closure})
  endforeach()
  list(REMOVE_DUPLICATES closure)
  set_property(GLOBAL PROPERTY "PAYSIM_PROTO_CLOSURE_${rel_src}" "${closure}")
  set(${out} "${closure}" PARENT_SCOPE)
endfunction()

function(paysim_proto srcs_var src)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "" "DEPS")
  file(RELATIVE_PATH rel_src "${PAYSIM_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/${src}")
  string(REGEX REPLACE "\\.proto$" "" base "${rel_src}")
  _paysim_proto_closure(closure "${rel_src}" ${arg_DEPS})
  set(outs "${PAYSIM_GEN_DIR}/${base}.pb.h" "${PAYSIM_GEN_DIR}/${base}.pb.cc")
  add_custom_command(
    OUTPUT ${outs}
    COMMAND protobuf::protoc --proto_path=. "--proto_path=${PAYSIM_GEN_DIR}"
            "--cpp_out=${PAYSIM_GEN_DIR}" "${rel_src}"
    DEPENDS ${closure} protobuf::protoc
    WORKING_DIRECTORY "${PAYSIM_SOURCE_DIR}"
    COMMENT "protoc ${rel_src}"
    VERBATIM)
  # protoc's files define the same file-scope names (schemas, file_default_instances...): each
  # is compiled alone in a unity build (cmake/PaysimUnity.cmake). objgen's files are unity-safe.
  set_source_files_properties("${PAYSIM_GEN_DIR}/${base}.pb.cc" PROPERTIES
      SKIP_UNITY_BUILD_INCLUSION ON)
  set(${srcs_var} ${${srcs_var}} ${outs} PARENT_SCOPE)
endfunction()

function(paysim_object_proto srcs_var src)
  cmake_parse_arguments(PARSE_ARGV 2 arg "" "NAMESPACE" "DEPS")
  if(NOT arg_NAMESPACE)
    message(FATAL_ERROR "paysim_object_proto(${src}): NAMESPACE is required")
  endif()
  paysim_proto(pb_srcs "${src}" DEPS ${arg_DEPS})
  file(RELATIVE_PATH rel_src "${PAYSIM_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}/${src}")
  string(REGEX REPLACE "\\.proto$" "" base "${rel_src}")
  get_property(closure GLOBAL PROPERTY "PAYSIM_PROTO_CLOSURE_${rel_src}")
  set(descriptors "${PAYSIM_GEN_DIR}/${base}.descriptor_set")
  set(outs "${PAYSIM_GEN_DIR}/${base}.obj.h" "${PAYSIM_GEN_DIR}/${base}.obj.cc")
  add_custom_command(
    OUTPUT ${outs}
    BYPRODUCTS "${descriptors}"
    COMMAND protobuf::protoc --proto_path=. "--proto_path=${PAYSIM_GEN_DIR}" --include_imports
            --include_source_info "--descriptor_set_out=${descriptors}" "${rel_src}"
    COMMAND paysim_objgen "--descriptor_set=${descriptors}" "--proto=${rel_src}"
            "--namespace=${arg_NAMESPACE}" "--out_h=${PAYSIM_GEN_DIR}/${base}.obj.h"
            "--out_cc=${PAYSIM_GEN_DIR}/${base}.obj.cc"
    DEPENDS ${closure} protobuf::protoc paysim_objgen
    WORKING_DIRECTORY "${PAYSIM_SOURCE_DIR}"
    COMMENT "objgen ${rel_src}"
    VERBATIM)
  set(${srcs_var} ${${srcs_var}} ${pb_srcs} ${outs} PARENT_SCOPE)
endfunction()
