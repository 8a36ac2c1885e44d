#!/usr/bin/env bash
# The Python wheels and sdist (scripts/build-wheels.sh: manylinux2014 and musllinux_1_2,
# x86_64 and aarch64, each wheel's tag confirmed by auditwheel), then, each in a fresh
# venv: the manylinux2014 x86_64 wheel, and the sdist built by plain `pip install`,
# checked by tests/wheels/check_installed.py; the same check runs the manylinux2014
# aarch64 wheel on Debian's arm64 CPython under qemu-user, and musl's loader links the
# musllinux ones. Step 60 installs the same manylinux2014
# wheel for the oracle tests and psutil's suite.
set -uo pipefail
. scripts/test.d/lib.sh.inc
ROOT=$PWD
OUT=$ROOT/target/wheels-all
CHECK=$ROOT/target/wheel-check
PY=${PYTHON:-python3}

t0=$SECONDS
run bash scripts/build-wheels.sh --out "$OUT"
printf 'build-wheels.sh: %d s\n' $((SECONDS - t0))

check_in_fresh_venv() {  # <label> <pip install argument> [VAR=value for pip...]
  local label=$1 what=$2 venv=$CHECK/$1 t=$SECONDS
  shift 2
  rm -rf "$venv"
  "$PY" -m venv "$venv" || { failures+=("$label: python -m venv"); return; }
  # --no-cache-dir: pip would otherwise reuse the wheel it built from an earlier sdist.
  if ! env "$@" "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-cache-dir "$what"; then
    failures+=("$label: pip install $(basename "$what")"); return
  fi
  # From outside the checkout, so that python/psutil_rs cannot be imported instead.
  (cd "$venv" && "$venv/bin/python" "$ROOT/tests/wheels/check_installed.py") \
    || failures+=("$label: tests/wheels/check_installed.py")
  printf '%s: %d s\n' "$label" $((SECONDS - t))
}

wheel=$(ls "$OUT"/psutil_rs-*-manylinux2014_x86_64*.whl 2>/dev/null | head -n1)
if [ -n "$wheel" ]; then check_in_fresh_venv manylinux2014-x86_64 "$wheel"
else failures+=("no manylinux2014 x86_64 wheel to install"); fi

# The aarch64 wheel on an aarch64 CPython: Debian's arm64 python3.11 and glibc, unpacked
# (not installed) and run under qemu-user, with the wheel unpacked on its PYTHONPATH.
A64=$ROOT/target/wheel-check/arm64-root
A64_DEBS="python3.11-minimal libpython3.11-minimal libpython3.11-stdlib libc6 zlib1g libexpat1 libffi8"
arm64_python() {
  [ -x "$A64/usr/bin/python3.11" ] && return 0
  command -v qemu-aarch64 >/dev/null || return 1
  dpkg --print-foreign-architectures | grep -qx arm64 || { dpkg --add-architecture arm64 && apt-get update -qq; } || return 1
  local debs=$ROOT/target/wheel-check/arm64-debs
  rm -rf "$debs" "$A64" && mkdir -p "$debs" "$A64"
  # shellcheck disable=SC2046
  (cd "$debs" && apt-get download -q $(printf '%s:arm64 ' $A64_DEBS) >/dev/null 2>&1) || return 1
  for deb in "$debs"/*.deb; do dpkg-deb -x "$deb" "$A64" || return 1; done
  [ -x "$A64/usr/bin/python3.11" ]
}
wheel=$(ls "$OUT"/psutil_rs-*-manylinux2014_aarch64*.whl 2>/dev/null | head -n1)
if [ -z "$wheel" ]; then
  failures+=("no manylinux2014 aarch64 wheel to run")
elif ! arm64_python; then
  loud "no arm64 python3.11 from Debian (apt-get download ${A64_DEBS// /:arm64 }:arm64) or no qemu-aarch64: the aarch64 wheel is NOT run"
else
  t=$SECONDS
  dir=$ROOT/target/wheel-check/aarch64-wheel
  rm -rf "$dir" && mkdir -p "$dir" && (cd "$dir" && "$PY" -m zipfile -e "$wheel" .)
  (cd "$dir" && PSUTIL_RS_WHEEL_DIR=$dir PYTHONPATH=$dir timeout 600 \
      qemu-aarch64 -L "$A64" "$A64/usr/bin/python3.11" "$ROOT/tests/wheels/check_installed.py") \
    || failures+=("manylinux2014-aarch64 under qemu: tests/wheels/check_installed.py")
  printf 'manylinux2014-aarch64 under qemu-user: %d s\n' $((SECONDS - t))
fi

# The musl wheels cannot be imported here (no musl CPython), but musl's own loader can
# link them: every symbol except CPython's must resolve in the musl libc that
# build-wheels.sh audited them against (Debian's musl 1.2, arm64 under qemu-user).
for arch in x86_64 aarch64; do
  wheel=$(ls "$OUT"/psutil_rs-*-musllinux_1_2_"$arch".whl 2>/dev/null | head -n1)
  musl=$ROOT/target/wheel-tools/musl-$arch
  ldso=$musl/root/lib/ld-musl-$arch.so.1
  [ -n "$wheel" ] && [ -e "$ldso" ] || { failures+=("musllinux $arch: no wheel or no musl loader to link it"); continue; }
  dir=$ROOT/target/wheel-check/musl-$arch-wheel
  rm -rf "$dir" && mkdir -p "$dir" && (cd "$dir" && "$PY" -m zipfile -e "$wheel" .)
  runner=(); [ "$arch" = aarch64 ] && runner=(qemu-aarch64)
  listing=$(LD_LIBRARY_PATH=$musl "${runner[@]}" "$ldso" --list "$dir"/psutil_rs/_psutil_rs*.so 2>&1)
  unresolved=$(grep 'symbol not found' <<< "$listing" | grep -v ': _\?Py[A-Za-z0-9_]*: symbol not found' || true)
  if grep -q "libc.musl-$arch.so.1 => " <<< "$listing" && [ -z "$unresolved" ]; then
    echo "musllinux $arch: musl's loader links the extension; only CPython's symbols are left to the interpreter"
  else
    printf '%s\n' "$listing" | head -n 20
    failures+=("musllinux $arch: musl's loader cannot link the extension")
  fi
done

sdist=$(ls "$OUT"/psutil_rs-*.tar.gz 2>/dev/null | head -n1)
if [ -n "$sdist" ]; then
  # pip builds in a temporary copy whose files keep the archive's old times: cargo would
  # take a kept target dir's library for up to date (a stale extension was installed
  # once that way). The target dir is therefore emptied first: a clean build, as on a
  # user's machine.
  rm -rf "$ROOT/target/sdist-build"
  check_in_fresh_venv sdist "$sdist" CARGO_TARGET_DIR="$ROOT/target/sdist-build"
else
  failures+=("no sdist to install")
fi
# CPU time of everything this step ran (user, system): comparable across machine loads.
cpu=$(mktemp); times > "$cpu"  # not in a pipe: a subshell's children are not ours
printf 'CPU time of this step (children, user and system): %s\n' "$(tail -n1 "$cpu")"; rm -f "$cpu"
finish
