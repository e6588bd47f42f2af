#!/usr/bin/env bash
# check-demo-local.sh DEMO_BINARY: run the demo against local-aws-sqs (which
# starts with two queues) and check its output line by line.
source "$(dirname "$0")/common.sh"
[[ $# -eq 1 ]] || die "usage: $SCRIPT_NAME DEMO_BINARY"
demo=$1
[[ -x $demo ]] || die "$demo is not an executable (run make build first)"

if [[ -z ${GOSOTO_TEST_SQS_ENDPOINT:-} ]]; then
    export GOSOTO_TEST_PRECREATE_QUEUES="gosoto_existing_1 gosoto_existing_2"
    exec "$ROOT/tests/scripts/with-sqs-emulator.sh" "$0" "$demo"
fi

out=$(mktemp "${TMPDIR:-/tmp}/gosoto-demo.XXXXXX")
on_exit "rm -f '$out'"
if ! "$demo" >"$out"; then
    cat "$out" >&2
    die "the demo failed against local-aws-sqs"
fi
cat "$out"
EXPECT_EXISTING="$GOSOTO_TEST_SQS_ENDPOINT/123456789012/gosoto_existing_1 $GOSOTO_TEST_SQS_ENDPOINT/123456789012/gosoto_existing_2" \
    check_demo_output "$out" || die "demo output check failed (local-aws-sqs)"
log "PASS: the demo's output against local-aws-sqs is as expected"

# On failure the demo prints the error JSON to stderr and exits non-zero:
# here nothing listens on the endpoint (port 1 of the loopback).
if AWS_ENDPOINT_URL_SQS=http://127.0.0.1:1 "$demo" >"$out.fail" 2>"$out.err"; then
    die "the demo succeeded against an endpoint where nothing listens"
fi
on_exit "rm -f '$out.fail' '$out.err'"
grep -q 'ListQueues failed with status 5:' "$out.err" && grep -q '"Kind": *"network"' "$out.err" ||
    { cat "$out.err" >&2; die "the demo's failure output lacks the status and the error JSON"; }
[[ ! -s $out.fail ]] || { cat "$out.fail" >&2; die "the failed demo printed progress lines on stdout"; }
log "PASS: with no server the demo fails with the network error JSON on stderr"
