#!/usr/bin/env bash
# Unit, fixture, property, live and doc tests of the whole workspace, with two login
# records open (scripts/test-login.py) and swap in use (scripts/test-swap.py), so that
# users() and the swap values have something to compare besides empty lists and zeros.
set -uo pipefail
eval "$(python3 scripts/test-login.py open --pid $$)"
eval "$(python3 scripts/test-swap.py on)"
trap 'python3 scripts/test-swap.py off; python3 scripts/test-login.py close' EXIT
trap 'exit 143' TERM INT  # a timeout's signal still undoes them
cargo test --workspace --locked
