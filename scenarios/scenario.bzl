"""paysim_scenario_test: a scenario file run as a Bazel test."""

def paysim_scenario_test(name, src):
    """Runs `src` (a .textproto scenario) with //scenarios:scenario_test_main.

    Args:
      name: the test's name.
      src: the scenario file in this package.
    """
    native.cc_test(
        name = name,
        deps = ["//scenarios:scenario_test_main"],
        args = ["$(location %s)" % src],
        data = [src],
        size = "small",
    )
