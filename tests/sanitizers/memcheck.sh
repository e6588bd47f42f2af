#!/usr/bin/env bash
# memcheck.sh asan|valgrind DIR: the native memory-safety checks of
# `make test-asan` and `make test-valgrind`. DIR holds capi_test, sqs_demo,
# leak_test and must_fail built for the mode (the Makefile builds them, all
# linked against the unstripped library in DIR/../lib).
#
#  1. must_fail: deliberate use-after-free, leak, heap overflow and a
#     system call handed freed memory must each be reported, so that the
#     checks below (and the suppressions) cannot pass vacuously;
#  2. the C API tests (tests/c) against a fresh local-aws-sqs;
#  3. the demo, its output checked line by line (check-demo-local.sh);
#  4. the leak test at a reduced count (GOSOTO_MEMCHECK_LEAK_ITERATIONS:
#     default 2000 under ASan, 300 under valgrind; the 100,000-iteration RSS
#     check is `make test-leak`, uninstrumented).
#
# Under valgrind the C tests run whole too (about 20 s; memcheck is ~20x
# slower; the whole valgrind pass takes about 45 s on 2 cores); set
# GOSOTO_VALGRIND_CASES="version sign_errors ..." to run a subset of
# capi_test's cases instead.
source "$(dirname "$0")/../scripts/common.sh"
[[ $# -eq 2 ]] || die "usage: $SCRIPT_NAME asan|valgrind DIR"
mode=$1 dir=$(cd "$2" && pwd)
supp="$ROOT/tests/sanitizers"

case $mode in
asan)
    # detect_leaks=1           LeakSanitizer at exit: a string or handle the
    #                          C code never freed fails the run.
    # allow_user_segv_handler=1 libgosoto's Go runtime installs its own
    #                          SIGSEGV/SIGBUS handlers when it loads (a fault
    #                          in Go code becomes a Go panic, which gosoto
    #                          recovers as GOSOTO_E_INTERNAL) and forwards
    #                          faults in C code to the handler installed
    #                          before it, ASan's. Without this ASan would
    #                          silently ignore Go's sigaction calls.
    # handle_segv=1            (the default, kept) so that a wild access in
    #                          C code, forwarded by Go, gets ASan's report.
    # halt_on_error=1          the first error ends the run with exit 1.
    # LSAN suppressions        see tests/sanitizers/lsan.supp.
    # UBSan: -fno-sanitize-recover=all makes every finding fatal;
    # print_stacktrace=1 says where.
    export ASAN_OPTIONS="detect_leaks=1:allow_user_segv_handler=1:handle_segv=1:halt_on_error=1:abort_on_error=0:exitcode=1"
    export LSAN_OPTIONS="suppressions=$supp/lsan.supp:print_suppressions=0"
    export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
    run=()
    iterations=${GOSOTO_MEMCHECK_LEAK_ITERATIONS:-2000}
    expect_uaf="ERROR: AddressSanitizer: heap-use-after-free"
    expect_leak="ERROR: LeakSanitizer: detected memory leaks"
    expect_overflow="ERROR: AddressSanitizer: heap-buffer-overflow"
    expect_syscall="ERROR: AddressSanitizer: heap-use-after-free"
    ;;
valgrind)
    # --errors-for-leak-kinds=definite  only definitely-lost blocks fail.
    # --suppressions  see tests/sanitizers/valgrind-go.supp (errors inside
    #                 Go code only).
    # GODEBUG=asyncpreemptoff=1  Go preempts goroutines with signals whose
    #                 handler writes below the interrupted stack pointer;
    #                 memcheck cannot follow it (and valgrind's own
    #                 signal delivery makes it slow). Go's documented advice
    #                 for running under valgrind.
    # --max-stackframe, and the library's fixed heap base. memcheck takes a
    #                 move of the stack pointer by less than --max-stackframe
    #                 for frames pushed or popped (memory below the stack
    #                 pointer becomes unaddressable, new frames uninitialised)
    #                 and a larger one for a switch to another stack (no
    #                 change). Go switches between C stacks and goroutine
    #                 stacks, which live in the Go heap. Go 1.26 puts its
    #                 heap at a random address on every run, now and then
    #                 within reach of the C stacks and the C heap: memcheck
    #                 then takes the jump for a frame and re-marks every
    #                 byte in between, C strings included, and C code fails
    #                 on memory it owns. The valgrind copy of the library is
    #                 built with GOEXPERIMENT=norandomizedheapbase64 (checked
    #                 below): its heap starts at 0xc000000000, at least
    #                 640 GiB from any C memory under valgrind (C stacks and
    #                 the C heap lie below 128 GiB), so with a 64 GiB
    #                 --max-stackframe every such jump is a switch, on every
    #                 run, while every C frame (even ld.so's alloca) is a
    #                 frame. Jumps between two goroutine stacks are still
    #                 taken for frames: that marks Go heap memory only, and
    #                 the suppressions cover the errors Go code then hits.
    #                 (A side effect: memcheck is far faster on a heap at
    #                 0xc000000000 than at Go 1.26's random addresses,
    #                 terabytes up: leak_test's 300 iterations take 4 s, not
    #                 58 s.)
    # --undef-value-errors=no  memcheck cannot follow definedness through
    #                 the Go runtime (its stack switches above, its own
    #                 allocator): bytes Go copies into C memory (a string
    #                 gosoto returns, the key it hands to getenv) come from
    #                 Go memory memcheck may believe uninitialised, and would
    #                 be reported in the C code that reads them.
    #                 Addressability (invalid reads and writes, use after
    #                 free, overflows, bad frees, system calls handed bad
    #                 buffers) and leaks are what this target checks; the
    #                 must_fail program proves those are still caught.
    # valgrind 3.19 does not know pidfd_open (syscall 434) and says so once
    # ("WARNING: unhandled amd64-linux syscall: 434") when os/exec starts a
    # credential_process; Go then falls back to waiting by pid. Harmless.
    # (The runtime's own valgrind support, go build -tags valgrind, tells
    # memcheck about goroutine stacks and Go objects; with valgrind 3.19 its
    # leak check aborts on overlapping blocks, so it is not used.)
    export GODEBUG=asyncpreemptoff=1
    lib="$dir/../lib/libgosoto.so"
    "${GO:-go}" version -m "$lib" | grep -q 'GOEXPERIMENT=.*norandomizedheapbase64' ||
        die "valgrind: $lib is not built with GOEXPERIMENT=norandomizedheapbase64 (make memcheck-vg-lib builds it)"
    run=(valgrind -q --error-exitcode=99 --undef-value-errors=no --leak-check=full --show-leak-kinds=definite
         --errors-for-leak-kinds=definite --suppressions="$supp/valgrind-go.supp"
         --max-stackframe=68719476736)
    iterations=${GOSOTO_MEMCHECK_LEAK_ITERATIONS:-300}
    expect_uaf="Invalid read of size 1"
    expect_leak="definitely lost in"
    expect_overflow="Invalid read of size 1"
    expect_syscall="Syscall param write(buf) points to unaddressable byte(s)"
    ;;
*) die "unknown mode $mode (asan or valgrind)" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-memcheck.XXXXXX")
on_exit "rm -rf '$tmp'"

# 1. The checker must catch deliberate bugs.
for bug in use-after-free leak overflow syscall-after-free; do
    case $bug in
    use-after-free) want=$expect_uaf ;;
    leak) want=$expect_leak ;;
    overflow) want=$expect_overflow ;;
    syscall-after-free) want=$expect_syscall ;;
    esac
    if "${run[@]}" "$dir/must_fail" "$bug" >"$tmp/must_fail.log" 2>&1; then
        cat "$tmp/must_fail.log" >&2
        die "$mode: must_fail $bug exited 0: the checker does not catch a deliberate $bug"
    fi
    grep -q "$want" "$tmp/must_fail.log" ||
        { cat "$tmp/must_fail.log" >&2; die "$mode: must_fail $bug failed without the expected report ($want)"; }
    log "$mode: PASS: a deliberate $bug is caught ($want)"
done

# 2. The C API tests.
cases=()
[[ $mode == valgrind && -n ${GOSOTO_VALGRIND_CASES:-} ]] && read -r -a cases <<<"$GOSOTO_VALGRIND_CASES"
"$ROOT/tests/scripts/with-sqs-emulator.sh" "${run[@]}" "$dir/capi_test" "${cases[@]}" ||
    die "$mode: the C API tests failed (see the report above)"
log "$mode: PASS: the C API tests, no errors"

# 3. The demo, through check-demo-local.sh (which wants one executable).
demo="$tmp/sqs_demo"
{
    echo '#!/usr/bin/env bash'
    printf 'exec'
    printf ' %q' "${run[@]}" "$dir/sqs_demo"
    echo ' "$@"'
} >"$demo"
chmod +x "$demo"
"$ROOT/tests/scripts/check-demo-local.sh" "$demo" || die "$mode: the demo failed (see the report above)"
log "$mode: PASS: the demo, no errors"

# 4. The leak test's calls, fewer of them.
GOSOTO_LEAK_ITERATIONS=$iterations "${run[@]}" "$dir/leak_test" ||
    die "$mode: the leak test failed (see the report above)"
log "$mode: PASS: leak_test ($iterations iterations), no errors"
