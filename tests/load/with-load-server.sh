#!/usr/bin/env bash
# with-load-server.sh SERVER COMMAND [ARG...]: start the load test's SQS
# server (tests/load/server) on 127.0.0.1, run COMMAND with
# GOSOTO_LOAD_ENDPOINT set to it, then stop the server.
source "$(dirname "$0")/../scripts/common.sh"

[[ $# -ge 2 ]] || die "usage: $SCRIPT_NAME SERVER COMMAND [ARG...]"
server=$1
shift
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-load.XXXXXX")
on_exit "rm -rf '$tmp'"
"$server" "$tmp/port" 2>"$tmp/server.log" &
pid=$!
on_exit "stop_pid $pid; cat '$tmp/server.log' >&2"
for _ in $(seq 1 100); do
    [[ -s $tmp/port ]] && break
    sleep 0.1
done
[[ -s $tmp/port ]] || die "the load server did not start"
clean_aws_env
export GOSOTO_LOAD_ENDPOINT="http://127.0.0.1:$(cat "$tmp/port")"
"$@"
