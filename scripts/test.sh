#!/usr/bin/env bash
# Runs every test of psutil-rs: formatting, lints, unit/fixture/property/live tests,
# the cross-target builds, and (when present) the Python module's suites.
# Installs what it needs; an install that is refused is reported loudly and skipped.
set -uo pipefail
cd "$(dirname "$0")/.."

failures=()
step() { printf '\n==> %s\n' "$*"; }
loud() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' "$*" >&2; }
run() { "$@" || failures+=("$*"); }

step "system tools the live tests compare against"
bash scripts/install-test-deps.sh || loud "installing the test tools failed: live tests may fail"

step "cargo fmt --check"
run cargo fmt --all -- --check

step "cargo clippy (all targets, -D warnings)"
run cargo clippy --workspace --all-targets --locked -- -D warnings

step "cargo test"
run cargo test --workspace --locked

step "cross-target checks"
for target in x86_64-pc-windows-msvc x86_64-apple-darwin x86_64-unknown-freebsd; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"; then
    run cargo check -p psutil-rs --locked --target "$target"
  else
    loud "rustup refused to add $target: its cross-check is SKIPPED"
  fi
done

if [ -x scripts/test-python.sh ]; then
  step "Python module"
  run bash scripts/test-python.sh
fi

if [ ${#failures[@]} -gt 0 ]; then
  printf '\nFAILED steps:\n' >&2
  printf '  %s\n' "${failures[@]}" >&2
  exit 1
fi
printf '\nall test steps passed\n'
