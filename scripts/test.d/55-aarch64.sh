#!/usr/bin/env bash
# The library's unit, fixture, property and live tests on aarch64 Linux: cross-built for
# aarch64-unknown-linux-gnu (Debian's gcc-aarch64-linux-gnu links them) and run under
# Debian's qemu-user as cargo's runner, against this machine's kernel. (Doc tests are
# not cross-run; they run on the host in 40-cargo-test.)
set -uo pipefail
. scripts/test.d/lib.sh.inc
TARGET=aarch64-unknown-linux-gnu
SYSROOT=/usr/aarch64-linux-gnu

# Tests left out under qemu-user, each with the reason. They pass on the host (step 40);
# what fails here is the emulator, not the library:
SKIP=(
  # qemu-user translates no SIOCETHTOOL ioctl ("Unsupported ioctl: cmd=0x8946", ENOSYS),
  # which net_if_stats and nic_duplex_speed need for duplex and speed.
  stats_skip_nics_that_do_not_exist
  stats_match_ip_link_and_sysfs
  one_nic_calls_match_sysfs
  # qemu-user runs glibc's posix_spawn (clone with CLONE_VM|CLONE_VFORK) as a plain fork:
  # spawn returns before the child has exec'd. So a failed exec never reaches the parent
  # (spawning /nonexistent/binary "succeeds"), and a child looked at at once may still be
  # a forked copy of qemu, with qemu's second (RCU) thread, instead of `sleep`.
  popen_is_a_process_at_once_and_records_its_status
  single_threaded_threads_in_as_dict_match_ps
  # The same emulated fork, 2,000 times from a process whose four other threads are
  # scanning: once in a CI run a forked child never reached its exec ("wait_procs left
  # 1 children alive"), still holding the test's output. The churn test runs natively in
  # step 40; under qemu it would test qemu's fork.
  churn_of_processes_and_sockets_under_concurrent_scans
  # qemu-user answers /proc/self/stat (and /proc/<own pid>/stat) itself: state "0", 0
  # threads, most fields 0. So children() of the test process itself refuses the kernel's
  # lists and scans (the answer is the same); the test that asks for the lists of this
  # process's own threads cannot be answered from them here.
  every_threads_list_is_read
)

t0=$SECONDS
missing=()
command -v aarch64-linux-gnu-gcc >/dev/null || missing+=(gcc-aarch64-linux-gnu libc6-dev-arm64-cross)
command -v qemu-aarch64 >/dev/null || missing+=(qemu-user)
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  { $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; } \
    || { loud "apt-get refused ${missing[*]}: the aarch64 tests CANNOT run"; exit 1; }
fi
if ! rustup target list --installed 2>/dev/null | grep -qx "$TARGET" && ! rustup target add "$TARGET"; then
  loud "rustup refused to add $TARGET: the aarch64 tests CANNOT run"; exit 1
fi

export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_LINKER=aarch64-linux-gnu-gcc
export CARGO_TARGET_AARCH64_UNKNOWN_LINUX_GNU_RUNNER="qemu-aarch64 -L $SYSROOT"
# live_process_res starts its own binary as a helper; without binfmt_misc the kernel
# cannot exec an aarch64 binary, so it is started through qemu as well.
export PSUTIL_RS_TEST_EXEC_WRAPPER="qemu-aarch64 -L $SYSROOT"

run cargo clippy -p psutil-rs --locked --target "$TARGET" --lib -- -D warnings
cargo test -p psutil-rs --locked --target "$TARGET" --lib --tests --no-run || { loud "the aarch64 test build failed"; exit 1; }
printf 'aarch64 build: %d s\n' $((SECONDS - t0))

t1=$SECONDS
skip_args=()
for name in "${SKIP[@]}"; do skip_args+=(--skip "$name"); done
log=$(mktemp)
rc=0
# Output goes to a file, printed afterwards, not through a pipe: an emulated child stuck
# before its exec would hold a pipe's write end, and a reader would wait for it forever.
# Every run is one test at a time (--test-threads=1): qemu-user emulates glibc's
# posix_spawn by a real fork, and a fork taken while another guest thread runs can leave
# the child blocked on a lock forever before its exec (seen in CI in a lib test that waits
# for its child). Each run is bounded; `timeout` kills its whole process group. A run that
# hits the bound is run once more, said loudly: a hang of the library itself would hang
# natively in step 40 too, and the second hang fails the step.
bounded_run() {
  local part attempt status
  part=$(mktemp)
  for attempt in 1 2; do
    timeout -k 10 "$RUN_LIMIT" "$@" > "$part" 2>&1
    status=$?
    cat "$part"
    if [ "$status" -ne 124 ] && [ "$status" -ne 137 ]; then
      cat "$part" >> "$log"
      rm -f "$part"
      return "$status"
    fi
    loud "aarch64: '$*' hung under qemu-user for ${RUN_LIMIT} s (attempt $attempt of 2)"
  done
  cat "$part" >> "$log"
  rm -f "$part"
  return 1
}
RUN_LIMIT=${RUN_LIMIT:-360}
bounded_run cargo test -p psutil-rs --locked --target "$TARGET" --lib --test 'fixture_*' \
    --test procfs_path --no-fail-fast -- --test-threads=1 "${skip_args[@]}" || rc=1
# The live tests also one at a time because under emulation every process lives several
# times longer, and tests that bracket a value shared between processes (the PSS of pages
# that each test's helper process shares with the others) would see each other's helpers
# come and go.
bounded_run cargo test -p psutil-rs --locked --target "$TARGET" --test 'live_*' --no-fail-fast \
    -- --test-threads=1 "${skip_args[@]}" || rc=1
printf 'aarch64 run under qemu-user: %d s\n' $((SECONDS - t1))
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i;
       if ($(i+1) ~ /^ignored/) g += $i; if ($(i+1) == "filtered") s += $i } }
     END { printf "aarch64 totals: %d passed, %d failed, %d ignored, %d skipped (listed in this script)\n", p, f, g, s }' "$log"
ran=$(grep -c '^test result:' "$log")
rm -f "$log"
[ "$ran" -gt 0 ] || { loud "no aarch64 test binary ran"; exit 1; }
[ "$rc" -eq 0 ] || failures+=("cargo test --target $TARGET")
# CPU time of everything this step ran (user, system): comparable across machine loads.
cpu=$(mktemp); times > "$cpu"  # not in a pipe: a subshell's children are not ours
printf 'CPU time of this step (children, user and system): %s\n' "$(tail -n1 "$cpu")"; rm -f "$cpu"
finish
