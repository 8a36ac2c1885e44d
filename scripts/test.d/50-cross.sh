#!/usr/bin/env bash
# The library, the `psutil` tool and the Python extension compile, clippy-clean, for
# targets not run here (the library also runs under Wine in 56-windows; the extension's
# Windows builds, gnu and MSVC, are checked only here). The extension is pyo3 abi3:
# PYO3_NO_PYTHON lets it be checked with no Python of the target at hand.
set -uo pipefail
. scripts/test.d/lib.sh.inc
for target in x86_64-pc-windows-msvc x86_64-pc-windows-gnu x86_64-apple-darwin x86_64-unknown-freebsd; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"; then
    run env PYO3_NO_PYTHON=1 cargo clippy --locked -p psutil-rs -p psutil-cli -p psutil-rs-py \
      --target "$target" -- -D warnings
    # The portable test suite (tests/api_*.rs) builds for Windows, where Wine will run it.
    if [ "$target" = x86_64-pc-windows-msvc ]; then
      run cargo clippy --locked -p psutil-rs --tests --target "$target" -- -D warnings
    fi
  else
    loud "rustup refused to add $target: its cross-check is SKIPPED"
  fi
done
finish
