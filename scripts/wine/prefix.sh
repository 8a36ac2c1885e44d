#!/usr/bin/env bash
# Makes the Wine prefix the Windows tests run in, once, under target/wine/:
#   bash scripts/wine/prefix.sh          -> prints the WINEPREFIX path on stdout
# Installs Debian's wine and mingw-w64 when missing (exit 3 if that is refused), builds
# the bcryptprimitives.dll stand-in (Wine 8.0 has none; Rust's std needs its ProcessPrng)
# and copies it into the prefix's system32. Idempotent: a ready prefix is reused.
set -uo pipefail
cd "$(dirname "$0")/../.."
prefix=$PWD/target/wine/prefix
dll=$PWD/target/wine/bcryptprimitives.dll

if ! command -v wine >/dev/null || ! command -v x86_64-w64-mingw32-gcc >/dev/null; then
  echo "installing wine, wine64 and gcc-mingw-w64-x86-64-win32 from Debian" >&2
  apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    -o DPkg::Lock::Timeout=300 --no-install-recommends wine wine64 gcc-mingw-w64-x86-64-win32 >&2 \
    || exit 3
fi
mkdir -p "$PWD/target/wine"
if [ ! -f "$dll" ] || [ scripts/wine/bcryptprimitives.c -nt "$dll" ]; then
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" scripts/wine/bcryptprimitives.c \
    scripts/wine/bcryptprimitives.def -ladvapi32 >&2 || exit 4
fi
if [ ! -f "$prefix/system.reg" ]; then
  WINEPREFIX=$prefix WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" wineboot --init >/dev/null 2>&1
  WINEPREFIX=$prefix wineserver -w
fi
[ -f "$prefix/system.reg" ] || { echo "wineboot did not create $prefix" >&2; exit 5; }
cp "$dll" "$prefix/drive_c/windows/system32/bcryptprimitives.dll"
echo "$prefix"
