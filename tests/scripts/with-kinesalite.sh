#!/usr/bin/env bash
# with-kinesalite.sh COMMAND [ARG...]: run COMMAND against a fresh kinesalite
# (the pinned Kinesis emulator from npm, installed into $BUILD/kinesalite),
# in memory, on 127.0.0.1 and a free port, then stop it.
#
# COMMAND runs with GOSOTO_KINESIS_ENDPOINT (and AWS_ENDPOINT_URL_KINESIS)
# set to the emulator, AWS_REGION=us-east-1, dummy keys and none of the
# caller's other AWS_* settings. Its exit status is this script's.
# GOSOTO_KINESALITE_VERBOSE=1 shows kinesalite's log.
#
# kinesalite checks that requests carry SigV4 authorization but does not
# recompute the signatures. Its own command line listens on every interface,
# so server.js starts it from node on 127.0.0.1.
source "$(dirname "$0")/common.sh"

KINESALITE_VERSION="3.3.3"

[[ $# -ge 1 ]] || die "usage: $SCRIPT_NAME COMMAND [ARG...]"
src="$ROOT/tests/emulators/kinesalite"
dst="$BUILD/kinesalite"
npm_install_pinned kinesalite "$KINESALITE_VERSION" "$src" "$dst"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-kinesalite.XXXXXX")
on_exit "rm -rf '$tmp'"
start_emulator kinesalite "$tmp" "${GOSOTO_KINESALITE_VERBOSE:-}" \
    env NODE_PATH="$dst/node_modules" node "$src/server.js" "$tmp/port"
log "kinesalite $KINESALITE_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_KINESIS_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_KINESIS="$endpoint" GOSOTO_KINESALITE_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEKINESIS AWS_SECRET_ACCESS_KEY=kinesalite-secret

run_and_exit "$@"
