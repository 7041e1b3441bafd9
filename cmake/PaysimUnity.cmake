# PaysimUnity.cmake: unity builds of paysim's libraries.
#
#   paysim_unity_build(<target>...)
#
# With PAYSIM_UNITY_BUILD (ON by default), each <target>'s sources are compiled 16 to a
# translation unit (CMake's UNITY_BUILD): the headers, the precompiled ones included, are loaded
# and their templates instantiated once per batch instead of once per file. Measured on CI's
# CMake stage (clang 14, TSan, -O0, 2 cores): the engine, the CLI and the concurrency test build
# in 203 s instead of 327 s. Bazel builds file by file as before.
#
# A unity batch is one file to the compiler, so two sources of one target must not define the
# same name at file scope (anonymous namespaces included). Sources that do are compiled alone:
# mark them with SKIP_UNITY_BUILD_INCLUSION where the target is defined (engine/CMakeLists.txt,
# proto/ for protoc's files) or rename the clashing names. Turn it off with
# -DPAYSIM_UNITY_BUILD=OFF (faster rebuilds of one file while editing).
option(PAYSIM_UNITY_BUILD "Compile paysim's libraries as unity builds" ON)

function(paysim_unity_build)
  if(NOT PAYSIM_UNITY_BUILD)
    return()
  endif()
  foreach(target IN LISTS ARGN)
    set_target_properties(${target} PROPERTIES UNITY_BUILD ON UNITY_BUILD_BATCH_SIZE 16)
  endforeach()
endfunction()
