#!/usr/bin/env bash
# The not-supported backend, compiled on this host under `--cfg psutil_unsupported` (in its
# own target dir, so the main build cache stays valid): the backend contract in
# crates/psutil/src/sys/mod.rs is checked against it even where `rustup target add` fails.
set -uo pipefail
. scripts/test.d/lib.sh.inc
export RUSTFLAGS="--cfg psutil_unsupported"
dir=target/psutil-unsupported
run cargo check -p psutil-rs --lib --locked --target-dir "$dir"
run cargo clippy -p psutil-rs --lib --locked --target-dir "$dir" -- -D warnings
finish
