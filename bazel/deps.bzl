"""paysim_dependencies(): every repository paysim's targets need, for paysim and its users.

paysim builds offline from Debian's packages (see third_party/README.md): what Bazel 4.2.3 would
download is a local stand-in, and Debian's libraries under /usr are one repository, @system.
paysim's own WORKSPACE calls this macro, and so does a workspace that uses paysim as an external
repository, which must be named `paysim`:

    local_repository(name = "paysim", path = "../paysim")   # or an archive of it
    load("@paysim//bazel:deps.bzl", "paysim_dependencies")
    paysim_dependencies()

Its tests then depend on `@paysim//engine` and `@paysim//testing:paysim_testing`, and on
`@system//:gtest_main` for a main(). A repository that the workspace declared before the call
(same name) is kept, and paysim builds against it.
"""

load("@bazel_tools//tools/build_defs/repo:utils.bzl", "maybe")
load("//bazel:source_directory.bzl", "source_directory")

def paysim_dependencies():
    """Declares @rules_cc, @rules_java, @remote_coverage_tools and @system, unless declared."""

    # Bazel's C++ rules as a re-export of the native ones (Debian's rules_cc is too new for 4.2.3).
    maybe(
        source_directory,
        name = "rules_cc",
        build_file = Label("//third_party/rules_cc:BUILD"),
    )

    # Debian's bazel-rules-java (./bazelw installs it).
    maybe(
        native.local_repository,
        name = "rules_java",
        path = "/usr/share/bazel/rules/java",
    )

    # Two empty filegroups: Bazel asks for them, paysim measures coverage outside Bazel.
    maybe(
        source_directory,
        name = "remote_coverage_tools",
        build_file = Label("//third_party/remote_coverage_tools:BUILD"),
    )

    # Debian's libraries (Abseil, protobuf, GoogleTest, Benchmark, nlohmann-json, OpenSSL, Boost).
    maybe(
        native.new_local_repository,
        name = "system",
        build_file = str(Label("//third_party/system:system.BUILD")),
        path = "/usr",
    )
