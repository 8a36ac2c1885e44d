#!/usr/bin/env bash
# The crates as a user gets them: psutil-rs packages and builds as crates.io would take
# it, its docs build without a warning, and the CLI installs with `cargo install`.
set -uo pipefail
. scripts/test.d/lib.sh.inc

t0=$SECONDS
# --allow-dirty: the check is about the package, and a developer may run it before
# committing; CI's checkout is clean either way.
run cargo publish --dry-run --locked --allow-dirty -p psutil-rs
printf 'cargo publish --dry-run: %d s\n' $((SECONDS - t0))

t0=$SECONDS
# As docs.rs builds them ([package.metadata.docs.rs]): every feature, both Linux targets.
for target in x86_64-unknown-linux-gnu aarch64-unknown-linux-gnu; do
  if rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target"; then
    RUSTDOCFLAGS="-D warnings" run cargo doc --locked --no-deps --all-features -p psutil-rs --target "$target"
  else
    loud "rustup refused to add $target: its docs are NOT checked"
  fi
done
printf 'cargo doc: %d s\n' $((SECONDS - t0))

t0=$SECONDS
# --debug and the workspace's target dir reuse step 40's build; installing is what is
# checked here, not the optimizer.
root=$(mktemp -d)
if run cargo install --locked --debug --path crates/psutil-cli --root "$root" --target-dir target; then
  out=$("$root/bin/psutil" free -b) || failures+=("the installed psutil free -b")
  grep -q '^Mem:' <<< "$out" || failures+=("the installed psutil printed no Mem row: $out")
  echo "$out"
fi
rm -rf "$root"
printf 'cargo install psutil-cli: %d s\n' $((SECONDS - t0))
# CPU time of everything this step ran (user, system): comparable across machine loads.
cpu=$(mktemp); times > "$cpu"  # not in a pipe: a subshell's children are not ours
printf 'CPU time of this step (children, user and system): %s\n' "$(tail -n1 "$cpu")"; rm -f "$cpu"
finish
