#!/usr/bin/env bash
# with-s3rver.sh COMMAND [ARG...]: run COMMAND against a fresh s3rver (the
# pinned S3 emulator from npm, installed into $BUILD/s3rver) on 127.0.0.1
# and a free port, then stop it and delete its data.
#
# COMMAND runs with GOSOTO_S3_ENDPOINT (and AWS_ENDPOINT_URL_S3) set to the
# emulator, AWS_REGION=us-east-1, the only keys s3rver accepts
# (S3RVER/S3RVER) and none of the caller's other AWS_* settings. Its exit
# status is this script's. GOSOTO_S3RVER_VERBOSE=1 shows s3rver's log.
#
# s3rver checks the access key id (S3RVER) and the form of SigV4 requests
# (X-Amz-Content-Sha256 present and valid, one auth mechanism), but does not
# recompute SigV4 signatures; tests/s3 puts a proxy in front of it that
# does (tests/s3/verify_test.go).
source "$(dirname "$0")/common.sh"

S3RVER_VERSION="3.7.1"

[[ $# -ge 1 ]] || die "usage: $SCRIPT_NAME COMMAND [ARG...]"
src="$ROOT/tests/emulators/s3rver"
dst="$BUILD/s3rver"
npm_install_pinned s3rver "$S3RVER_VERSION" "$src" "$dst"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-s3rver.XXXXXX")
on_exit "rm -rf '$tmp'"
mkdir -p "$tmp/data"
# --openssl-legacy-provider: s3rver makes its ListObjectsV2 continuation
# tokens with DES, which OpenSSL 3 only has in its legacy provider.
start_emulator s3rver "$tmp" "${GOSOTO_S3RVER_VERBOSE:-}" \
    env NODE_PATH="$dst/node_modules" node --openssl-legacy-provider "$src/server.js" "$tmp/port" "$tmp/data"
log "s3rver $S3RVER_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_S3_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_S3="$endpoint" GOSOTO_S3RVER_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER

run_and_exit "$@"
