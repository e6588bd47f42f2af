#!/usr/bin/env bash
# memcheck.sh asan|valgrind DIR: the native memory-safety checks of
# `make test-asan` and `make test-valgrind`. DIR holds capi_test, sqs_demo,
# leak_test and must_fail built for the mode (the Makefile builds them, all
# linked against the unstripped library in DIR/../lib).
#
#  1. must_fail: deliberate use-after-free, leak and heap overflow must each
#     be reported, so that the checks below cannot pass vacuously;
#  2. the C API tests (tests/c) against a fresh local-aws-sqs;
#  3. the demo, its output checked line by line (check-demo-local.sh);
#  4. the leak test at a reduced count (GOSOTO_MEMCHECK_LEAK_ITERATIONS:
#     default 2000 under ASan, 300 under valgrind; the 100,000-iteration RSS
#     check is `make test-leak`, uninstrumented).
#
# Under valgrind the C tests run whole too (about 20 s; memcheck is ~20x
# slower); set GOSOTO_VALGRIND_CASES="version sign_errors ..." to run a
# subset of capi_test's cases instead.
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
    # --undef-value-errors=no  memcheck cannot follow definedness through
    #                 the Go runtime (its stack switches in asmcgocall, its
    #                 own allocator): bytes Go writes into C memory (a
    #                 string gosoto returns, the key it hands to getenv) are
    #                 at times reported as uninitialised in the C code that
    #                 reads them, intermittently. Addressability (invalid
    #                 reads and writes, use after free, overflows, bad
    #                 frees) and leaks are what this target checks; the
    #                 must_fail program proves those are still caught.
    export GODEBUG=asyncpreemptoff=1
    run=(valgrind -q --error-exitcode=99 --undef-value-errors=no --leak-check=full --show-leak-kinds=definite
         --errors-for-leak-kinds=definite --suppressions="$supp/valgrind-go.supp"
         --max-stackframe=68719476736)
    iterations=${GOSOTO_MEMCHECK_LEAK_ITERATIONS:-300}
    expect_uaf="Invalid read of size 1"
    expect_leak="definitely lost in"
    expect_overflow="Invalid read of size 1"
    ;;
*) die "unknown mode $mode (asan or valgrind)" ;;
esac

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-memcheck.XXXXXX")
on_exit "rm -rf '$tmp'"

# 1. The checker must catch deliberate bugs.
for bug in use-after-free leak overflow; do
    case $bug in
    use-after-free) want=$expect_uaf ;;
    leak) want=$expect_leak ;;
    overflow) want=$expect_overflow ;;
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
