#!/usr/bin/env bash
# The system tools the live tests compare against (procps, iproute2, util-linux, ...).
set -uo pipefail
. scripts/test.d/lib.sh.inc
bash scripts/install-test-deps.sh || loud "installing the test tools failed: live tests may fail"
exit 0
