#!/usr/bin/env bash
# Windows: the library and the psutil CLI built for x86_64-pc-windows-gnu with Debian's mingw-w64, its unit
# tests, the portable api_* tests and the Windows tests (tests/windows_*.rs) run under
# Debian's Wine (runner scripts/wine/run.sh, prefix made once under target/wine/ by
# scripts/wine/prefix.sh), and clippy for the gnu and MSVC targets (MSVC can be checked,
# not linked, here). The host tools' view of the same facts goes to oracle files that the
# Windows tests read through Wine's Z: drive. No Wine process is left behind.
set -uo pipefail
. scripts/test.d/lib.sh.inc

for target in x86_64-pc-windows-gnu x86_64-pc-windows-msvc; do
  rustup target list --installed 2>/dev/null | grep -qx "$target" || rustup target add "$target" \
    || { loud "rustup refused to add $target: the Windows step is SKIPPED"; exit 0; }
done

tests=(--lib)
for f in crates/psutil/tests/windows_*.rs crates/psutil/tests/api_*.rs; do
  [ -f "$f" ] && tests+=(--test "$(basename "$f" .rs)")
done
run cargo clippy -p psutil-rs --locked --target x86_64-pc-windows-msvc --lib -- -D warnings
run cargo clippy -p psutil-rs --locked --target x86_64-pc-windows-gnu "${tests[@]}" -- -D warnings

prefix=$(bash scripts/wine/prefix.sh)
case $? in
  0) ;;
  3) loud "installing Wine or mingw-w64 was refused: the tests under Wine are SKIPPED"; finish ;;
  *) loud "the Wine prefix could not be made: the tests under Wine FAIL"; failures+=("wine prefix"); finish ;;
esac
oracle=$PWD/target/wine/oracle
mkdir -p "$oracle"
df -B1 --output=size,avail "$prefix/drive_c" > "$oracle/df_c.txt"
export PSUTIL_RS_WINE_ORACLE="Z:${oracle//\//\\}"
export WINEPREFIX=$prefix WINEDEBUG=-all
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$PWD/scripts/wine/run.sh
wineserver -p >/dev/null 2>&1   # one server for every test binary
trap 'wineserver -k 2>/dev/null; wineserver -w 2>/dev/null' EXIT
# Wine's own services start with the first program; started here with no terminal or pipe,
# they cannot hold a test's output pipe open (rustdoc would wait for it).
timeout 120 wine cmd /c exit </dev/null >/dev/null 2>&1
run timeout 900 cargo test -p psutil-rs --locked --no-fail-fast --target x86_64-pc-windows-gnu "${tests[@]}"
# The doc examples of the Windows-only API (os::windows). The portable examples are
# written for Unix hosts (they spawn `true`, `sleep`, read uids): 61 of them fail under
# Wine, so they run on Linux only (docs/coverage.md, Windows section).
# The doctests start some forty Wine processes side by side. Once (2026-12-07) one of them
# exited 1 printing nothing at all: no panic, no error from its `main` (both print), so
# Wine itself, whose messages are off here. A failed doc run is run once more, loudly;
# the step passes only if that second run passes in full.
doc_tests() { timeout 900 cargo test -p psutil-rs --locked --doc --target x86_64-pc-windows-gnu -- os::windows; }
if ! doc_tests; then
  loud "the Windows doctests failed under Wine (output above): running them once more"
  run doc_tests
fi

# The CLI for Windows under Wine, against the host (scripts/wine/check_cli.py).
if cargo build -p psutil-cli --locked --target x86_64-pc-windows-gnu; then
  exe=target/x86_64-pc-windows-gnu/debug/psutil.exe
  for c in free df winservices ps; do
    timeout 60 wine "$exe" "$c" --json > "$oracle/$c.json" 2> "$oracle/$c.err" < /dev/null
  done
  timeout 60 wine "$exe" winservices > "$oracle/winservices.txt" 2>> "$oracle/winservices.err" < /dev/null
  run python3 scripts/wine/check_cli.py "$oracle"
else
  failures+=("psutil CLI build for x86_64-pc-windows-gnu")
fi
finish
