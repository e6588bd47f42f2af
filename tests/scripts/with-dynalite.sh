#!/usr/bin/env bash
# with-dynalite.sh COMMAND [ARG...]: run COMMAND against a fresh dynalite
# (the pinned DynamoDB emulator from npm, installed into $BUILD/dynalite),
# in memory, on 127.0.0.1 and a free port, then stop it.
#
# COMMAND runs with GOSOTO_DYNAMODB_ENDPOINT (and AWS_ENDPOINT_URL_DYNAMODB)
# set to the emulator, AWS_REGION=us-east-1, dummy keys and none of the
# caller's other AWS_* settings. Its exit status is this script's.
# GOSOTO_DYNALITE_VERBOSE=1 shows dynalite's log.
#
# dynalite checks that requests are signed (an Authorization header) but
# does not recompute SigV4 signatures.
source "$(dirname "$0")/common.sh"

DYNALITE_VERSION="4.0.0"

[[ $# -ge 1 ]] || die "usage: $SCRIPT_NAME COMMAND [ARG...]"
src="$ROOT/tests/emulators/dynalite"
dst="$BUILD/dynalite"
npm_install_pinned dynalite "$DYNALITE_VERSION" "$src" "$dst"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-dynalite.XXXXXX")
on_exit "rm -rf '$tmp'"
start_emulator dynalite "$tmp" "${GOSOTO_DYNALITE_VERBOSE:-}" \
    env NODE_PATH="$dst/node_modules" node "$src/server.js" "$tmp/port"
log "dynalite $DYNALITE_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_DYNAMODB_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_DYNAMODB="$endpoint" GOSOTO_DYNALITE_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDYNALITE AWS_SECRET_ACCESS_KEY=dynalite-secret

run_and_exit "$@"
