#!/usr/bin/env bash
# run_scenario.sh BINARY SCENARIO: the test body of every paysim_scenario_test (scenario.bzl).
exec "$1" "$2"
