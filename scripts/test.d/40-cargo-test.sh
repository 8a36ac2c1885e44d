#!/usr/bin/env bash
# Unit, fixture, property, live and doc tests of the whole workspace.
set -uo pipefail
exec cargo test --workspace --locked
