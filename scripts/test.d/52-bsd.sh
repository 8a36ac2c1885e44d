#!/usr/bin/env bash
# The macOS and FreeBSD backends cross-checked (they cannot link or run here: check and
# clippy are the ceiling), and the not-supported backend on NetBSD and illumos. The
# backends' pure decoders run as unit tests on Linux in 40-cargo-test (sys::unix::bsd,
# sys::macos, sys::freebsd). Benches are Linux-only programs and are not checked here;
# the CLI and the Python extension do not compile for these targets yet (Linux-only
# extension traits and signal tables: see docs/coverage.md), so they are not checked.
set -uo pipefail
. scripts/test.d/lib.sh.inc
have_target() {
  rustup target list --installed 2>/dev/null | grep -qx "$1" || rustup target add "$1"
}
for target in x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd; do
  if have_target "$target"; then
    run cargo check -p psutil-rs --lib --tests --locked --target "$target"
    run cargo clippy -p psutil-rs --lib --tests --locked --target "$target" -- -D warnings
  else
    loud "rustup refused to add $target: its cross-check is SKIPPED"
  fi
done
for target in x86_64-unknown-netbsd x86_64-unknown-illumos; do
  if have_target "$target"; then
    run cargo check -p psutil-rs --lib --locked --target "$target"
  else
    loud "rustup refused to add $target: its cross-check is SKIPPED"
  fi
done
finish
