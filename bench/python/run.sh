#!/usr/bin/env bash
# run.sh [bench_boto3.py ARG...]: gosoto vs boto3 (pinned) on one interpreter.
# Makes build/bench-python-venv (boto3 pinned, gosoto installed from
# bindings/python), expects build/libgosoto.so (make build), runs
# bench_boto3.py. Only 127.0.0.1 is contacted.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${GOSOTO_BUILD:-$ROOT/build}"
PYTHON="${PYTHON:-python3}"
BOTO3_VERSION="1.44.5"

lib="$BUILD/libgosoto.so"
[[ -e $lib ]] || { echo "run.sh: $lib not found: run 'make build' first" >&2; exit 1; }
venv="$BUILD/bench-python-venv"
[[ -x $venv/bin/python ]] || "$PYTHON" -m venv "$venv"
py="$venv/bin/python"
"$py" -m pip install --quiet --disable-pip-version-check "boto3==$BOTO3_VERSION" "setuptools>=61" wheel
src=$(mktemp -d "${TMPDIR:-/tmp}/gosoto-bench-py.XXXXXX")
trap 'rm -rf "$src"' EXIT
cp -R "$ROOT/bindings/python/pyproject.toml" "$ROOT/bindings/python/README.md" "$ROOT/bindings/python/gosoto" "$src/"
rm -rf "$src/gosoto/__pycache__"
"$py" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation --force-reinstall "$src"
export GOSOTO_LIBRARY="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
cd "$ROOT"
"$py" "$ROOT/bench/python/bench_boto3.py" "$@"
