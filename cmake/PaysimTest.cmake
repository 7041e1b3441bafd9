# PaysimTest.cmake: one GoogleTest binary registered as one ctest test (the cc_test twin).
#
#   paysim_test(<name> SRCS <file>... [DEPS <target>...] [NO_MAIN])
#
# Builds executable <name> from SRCS, linked with DEPS and GoogleMock's main (NO_MAIN: the
# sources have their own main), and registers test `<dir>.<name>` (`engine.charges_test`,
# `engine/wire.wire_test`), run from the source root as Bazel runs tests from the workspace
# root, so paths such as "engine/wire/testdata/wire_golden.txt" and "scenarios" resolve.
# One ctest test per binary, as Bazel has one test per cc_test; gtest_discover_tests would run
# every binary once more at build time to list its cases.
# GoogleTest reads GTEST_OUTPUT from the environment: `GTEST_OUTPUT=xml:DIR/ ctest` writes
# DIR/<name>.xml per binary.
function(paysim_test name)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_MAIN" "" "SRCS;DEPS")
  add_executable(${name} ${arg_SRCS})
  target_link_libraries(${name} PRIVATE ${arg_DEPS} GTest::gmock)
  if(NOT arg_NO_MAIN)
    target_link_libraries(${name} PRIVATE GTest::gmock_main)
  endif()
  file(RELATIVE_PATH dir "${PAYSIM_SOURCE_DIR}" "${CMAKE_CURRENT_SOURCE_DIR}")
  add_test(NAME "${dir}.${name}" COMMAND ${name} WORKING_DIRECTORY "${PAYSIM_SOURCE_DIR}")
  set_tests_properties("${dir}.${name}" PROPERTIES ENVIRONMENT "${PAYSIM_TEST_ENVIRONMENT}")
endfunction()
