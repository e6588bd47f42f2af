#!/usr/bin/env bash
# python-tests.sh [PYTEST-ARG...]: the Python binding's test suite
# (bindings/python/tests) against a fresh local-aws-sqs emulator.
#
# Builds nothing: expects build/libgosoto.so (make build). Creates or reuses a
# venv in build/python-venv (python3 -m venv, or $PYTHON -m venv), installs the
# pinned test dependencies and the package itself (pip install
# bindings/python) into it, and runs pytest from the repository root so that
# the installed package, not the source tree, is what the tests import. The
# library is found through GOSOTO_LIBRARY=build/libgosoto.so.
source "$(dirname "$0")/common.sh"

PYTHON="${PYTHON:-python3}"
PYTEST_VERSION="9.0.3"
REQUESTS_VERSION="2.34.2"
SETUPTOOLS_SPEC="setuptools>=61"

need "$PYTHON" "install Python 3.9 or newer"
lib="$BUILD/libgosoto.so"
[[ -e $lib ]] || die "$lib not found: run 'make build' first"

venv="$BUILD/python-venv"
if [[ ! -x $venv/bin/python ]]; then
    log "creating $venv"
    "$PYTHON" -m venv "$venv" || die "python3 -m venv failed (on Debian: apt-get install python3-venv)"
fi
py="$venv/bin/python"
# pytest 9 needs Python 3.10; the package itself supports 3.9.
if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
    PYTEST_VERSION="8.3.5"
fi
"$py" -m pip install --quiet --disable-pip-version-check \
    "pytest==$PYTEST_VERSION" "requests==$REQUESTS_VERSION" "$SETUPTOOLS_SPEC" wheel
# --no-build-isolation: build with the venv's setuptools instead of fetching
# a fresh one for every run; --force-reinstall: always the tree's code. Built
# from a copy, so that no build/ or *.egg-info lands in the source tree.
src=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-py.XXXXXX")
on_exit "rm -rf '$src'"
cp -R "$ROOT/bindings/python/pyproject.toml" "$ROOT/bindings/python/README.md" "$ROOT/bindings/python/gosoto" "$src/"
rm -rf "$src/gosoto/__pycache__"
"$py" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation \
    --force-reinstall "$src"

export GOSOTO_LIBRARY="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
cd "$ROOT"
"$ROOT/tests/scripts/with-sqs-emulator.sh" "$py" -m pytest -q -p no:cacheprovider "$ROOT/bindings/python/tests" "$@"
