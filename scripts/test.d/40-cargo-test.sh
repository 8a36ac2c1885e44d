#!/usr/bin/env bash
# Unit, fixture, property, live and doc tests of the whole workspace, on a machine given
# login records, swap in use and a veth pair (machine.sh.inc).
set -uo pipefail
. scripts/test.d/machine.sh.inc
cargo test --workspace --locked
