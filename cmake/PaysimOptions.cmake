# PaysimOptions.cmake: paysim_options, the INTERFACE target every paysim library links PUBLIC
# (exported as paysim::options), carrying what its users need too:
#   - C++17 and the include roots: the source root and PAYSIM_GEN_DIR in the build tree,
#     <prefix>/include/paysim once installed ("engine/engine.h", "proto/charge.pb.h");
#   - with PAYSIM_SANITIZER=thread, .bazelrc's --config=tsan: -fsanitize=thread on every
#     compile and link, and third_party/tsan's absl::Mutex annotations linked whole into every
#     executable (Debian's Abseil is not instrumented; see absl_mutex_annotations.cc). Users
#     of an installed TSan build get the same, so their tests link and run under TSan too.
#     Optimization stays the build type's: CI configures -O0, as --config=tsan does.
# Warnings Bazel silences (--cxxopt=-Wno-deprecated-declarations) are silenced for paysim's
# own sources only.
add_library(paysim_options INTERFACE)
add_library(paysim::options ALIAS paysim_options)
set_target_properties(paysim_options PROPERTIES EXPORT_NAME options)
target_compile_features(paysim_options INTERFACE cxx_std_17)
target_include_directories(paysim_options INTERFACE
    "$<BUILD_INTERFACE:${PAYSIM_SOURCE_DIR}>"
    "$<BUILD_INTERFACE:${PAYSIM_GEN_DIR}>"
    "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}/paysim>")
target_compile_options(paysim_options INTERFACE
    "$<BUILD_INTERFACE:-Wno-deprecated-declarations>")
target_link_libraries(paysim_options INTERFACE Threads::Threads)

if(PAYSIM_SANITIZER STREQUAL "thread")
  set(PAYSIM_TSAN_FLAGS -fsanitize=thread -fno-omit-frame-pointer)
  target_compile_options(paysim_options INTERFACE ${PAYSIM_TSAN_FLAGS})
  target_link_options(paysim_options INTERFACE -fsanitize=thread)
  # third_party/tsan/CMakeLists.txt defines paysim_tsan_annotations. (Named per tree: export
  # does not rename targets inside $<LINK_LIBRARY>.)
  target_link_libraries(paysim_options INTERFACE
      "$<BUILD_INTERFACE:$<LINK_LIBRARY:WHOLE_ARCHIVE,paysim_tsan_annotations>>"
      "$<INSTALL_INTERFACE:$<LINK_LIBRARY:WHOLE_ARCHIVE,paysim::tsan_annotations>>")
  # .bazelrc's --test_env for --config=tsan.
  set(PAYSIM_TEST_ENVIRONMENT "TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1")
elseif(NOT PAYSIM_SANITIZER STREQUAL "")
  message(FATAL_ERROR "PAYSIM_SANITIZER: \"${PAYSIM_SANITIZER}\" is not \"\" or \"thread\"")
endif()
