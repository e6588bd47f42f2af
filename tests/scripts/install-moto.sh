#!/usr/bin/env bash
# install-moto.sh: install moto's server, pinned, into the project-local
# virtualenv $BUILD/venv. Does nothing when it is there already.
source "$(dirname "$0")/common.sh"

need python3 "install Python 3 (Debian: apt-get install python3 python3-venv)"

venv="$BUILD/venv"
stamp="$venv/.gosoto-moto-$MOTO_VERSION"
if [[ -f $stamp && -x $venv/bin/moto_server ]]; then
    exit 0
fi
if [[ ! -x $venv/bin/python ]] || ! "$venv/bin/python" -m pip --version >/dev/null 2>&1; then
    rm -rf "$venv"
    python3 -m venv "$venv" ||
        die "python3 -m venv failed; on Debian install the venv module: apt-get install python3-venv"
fi
log "installing moto[server]==$MOTO_VERSION into $venv"
"$venv/bin/python" -m pip install --disable-pip-version-check --quiet "moto[server]==$MOTO_VERSION" ||
    die "pip install 'moto[server]==$MOTO_VERSION' failed (is PyPI reachable?)"
[[ -x $venv/bin/moto_server ]] || die "moto_server is missing from $venv/bin after pip install"
touch "$stamp"
