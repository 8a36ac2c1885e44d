#!/usr/bin/env bash
# Cargo's runner for x86_64-pc-windows-gnu: runs a test binary under Wine in the
# project's prefix (made beforehand by scripts/wine/prefix.sh). Wine's own chatter is off.
export WINEPREFIX=${WINEPREFIX:-$(cd "$(dirname "$0")/../.." && pwd)/target/wine/prefix}
export WINEDEBUG=${WINEDEBUG:--all}
exec wine "$@"
