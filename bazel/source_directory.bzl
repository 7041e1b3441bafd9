"""source_directory: a repository made of a directory of paysim's own tree, found by label.

local_repository() takes a path relative to the *main* workspace, which is paysim's root only
when paysim is the main repository. This rule finds the directory through a label instead, so
the same declaration works in paysim's WORKSPACE and in a workspace that uses paysim as the
external repository @paysim.
"""

def _source_directory_impl(rctx):
    directory = rctx.path(rctx.attr.build_file).dirname
    for entry in directory.readdir():
        if entry.basename not in ("BUILD", "BUILD.bazel", "WORKSPACE"):
            rctx.symlink(entry, entry.basename)
    rctx.symlink(rctx.attr.build_file, "BUILD.bazel")
    rctx.file("WORKSPACE", "workspace(name = \"%s\")\n" % rctx.name)

source_directory = repository_rule(
    implementation = _source_directory_impl,
    attrs = {
        "build_file": attr.label(
            mandatory = True,
            allow_single_file = True,
            doc = "The BUILD file at the root of the directory; the repository is that " +
                  "directory, its subdirectories (with their own BUILD files) included.",
        ),
    },
    doc = "Symlinks the directory holding `build_file` into a repository of its own.",
)
