# PaysimDependencies.cmake: Debian 12's packages, found through their own CMake configs
# (Abseil, GoogleTest, Benchmark, nlohmann-json) or CMake's modules (protobuf 3.21, OpenSSL,
# Boost headers). Nothing is downloaded. The same list, for users of an installed paysim, is in
# paysimConfig.cmake.in.
find_package(Threads REQUIRED)
find_package(absl REQUIRED)
find_package(Protobuf REQUIRED)           # protobuf::libprotobuf, protobuf::protoc
find_package(nlohmann_json REQUIRED)
find_package(OpenSSL REQUIRED)            # OpenSSL::Crypto (HMAC), OpenSSL::SSL (https webhooks)
find_package(Boost 1.74 REQUIRED)         # Boost::headers: Beast and Asio, header-only
find_package(GTest REQUIRED)              # paysim::testing (always built) and the tests
if(PAYSIM_BUILD_BENCHMARKS)
  find_package(benchmark REQUIRED)
endif()

# The Abseil libraries paysim's code uses (the twin of @system//:absl).
set(PAYSIM_ABSL
    absl::algorithm_container absl::base absl::cord absl::flat_hash_map absl::flat_hash_set
    absl::function_ref absl::hash absl::inlined_vector absl::node_hash_map absl::node_hash_set
    absl::optional absl::span absl::status absl::statusor absl::str_format absl::strings
    absl::synchronization absl::time)
# Abseil's flags, for the command line (the twin of @system//:absl_flags).
set(PAYSIM_ABSL_FLAGS absl::flags absl::flags_parse absl::flags_reflection absl::flags_usage)
