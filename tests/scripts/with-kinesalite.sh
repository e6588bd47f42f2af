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
need node "install Node.js (Debian: apt-get install nodejs npm)"
need npm "install npm (Debian: apt-get install npm)"

# Install from the lock file (npm ci), once per lock file.
src="$ROOT/tests/emulators/kinesalite"
dst="$BUILD/kinesalite"
if ! [[ -f $dst/node_modules/kinesalite/package.json ]] ||
    ! cmp -s "$src/package-lock.json" "$dst/package-lock.json"; then
    mkdir -p "$dst"
    cp "$src/package.json" "$src/package-lock.json" "$dst/"
    log "installing kinesalite@$KINESALITE_VERSION into $dst"
    (cd "$dst" && npm ci --no-audit --no-fund --loglevel=error) ||
        die "npm ci failed in $dst (is the npm registry reachable?)"
fi
installed=$(node -p "require('$dst/node_modules/kinesalite/package.json').version")
[[ $installed == "$KINESALITE_VERSION" ]] || die "installed kinesalite is $installed, expected $KINESALITE_VERSION"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-kinesalite.XXXXXX")
on_exit "rm -rf '$tmp'"
portfile="$tmp/port"
NODE_PATH="$dst/node_modules" node "$src/server.js" "$portfile" >"$tmp/emulator.log" 2>&1 &
pid=$!
on_exit "stop_pid $pid"
if [[ -n ${GOSOTO_KINESALITE_VERBOSE:-} ]]; then
    on_exit "cat '$tmp/emulator.log' >&2"
fi

for _ in $(seq 1 200); do
    [[ -s $portfile ]] && break
    kill -0 "$pid" 2>/dev/null || { cat "$tmp/emulator.log" >&2; die "kinesalite exited during start-up"; }
    sleep 0.1
done
[[ -s $portfile ]] || { cat "$tmp/emulator.log" >&2; die "kinesalite did not start within 20 s"; }
port=$(cat "$portfile")
wait_tcp "$port" "$pid" 10 || die "kinesalite does not answer on 127.0.0.1:$port"
endpoint="http://127.0.0.1:$port"
log "kinesalite $KINESALITE_VERSION is listening on $endpoint (pid $pid)"

clean_aws_env
export GOSOTO_KINESIS_ENDPOINT="$endpoint" AWS_ENDPOINT_URL_KINESIS="$endpoint" GOSOTO_KINESALITE_PID="$pid"
export AWS_REGION=us-east-1
export AWS_ACCESS_KEY_ID=AKIDEXAMPLEKINESIS AWS_SECRET_ACCESS_KEY=kinesalite-secret

set +e
"$@"
rc=$?
set -e
exit $rc
