#!/usr/bin/env bash
# The library compiles for the targets without a backend yet.
set -uo pipefail
. scripts/test.d/lib.sh.inc
for target in x86_64-pc-windows-msvc x86_64-apple-darwin x86_64-unknown-freebsd; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"; then
    run cargo check -p psutil-rs --locked --target "$target"
  else
    loud "rustup refused to add $target: its cross-check is SKIPPED"
  fi
done
finish
