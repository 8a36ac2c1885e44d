#!/usr/bin/env bash
set -uo pipefail
exec cargo fmt --all -- --check
