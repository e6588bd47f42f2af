#!/usr/bin/env bash
# with-sqs-emulator.sh COMMAND [ARG...]: run COMMAND against a fresh
# local-aws-sqs emulator on 127.0.0.1 and a free port, then stop it.
#
# COMMAND runs with AWS_ENDPOINT_URL_SQS (and GOSOTO_TEST_SQS_ENDPOINT) set to
# the emulator, AWS_REGION=us-east-1, dummy static keys, and none of the
# caller's other AWS_* settings. Its exit status is this script's.
#
# GOSOTO_TEST_PRECREATE_QUEUES="a b": queues the emulator starts with.
source "$(dirname "$0")/common.sh"

[[ $# -ge 1 ]] || die "usage: $SCRIPT_NAME COMMAND [ARG...]"
"$ROOT/tests/scripts/install-sqs-emulator.sh"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-sqs.XXXXXX")
on_exit "rm -rf '$tmp'"
start_emulator local-aws-sqs "$tmp" "" \
    env NODE_PATH="$BUILD/node/node_modules" node "$ROOT/tests/emulators/sqs-server.js" "$tmp/port"
log "local-aws-sqs $LOCAL_AWS_SQS_VERSION is listening on $endpoint"

clean_aws_env
export AWS_ENDPOINT_URL_SQS="$endpoint" GOSOTO_TEST_SQS_ENDPOINT="$endpoint"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDGOSOTOLOCALTEST AWS_SECRET_ACCESS_KEY=gosoto-local-test-secret

run_and_exit "$@"
