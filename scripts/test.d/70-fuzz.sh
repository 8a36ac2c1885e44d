#!/usr/bin/env bash
# Fuzz smoke run: builds every cargo-fuzz target of fuzz/ once (AddressSanitizer, debug
# assertions), seeds the corpora from the fixture trees and this machine's /proc and /sys,
# then runs each target for FUZZ_SECONDS (default 3) and prints its execution count. Any
# crash, leak, OOM or timeout fails the step. The long run is fuzz/long_run.sh.
# cargo-fuzz needs nightly: installed with rustup when missing; if that is refused, the
# stable toolchain runs with RUSTC_BOOTSTRAP=1 (it ships the ASan runtime).
set -uo pipefail
. scripts/test.d/lib.sh.inc
seconds=${FUZZ_SECONDS:-3}

# The hidden module the targets use is lint-clean too (the workspace step does not
# enable its feature).
run cargo clippy -p psutil-rs --locked --features fuzzing -- -D warnings

# How cargo is run: `cargo +nightly`, else stable with RUSTC_BOOTSTRAP=1.
cargo_fuzz=(cargo +nightly)
if ! cargo +nightly --version >/dev/null 2>&1 && ! rustup toolchain install nightly --profile minimal; then
  loud "no nightly toolchain: fuzzing with stable and RUSTC_BOOTSTRAP=1"
  cargo_fuzz=(env RUSTC_BOOTSTRAP=1 cargo)
fi
if ! cargo fuzz --version >/dev/null 2>&1 && ! cargo install cargo-fuzz --locked; then
  loud "cargo install cargo-fuzz was refused: the fuzz smoke run is SKIPPED"
  finish
fi

cd fuzz || exit 1
corpus=target/smoke-corpus
rm -rf "$corpus"
if command -v python3 >/dev/null; then
  python3 seed_corpus.py "$corpus" | tr '\n' ' '
  echo
else
  loud "no python3: the fuzz targets start from empty corpora"
fi

t0=$SECONDS
if ! "${cargo_fuzz[@]}" fuzz build -O -a; then
  loud "the fuzz targets did not build"
  exit 1
fi
echo "fuzz build: $((SECONDS - t0)) s"

bin=target/x86_64-unknown-linux-gnu/release
artifacts=target/smoke-artifacts
mkdir -p "$artifacts"
for src in fuzz_targets/*.rs; do
  t=$(basename "$src" .rs)
  mkdir -p "$corpus/$t"
  log=$(timeout $((seconds + 60)) "$bin/$t" -max_total_time="$seconds" -max_len=8192 -timeout=10 \
    -rss_limit_mb=2048 -artifact_prefix="$artifacts/" "$corpus/$t" 2>&1)
  rc=$?
  runs=$(grep -oP '^Done \K[0-9]+' <<<"$log" || echo "?")
  printf '%-18s %10s executions  exit %d\n' "$t" "$runs" "$rc"
  if [ $rc -ne 0 ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' <<<"$log" | head -20 >&2
    failures+=("fuzz target $t")
  fi
done
finish
