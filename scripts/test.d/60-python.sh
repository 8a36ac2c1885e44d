#!/usr/bin/env bash
# The Python module: oracle tests against psutil 7.2.2 and psutil's own suite.
set -uo pipefail
exec bash scripts/test-python.sh
