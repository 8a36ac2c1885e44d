#!/usr/bin/env bash
# The macOS and FreeBSD backends cross-checked (they cannot link or run here: check and
# clippy are the ceiling), and the not-supported backend on NetBSD and illumos. The
# backends' pure decoders run as unit tests on Linux in 40-cargo-test (sys::unix::bsd,
# sys::macos, sys::freebsd). The CLI and the Python extension are clippy-checked for
# x86_64-apple-darwin and x86_64-unknown-freebsd by 50-cross; here for aarch64-apple-darwin.
# Benches are Linux-only programs and are not checked.
set -uo pipefail
. scripts/test.d/lib.sh.inc
# A target whose standard library is in the toolchain counts as installed (rustup's own
# list can miss one that another process added); else rustup adds it.
have_target() {
  compgen -G "$(rustc --print sysroot)/lib/rustlib/$1/lib/libstd-*.rlib" >/dev/null \
    || rustup target list --installed 2>/dev/null | grep -qx "$1" || rustup target add "$1"
}
for target in x86_64-apple-darwin aarch64-apple-darwin x86_64-unknown-freebsd; do
  if have_target "$target"; then
    run cargo check -p psutil-rs --lib --tests --locked --target "$target"
    run cargo clippy -p psutil-rs --lib --tests --locked --target "$target" -- -D warnings
    if [ "$target" = aarch64-apple-darwin ]; then
      run env PYO3_NO_PYTHON=1 cargo clippy --locked -p psutil-cli -p psutil-rs-py --target "$target" -- -D warnings
    fi
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
