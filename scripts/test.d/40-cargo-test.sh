#!/usr/bin/env bash
# Unit, fixture, property, live and doc tests of the whole workspace, with two login
# records open (scripts/test-login.py) so that users() has rows to compare with `who`.
set -uo pipefail
eval "$(python3 scripts/test-login.py open --pid $$)"
trap 'python3 scripts/test-login.py close' EXIT
trap 'exit 143' TERM INT  # a timeout's signal still closes them
cargo test --workspace --locked
