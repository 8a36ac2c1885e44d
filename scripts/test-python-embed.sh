#!/usr/bin/env bash
# Embedding checks of the Python module (called at the end of scripts/test-python.sh,
# which has built the wheel, made the venvs and extracted psutil 7.2.2's tests):
#  1. psutil 7.2.2's tests/test_memleaks.py against psutil_rs, on psleak installed
#     without its psutil dependency (PYTHONMALLOC=malloc, as psleak requires), with
#     tests/psutil-acceptance/deselect.txt;
#  2. glances from PyPI, in a venv without psutil, run through `python -m psutil_rs run`
#     (tests/embed/test_glances.py checks its output against /proc and system tools).
# An install that is refused is reported loudly and skips only what needed it.
# Usage: test-python-embed.sh WORK ACC WHEEL   (test-python.sh's variables)
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WORK=$1 ACC=$2 WHEEL=$3
PY=${PYTHON:-python3}
loud() { printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n!!! %s\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n' "$*" >&2; }
step() { printf '\n==> %s\n' "$*"; }
status=0
pytest_verdict() {  # <what> <exit code>
  if [ "$2" -eq 124 ]; then loud "$1: timed out"; status=1
  elif [ "$2" -eq 5 ]; then loud "$1: collected no tests"; status=1
  elif [ "$2" -ne 0 ]; then loud "$1 failed (pytest exit $2)"; status=1; fi
}

step "psutil 7.2.2's test_memleaks.py against psutil_rs (psleak without psutil)"
t0=$SECONDS
if "$WORK/accept/bin/python" -m pip install -q --disable-pip-version-check --no-deps psleak; then
  "$WORK/accept/bin/python" -c 'import psutil' 2>/dev/null && loud "psleak pulled in a real psutil"
  SITE=$("$WORK/accept/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  PLAT=$("$WORK/accept/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["platlib"])')
  (cd "$ACC" && PYTHONMALLOC=malloc PYTHONPATH="$ACC/shim:$ACC:$SITE:$PLAT" PSUTIL_TESTING=1 \
    timeout 600 "$WORK/accept/bin/python" -m pytest -p no:cacheprovider --rootdir "$ACC" -q -rfEs \
      tests/test_memleaks.py) > "$WORK/memleaks.log" 2>&1
  rc=$?
  tail -n 25 "$WORK/memleaks.log"
  pytest_verdict "test_memleaks.py" $rc
else
  loud "pip refused psleak: psutil's leak suite (test_memleaks.py) is SKIPPED"
fi
printf 'test_memleaks.py took %d s\n' "$((SECONDS - t0))"

step "glances (PyPI) through python -m psutil_rs run, in a venv without psutil"
t0=$SECONDS
GL="$WORK/glances"
[ -x "$GL/bin/python" ] || "$PY" -m venv "$GL" || loud "could not create the glances venv"
# glances' dependencies except psutil (its Requires-Dist, Linux part)
if "$GL/bin/python" -m pip install -q --disable-pip-version-check --no-deps \
    glances defusedxml packaging jinja2 markupsafe shtab \
  && "$GL/bin/python" -m pip install -q --disable-pip-version-check --force-reinstall --no-deps "$WHEEL"; then
  (cd "$ROOT" && PSUTIL_RS_GLANCES_PY="$GL/bin/python" timeout 300 "$WORK/oracle/bin/python" -m pytest \
    -p no:cacheprovider -q -rfE tests/embed)
  pytest_verdict "tests/embed (glances)" $?
else
  loud "pip refused glances or its dependencies: the glances run is SKIPPED"
fi
printf 'glances check took %d s\n' "$((SECONDS - t0))"
exit $status
