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
need node "install Node.js (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"

# Install from the lock file (npm ci), once per lock file.
src="$ROOT/tests/emulators/dynalite"
dst="$BUILD/dynalite"
if ! [[ -f $dst/node_modules/dynalite/package.json ]] ||
    ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    mkdir -p "$dst"
    cp "$src/package.json" "$src/package-lock.json" "$dst/"
    log "installing dynalite@$DYNALITE_VERSION into $dst"
    (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) ||
        die "npm ci failed in $dst (is the npm registry reachable?)"
fi
installed=$(node -p "require('$dst/node_modules/dynalite/package.json').version")
[[ $installed == "$DYNALITE_VERSION" ]] || die "installed dynalite is $installed, expected $DYNALITE_VERSION"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-dynalite.XXXXXX")
on_exit "rm -rf '$tmp'"
portfile="$tmp/port"
NODE_PATH="$dst/node_modules" node "$src/server.js" "$portfile" >"$tmp/emulator.log" 2>&1 &
pid=$!
on_exit "stop_pid $pid"
if [[ -n ${GOSOTO_DYNALITE_VERBOSE:-} ]]; then
    on_exit "cat '$tmp/emulator.log' >&2"
fi

for _ in $(seq 1 200); do
    [[ -s $portfile ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/emulator.log" >&2; die "dynalite exited during start-up"; }
    sleep 0.1
done
[[ -s $portfile ]] || { cat "$tmp/emulator.log" >&2; die "dynalite did not start within 20 s"; }
port=$(cat "$portfile")
wait_tcp "$port" "$pid" 10 || die "dynalite does not answer on 127.0.0.1:$port"
endpoint="http://127.0.0.1:$port"
log "dynalite $DYNALITE_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_DYNAMODB_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_DYNAMODB="$endpoint" GOSOTO_DYNALITE_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEDYNALITE AWS_SECRET_ACCESS_KEY=dynalite-secret

set +e
"$@"
rc=$?
set -e
exit $rc
