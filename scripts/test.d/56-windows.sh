#!/usr/bin/env bash
# Windows: the library's tests built for x86_64-pc-windows-gnu with Debian's mingw-w64 and
# run under Debian's Wine (runner scripts/wine/run.sh, prefix made once by
# scripts/wine/prefix.sh under target/wine/), plus check and clippy for the MSVC target,
# which can be checked but not linked here. No Wine process is left behind.
set -uo pipefail
. scripts/test.d/lib.sh.inc

for target in x86_64-pc-windows-gnu x86_64-pc-windows-msvc; do
  rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" \
    || { loud "rustup refused to add $target: the Windows step is SKIPPED"; exit 0; }
done

run cargo clippy -p psutil-rs --all-targets --locked --target x86_64-pc-windows-msvc -- -D warnings
run cargo clippy -p psutil-rs --all-targets --locked --target x86_64-pc-windows-gnu -- -D warnings

prefix=$(bash scripts/wine/prefix.sh)
case $? in
  0) ;;
  3) loud "installing Wine or mingw-w64 was refused: the tests under Wine are SKIPPED"; finish ;;
  *) loud "the Wine prefix could not be made: the tests under Wine FAIL"; failures+=("wine prefix"); finish ;;
esac
export WINEPREFIX=$prefix WINEDEBUG=-all
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$PWD/scripts/wine/run.sh
wineserver -p 2>/dev/null   # one server for every test binary
trap 'wineserver -k 2>/dev/null; wineserver -w 2>/dev/null' EXIT
run cargo test -p psutil-rs --locked --target x86_64-pc-windows-gnu
trap - EXIT
wineserver -k 2>/dev/null; wineserver -w 2>/dev/null
finish
