"""paysim_scenario_test: a scenario file run as a Bazel test."""

def paysim_scenario_test(name, src):
    """Runs `src` (a .textproto scenario) with //scenarios:scenario_test.

    Every scenario test runs the same binary (it writes the gtest XML Bazel asks for), so a
    new scenario adds a target but no link.

    Args:
      name: the test's name.
      src: the scenario file in this package.
    """
    native.sh_test(
        name = name,
        srcs = ["//scenarios:run_scenario.sh"],
        args = ["$(rootpath //scenarios:scenario_test)", "$(rootpath %s)" % src],
        data = ["//scenarios:scenario_test", src],
        size = "small",
    )
