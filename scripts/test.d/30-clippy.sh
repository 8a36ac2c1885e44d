#!/usr/bin/env bash
# clippy on the host, every target kind, warnings are errors.
set -uo pipefail
exec cargo clippy --workspace --all-targets --locked -- -D warnings
