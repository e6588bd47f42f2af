#!/usr/bin/env bash
# ruby-tests.sh [MINITEST-ARG...]: the Ruby gem's test suite
# (bindings/ruby/test, minitest) against a fresh local-aws-sqs emulator.
#
# Builds nothing: expects build/libgosoto.so (make build). Needs ruby,
# ruby-ffi and ruby-minitest (Debian: apt-get install ruby ruby-ffi
# ruby-minitest). The gem is loaded from the source tree (-I
# bindings/ruby/lib) and finds the library through GOSOTO_LIBRARY.
source "$(dirname "$0")/common.sh"

RUBY="${RUBY:-ruby}"
need "$RUBY" "apt-get install ruby ruby-ffi ruby-minitest"
"$RUBY" -e 'require "ffi"' 2>/dev/null || die "ruby-ffi is missing (apt-get install ruby-ffi)"
"$RUBY" -e 'require "minitest"' 2>/dev/null || die "minitest is missing (apt-get install ruby-minitest)"
lib="$BUILD/libgosoto.so"
[[ -e $lib ]] || die "$lib not found: run 'make build' first"

export GOSOTO_LIBRARY="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
cd "$ROOT/bindings/ruby"
"$ROOT/tests/scripts/with-sqs-emulator.sh" "$RUBY" -w -Ilib -Itest \
    -e 'Dir.glob("test/test_*.rb").sort.each { |f| require File.expand_path(f) }' -- "$@"
