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
need node "install Node.js (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"

# Install from the lock file (npm ci), once per lock file.
src="$ROOT/tests/emulators/s3rver"
dst="$BUILD/s3rver"
if ! [[ -f $dst/node_modules/s3rver/package.json ]] ||
    ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    mkdir -p "$dst"
    cp "$src/package.json" "$src/package-lock.json" "$dst/"
    log "installing s3rver@$S3RVER_VERSION into $dst"
    (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) ||
        die "npm ci failed in $dst (is the npm registry reachable?)"
fi
installed=$(node -p "require('$dst/node_modules/s3rver/package.json').version")
[[ $installed == "$S3RVER_VERSION" ]] || die "installed s3rver is $installed, expected $S3RVER_VERSION"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-s3rver.XXXXXX")
on_exit "rm -rf '$tmp'"
portfile="$tmp/port"
mkdir -p "$tmp/data"
# --openssl-legacy-provider: s3rver makes its ListObjectsV2 continuation
# tokens with DES, which OpenSSL 3 only has in its legacy provider.
NODE_PATH="$dst/node_modules" node --openssl-legacy-provider "$src/server.js" "$portfile" "$tmp/data" \
    >"$tmp/emulator.log" 2>&1 &
pid=$!
on_exit "stop_pid $pid"
if [[ -n ${GOSOTO_S3RVER_VERBOSE:-} ]]; then
    on_exit "cat '$tmp/emulator.log' >&2"
fi

for _ in $(seq 1 200); do
    [[ -s $portfile ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/emulator.log" >&2; die "s3rver exited during start-up"; }
    sleep 0.1
done
[[ -s $portfile ]] || { cat "$tmp/emulator.log" >&2; die "s3rver did not start within 20 s"; }
port=$(cat "$portfile")
wait_tcp "$port" "$pid" 10 || die "s3rver does not answer on 127.0.0.1:$port"
endpoint="http://127.0.0.1:$port"
log "s3rver $S3RVER_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_S3_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_S3="$endpoint" GOSOTO_S3RVER_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=S3RVER AWS_SECRET_ACCESS_KEY=S3RVER

set +e
"$@"
rc=$?
set -e
exit $rc
