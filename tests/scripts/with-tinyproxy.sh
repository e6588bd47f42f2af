#!/usr/bin/env bash
# with-tinyproxy.sh COMMAND [ARG...]: run COMMAND with a real forward proxy,
# Debian's tinyproxy, on 127.0.0.1 and a free port, then stop it.
#
# The proxy requires Basic authentication and logs every request it
# carries. COMMAND runs with:
#   GOSOTO_TEST_PROXY       http://127.0.0.1:PORT
#   GOSOTO_TEST_PROXY_USER, GOSOTO_TEST_PROXY_PASS   the credentials it wants
#   GOSOTO_TEST_PROXY_LOG   its log file (tests read it to see what went through)
# Its exit status is this script's.
source "$(dirname "$0")/common.sh"

[[ $# -ge 1 ]] || die "usage: $SCRIPT_NAME COMMAND [ARG...]"
need tinyproxy "apt-get install tinyproxy, or run make deps"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-proxy.XXXXXX")
on_exit "rm -rf '$tmp'"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
user=gosoto pass="proxy-pass-$RANDOM$RANDOM"
cat >"$tmp/tinyproxy.conf" <<CONF
Port $port
Listen 127.0.0.1
Timeout 30
LogFile "$tmp/tinyproxy.log"
LogLevel Info
MaxClients 50
Allow 127.0.0.1
BasicAuth $user $pass
DisableViaHeader Yes
CONF
: >"$tmp/tinyproxy.log"
tinyproxy -d -c "$tmp/tinyproxy.conf" >"$tmp/stdout.log" 2>&1 &
pid=$!
on_exit "stop_pid $pid"
wait_tcp "$port" "$pid" 10 || { cat "$tmp/stdout.log" "$tmp/tinyproxy.log" >&2; die "tinyproxy did not start on 127.0.0.1:$port"; }
log "$(tinyproxy -v) is listening on 127.0.0.1:$port"

export GOSOTO_TEST_PROXY="http://127.0.0.1:$port" GOSOTO_TEST_PROXY_USER=$user GOSOTO_TEST_PROXY_PASS=$pass
export GOSOTO_TEST_PROXY_LOG="$tmp/tinyproxy.log"
run_and_exit "$@"
