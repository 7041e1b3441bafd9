# PaysimPch.cmake: precompiled headers, as Bazel's //engine:deps_pch (bazel/pch.bzl).
#
#   paysim_precompile_headers(<target>)
#
# With PAYSIM_PRECOMPILED_HEADERS (ON by default), <target>'s sources are compiled with the
# headers that engine/pch_includes.bzl lists (the generated proto and object headers, Abseil,
# protobuf) precompiled once: most of an engine file's compile time is parsing them. The list
# is read from that .bzl file, so Bazel and CMake precompile the same headers.
function(paysim_precompile_headers target)
  if(NOT PAYSIM_PRECOMPILED_HEADERS)
    return()
  endif()
  set(list_file "${PAYSIM_SOURCE_DIR}/engine/pch_includes.bzl")
  set_property(DIRECTORY "${PAYSIM_SOURCE_DIR}" APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS
      "${list_file}")
  # Lines such as    "<vector>",    and    "\"proto/charge.obj.h\"",
  file(STRINGS "${list_file}" lines REGEX "^    \"(<|\\\\\").*\",$")
  set(headers)
  foreach(line IN LISTS lines)
    string(REGEX REPLACE "^    \"(.*)\",$" "\\1" header "${line}")
    string(REPLACE "\\\"" "\"" header "${header}")
    list(APPEND headers "${header}")
  endforeach()
  if(NOT headers)
    message(FATAL_ERROR "paysim_precompile_headers: no headers read from ${list_file}")
  endif()
  target_precompile_headers(${target} PRIVATE ${headers})
endfunction()

#   paysim_reuse_precompiled_headers(<target>...)
#
# The engine's precompiled headers (above) for targets built on the engine (the wire layer, the
# webhooks, the CLI, the testing libraries), as Bazel's `pch = "//engine:deps_pch"` on theirs:
# precompiled once, not once per target. Their compile flags are the engine's.
function(paysim_reuse_precompiled_headers)
  if(NOT PAYSIM_PRECOMPILED_HEADERS)
    return()
  endif()
  foreach(target IN LISTS ARGN)
    target_precompile_headers(${target} REUSE_FROM paysim_engine)
  endforeach()
endfunction()
