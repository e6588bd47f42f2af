# gosoto: build the C shared library, run the demo and the tests.
#
#   make build       build/libgosoto.so (+ soname links) and build/include/
#   make demo        the bundled SQS demo against a local emulator
#   make test        everything CI checks (see the test target)
#   make generate    regenerate sdk/service/* and include/gosoto/*.h
#   make install     PREFIX=/usr/local DESTDIR=   (library, headers, gosoto.pc)
#   make uninstall   PREFIX=/usr/local DESTDIR=
#   make clean

GO       ?= go
CC       ?= cc
CXX      ?= c++
PREFIX   ?= /usr/local
DESTDIR  ?=

BUILD    := build
VERSION  := $(shell sed -n 's/^\#define GOSOTO_VERSION *"\(.*\)"/\1/p' include/gosoto.h)
SOMAJOR  := $(firstword $(subst ., ,$(VERSION)))
LIBNAME  := libgosoto.so
SONAME   := $(LIBNAME).$(SOMAJOR)
LIBREAL  := $(LIBNAME).$(VERSION)

CWARN    := -Wall -Wextra -Werror
C99      := -std=c99 $(CWARN) -pedantic
CXX11    := -std=c++11 $(CWARN)
# Binaries under build/bin and build/tests find the library in build/.
RPATH    := -Wl,-rpath,'$$ORIGIN/..'

DEMO       := $(BUILD)/bin/sqs_demo
CAPI_TEST  := $(BUILD)/tests/capi_test
SCRIPTS    := tests/scripts

.PHONY: all build lib headers demo demo-bin test test-python python-lib test-ruby ruby-lib test-examples test-go vet codegen-check \
        test-headers test-json-get test-c test-sigv4-capi test-demo test-moto test-install generate \
        install uninstall clean memcheck-lib memcheck-vg-lib test-asan test-valgrind test-leak fuzz test-fuzz-short

all: build

# ---------------------------------------------------------------- build

build: lib headers

# go build decides itself whether anything changed, so always ask it.
# -trimpath keeps build paths out of the library; -s -w drop the symbol table
# and DWARF (about a quarter of its size); Go's own tracebacks still work. The
# header cgo writes goes to build/cgo/ and is never installed: the contract
# is include/gosoto.h.
lib:
	@mkdir -p $(BUILD)/cgo
	$(GO) build -buildmode=c-shared -trimpath \
		-ldflags "-s -w -extldflags -Wl,-soname,$(SONAME)" \
		-o $(BUILD)/cgo/$(LIBNAME) ./capi
	@# Replace the library by a rename, never in place: a process that has
	@# the old one mapped keeps running.
	@cmp -s $(BUILD)/cgo/$(LIBNAME) $(BUILD)/$(LIBREAL) || \
		{ cp $(BUILD)/cgo/$(LIBNAME) $(BUILD)/.$(LIBREAL).tmp && mv -f $(BUILD)/.$(LIBREAL).tmp $(BUILD)/$(LIBREAL); }
	@ln -sf $(LIBREAL) $(BUILD)/$(SONAME)
	@ln -sf $(SONAME) $(BUILD)/$(LIBNAME)
	@echo "built $(BUILD)/$(LIBREAL) ($$(du -k $(BUILD)/$(LIBREAL) | cut -f1) KiB, soname $(SONAME))"

headers:
	@rm -rf $(BUILD)/include
	@mkdir -p $(BUILD)/include/gosoto
	cp include/gosoto.h include/gosoto.hpp $(BUILD)/include/
	cp $(wildcard include/gosoto/*.h) $(BUILD)/include/gosoto/

$(DEMO): examples/c/sqs_demo.c examples/c/json_get.h build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -I$(BUILD)/include -o $@ examples/c/sqs_demo.c -L$(BUILD) -lgosoto $(RPATH)

CAPI_TEST_SRCS := tests/c/capi_test.c tests/c/capi_test_calls.c tests/c/capi_test_env.c tests/c/capi_test_creds.c \
                  tests/c/capi_test_paginate.c tests/c/capi_test_cancel.c tests/c/check.c

$(CAPI_TEST): $(CAPI_TEST_SRCS) tests/c/check.h tests/c/capi_test.h examples/c/json_get.h build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -D_POSIX_C_SOURCE=200809L -Iexamples/c -I$(BUILD)/include -o $@ \
		$(CAPI_TEST_SRCS) -L$(BUILD) -lgosoto -pthread $(RPATH)

demo-bin: $(DEMO)

# ---------------------------------------------------------------- demo

# Installs local-aws-sqs (npm, pinned) into build/node, starts it on
# 127.0.0.1 and a free port, runs the demo against it, stops it.
demo: $(DEMO)
	$(SCRIPTS)/demo-local.sh $(DEMO)

# ---------------------------------------------------------------- test

# In this order; the first failing step stops the run. A suite adds itself
# with a `TEST_STEPS += test-name` line next to its target (make reads the
# whole file before it runs `test`).
TEST_STEPS := vet test-go codegen-check test-headers test-json-get test-c \
              test-sigv4-capi test-demo test-moto test-install

.SECONDEXPANSION:
test: $$(TEST_STEPS)
	@echo "steps: $(words $(TEST_STEPS)) passed, 0 failed"

vet:
	$(GO) vet ./...

# The credentials tests run the IMDS source against AWS's own emulator,
# amazon-ec2-metadata-mock (a Go module, pinned), installed into build/bin.
EC2_METADATA_MOCK := $(BUILD)/bin/ec2-metadata-mock
$(EC2_METADATA_MOCK):
	@mkdir -p $(dir $@)
	GOBIN=$(CURDIR)/$(BUILD)/bin $(GO) install github.com/aws/amazon-ec2-metadata-mock/cmd/ec2-metadata-mock@v1.13.0

test-go: $(EC2_METADATA_MOCK)
	$(GO) test ./...

codegen-check:
	$(GO) run ./codegen -check

# The public headers compile cleanly as C99 (pedantic) and C++11, alone and
# all together, and declare the core functions with the contract's types.
# header_check.c includes gosoto/all.h, so every service header is compiled
# together once per language. Each service header alone (its own
# translation unit, including it twice for the guard) goes through the
# compiler in batches of HDR_BATCH files per invocation, HDR_JOBS at once:
# 384 headers take seconds, not a process per header and language.
HDR_JOBS  ?= 2
HDR_BATCH ?= 48
test-headers:
	@rm -rf $(BUILD)/hdr && mkdir -p $(BUILD)/hdr/one
	$(CC)  $(C99)   -Iinclude -c tests/c/header_alone.c -o $(BUILD)/hdr/alone_c.o
	$(CXX) $(CXX11) -Iinclude -x c++ -c tests/c/header_alone.c -o $(BUILD)/hdr/alone_cxx.o
	$(CC)  $(C99)   -Iinclude -c tests/c/header_check.c -o $(BUILD)/hdr/check_c.o
	$(CXX) $(CXX11) -Iinclude -x c++ -c tests/c/header_check.c -o $(BUILD)/hdr/check_cxx.o
	@for h in $(notdir $(wildcard include/gosoto/*.h)); do \
		printf '#include <gosoto/%s>\n#include <gosoto/%s>\n' $$h $$h > $(BUILD)/hdr/one/$${h%.h}.c; \
	done
	@ls $(BUILD)/hdr/one/*.c | xargs -P $(HDR_JOBS) -n $(HDR_BATCH) $(CC) $(C99) -Iinclude -fsyntax-only
	@ls $(BUILD)/hdr/one/*.c | xargs -P $(HDR_JOBS) -n $(HDR_BATCH) $(CXX) $(CXX11) -Iinclude -fsyntax-only -x c++
	@echo "headers: C99 and C++11 checks passed (gosoto.h, all.h, and $$(ls $(BUILD)/hdr/one | wc -l) service headers alone)"

# The examples' JSON reader, on its own (no library needed).
test-json-get:
	@mkdir -p $(BUILD)/tests
	$(CC) $(C99) -Iexamples/c -o $(BUILD)/tests/json_get_test tests/c/json_get_test.c
	$(BUILD)/tests/json_get_test

# The C API tests, against a fresh local-aws-sqs.
test-c: $(CAPI_TEST)
	$(SCRIPTS)/with-sqs-emulator.sh $(CAPI_TEST)

# The shared SigV4 suites through the C ABI (gosoto_sign via ctypes).
SHARED_TESTDATA ?= $(or $(GOSOTO_TESTDATA),../shared/testdata)
test-sigv4-capi: lib
	python3 tests/scripts/sigv4_capi.py $(BUILD)/$(LIBNAME) $(SHARED_TESTDATA)

# The Go conformance runners again, through the C ABI: tests tagged cabi
# (TestCABI*) drive build/libgosoto.so through tests/c/cabi_driver, a C
# program that dlopens it and answers calls on a pipe (internal/cabitest).
CABI_DRIVER := $(BUILD)/tests/cabi_driver
TEST_STEPS += test-cabi
.PHONY: test-cabi
$(CABI_DRIVER): tests/c/cabi_driver.c
	@mkdir -p $(dir $@)
	$(CC) $(C99) -o $@ tests/c/cabi_driver.c -ldl
test-cabi: lib $(CABI_DRIVER)
	GOSOTO_CABI_DRIVER=$(CURDIR)/$(CABI_DRIVER) GOSOTO_LIB=$(CURDIR)/$(BUILD)/$(LIBNAME) \
		$(GO) test -count=1 -tags cabi -run '^TestCABI' ./...

# The botocore protocol suites through the C ABI (gosoto_client_build_request
# and gosoto_client_parse_response via ctypes).
TEST_STEPS += test-protocols-capi
.PHONY: test-protocols-capi
test-protocols-capi: lib
	python3 tests/scripts/protocols_capi.py $(BUILD)/$(LIBNAME) $(SHARED_TESTDATA)

# The demo against local-aws-sqs, its output checked line by line.
test-demo: $(DEMO)
	$(SCRIPTS)/check-demo-local.sh $(DEMO)

# The same flow against moto with IAM authentication (real SigV4 checks).
test-moto: $(DEMO)
	$(SCRIPTS)/moto-flow.sh $(DEMO)

# make install into a staging directory; a program builds against it with
# the flags of gosoto.pc and runs.
test-install: build
	$(SCRIPTS)/check-install.sh

# The credential sources of the C API against real components: moto as STS
# with IAM authentication on (signed AssumeRole chains, an unsigned
# AssumeRoleWithWebIdentity, a wrong secret refused) and
# amazon-ec2-metadata-mock for IMDS (tests/scripts/moto-sts.sh).
TEST_STEPS += test-moto-sts
.PHONY: test-moto-sts
test-moto-sts: $(CAPI_TEST) $(EC2_METADATA_MOCK)
	$(SCRIPTS)/moto-sts.sh $(CAPI_TEST) $(EC2_METADATA_MOCK)

# The S3 scenarios (tests/s3: buckets, objects, metadata, pagination, a
# multipart upload, presigned URLs, streamed bodies) against s3rver (npm,
# pinned in tests/emulators/s3rver, installed into build/s3rver), started on
# 127.0.0.1 and a free port by with-s3rver.sh. GOSOTO_S3_REQUIRED=1: the
# tests fail instead of skipping when the emulator is missing.
TEST_STEPS += test-s3
.PHONY: test-s3
test-s3:
	GOSOTO_S3_REQUIRED=1 $(SCRIPTS)/with-s3rver.sh $(GO) test -count=1 ./tests/s3/

# The DynamoDB scenarios (tests/dynamodb: a table and the table_exists
# waiter, items with nested attribute values put, got, queried and scanned,
# a failed conditional put, a paginated scan) against dynalite (npm, pinned
# in tests/emulators/dynalite, installed into build/dynalite), started on
# 127.0.0.1 and a free port by with-dynalite.sh. GOSOTO_DYNAMODB_REQUIRED=1:
# the tests fail instead of skipping when the emulator is missing.
TEST_STEPS += test-dynamodb
.PHONY: test-dynamodb
test-dynamodb:
	GOSOTO_DYNAMODB_REQUIRED=1 $(SCRIPTS)/with-dynalite.sh $(GO) test -count=1 ./tests/dynamodb/

# The Kinesis scenarios (tests/kinesis: a stream and the stream_exists
# waiter, binary records put and read back through shard iterators) against
# kinesalite (npm, pinned in tests/emulators/kinesalite, installed into
# build/kinesalite), started from node on 127.0.0.1 and a free port by
# with-kinesalite.sh. GOSOTO_KINESIS_REQUIRED=1 as above.
TEST_STEPS += test-kinesis
.PHONY: test-kinesis
test-kinesis:
	GOSOTO_KINESIS_REQUIRED=1 $(SCRIPTS)/with-kinesalite.sh $(GO) test -count=1 ./tests/kinesis/

# Proxies (tests/proxy): gosoto's clients through a real forward proxy,
# Debian's tinyproxy with Basic authentication (tests/scripts/with-tinyproxy.sh),
# to the local SQS emulator over http and to a local TLS server through a
# CONNECT tunnel; NO_PROXY and the config's proxies; a refused password.
TEST_STEPS += test-proxy
.PHONY: test-proxy
test-proxy:
	GOSOTO_PROXY_REQUIRED=1 $(SCRIPTS)/with-sqs-emulator.sh $(SCRIPTS)/with-tinyproxy.sh $(GO) test -count=1 ./tests/proxy/

# gosoto's clients against moto (tests/moto: EC2, SNS, IAM with moto's IAM
# authentication on, so every signature is checked; Lambda, API Gateway,
# Route 53 on a second moto without it), tests/scripts/moto-services.sh.
TEST_STEPS += test-moto-services
.PHONY: test-moto-services
test-moto-services:
	$(SCRIPTS)/moto-services.sh $(GO)

# The Python binding (bindings/python): pytest against local-aws-sqs, in a
# venv under build/ with pinned test dependencies.
# The C test program with GOSOTO_LOG=debug: its log (stderr) must hold no
# secret key, session token or signature.
TEST_STEPS += test-secret-scan
.PHONY: test-secret-scan
test-secret-scan: $(CAPI_TEST)
	$(SCRIPTS)/secret-scan.sh $(CAPI_TEST)

# 32 pthreads x GOSOTO_LOAD_CALLS (default 10000) calls on one client
# against a local server that fails 1% of first attempts with a 500: every
# result checked, a watchdog against deadlocks.
LOAD_TEST   := $(BUILD)/tests/load_test
LOAD_SERVER := $(BUILD)/tests/load_server
TEST_STEPS += test-load
.PHONY: test-load $(LOAD_SERVER)
$(LOAD_SERVER):
	@mkdir -p $(dir $@)
	$(GO) build -o $@ ./tests/load/server
$(LOAD_TEST): tests/c/load_test.c build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -D_POSIX_C_SOURCE=200809L -I$(BUILD)/include -o $@ tests/c/load_test.c -L$(BUILD) -lgosoto -pthread $(RPATH)
test-load: $(LOAD_TEST) $(LOAD_SERVER)
	tests/load/with-load-server.sh $(LOAD_SERVER) $(LOAD_TEST)

# fork: the parent keeps working; the child that calls in gets
# GOSOTO_E_INTERNAL ("cannot be used in a child process after fork") from
# the C-level guard (capi/fork.c) instead of a hang. Run quiet, and with 4
# threads calling while the parent forks.
FORK_TEST := $(BUILD)/tests/fork_test
TEST_STEPS += test-fork
.PHONY: test-fork
$(FORK_TEST): tests/c/fork_test.c build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -D_POSIX_C_SOURCE=200809L -I$(BUILD)/include -o $@ tests/c/fork_test.c -L$(BUILD) -lgosoto -pthread $(RPATH)
test-fork: $(FORK_TEST) $(LOAD_SERVER)
	@! grep -n '^//export gosoto_[a-z]' capi/*.go || \
		{ echo "test-fork: exports must be named gosoto__go_* with a guarded C wrapper in capi/fork.c"; exit 1; }
	tests/load/with-load-server.sh $(LOAD_SERVER) $(FORK_TEST)
	GOSOTO_FORK_BUSY=4 tests/load/with-load-server.sh $(LOAD_SERVER) $(FORK_TEST)

# The race detector over the whole repository.
TEST_STEPS += test-race
.PHONY: test-race
test-race:
	$(GO) test -race -count=1 ./...

TEST_STEPS += test-python
test-python: build
	tests/scripts/python-tests.sh

# The Ruby gem (bindings/ruby): minitest against local-aws-sqs.
TEST_STEPS += test-ruby
test-ruby: build
	$(SCRIPTS)/ruby-tests.sh

# The C++ (include/gosoto.hpp, C++17), Ruby and Python SQS examples against
# local-aws-sqs, each one's output checked as test-demo checks the C demo's.
CXX17    := -std=c++17 $(CWARN) -pedantic
CPP_DEMO := $(BUILD)/bin/sqs_demo_cpp
$(CPP_DEMO): examples/cpp/sqs_demo.cpp include/gosoto.hpp examples/c/json_get.h build
	@mkdir -p $(dir $@)
	$(CXX) $(CXX17) -I$(BUILD)/include -Iexamples/c -o $@ examples/cpp/sqs_demo.cpp -L$(BUILD) -lgosoto $(RPATH)

# A copy of the library inside the Ruby gem (lib/gosoto/native/), for
# `gem build`.
ruby-lib: lib
	rm -f bindings/ruby/lib/gosoto/native/libgosoto.so*
	@mkdir -p bindings/ruby/lib/gosoto/native
	cp -L $(BUILD)/$(LIBREAL) bindings/ruby/lib/gosoto/native/$(SONAME)

TEST_STEPS += test-examples
test-examples: $(CPP_DEMO)
	$(SCRIPTS)/check-examples.sh $(CPP_DEMO)

# A copy of the library inside the Python package, for `pip install`.
python-lib: lib
	rm -f bindings/python/gosoto/libgosoto.so*
	cp -L $(BUILD)/$(LIBREAL) bindings/python/gosoto/$(SONAME)

# ---------------------------------------------------------------- memory safety

# The C tests, the demo and the leak test under AddressSanitizer +
# UndefinedBehaviorSanitizer (clang) and under valgrind memcheck, against an
# unstripped copy of the library (symbols for the reports and for the
# suppressions; -w still drops DWARF, whose Go 1.26 DWARF 5 valgrind 3.19
# cannot read): build/memcheck/lib for ASan, build/memcheck/valgrind/lib
# for valgrind. tests/sanitizers/memcheck.sh runs them, with every
# sanitizer and valgrind option explained there.
MEM       := $(BUILD)/memcheck
SAN_CC    ?= clang
SANITIZE  := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer -g -O1
MEM_RPATH := -Wl,-rpath,'$$ORIGIN/../lib'
LEAK_TEST := $(BUILD)/tests/leak_test
VG        := $(MEM)/valgrind

memcheck-lib:
	@mkdir -p $(MEM)/lib
	$(GO) build -buildmode=c-shared -trimpath -ldflags "-w -extldflags -Wl,-soname,$(SONAME)" \
		-o $(MEM)/lib/$(SONAME) ./capi
	@ln -sf $(SONAME) $(MEM)/lib/$(LIBNAME)

# The valgrind copy is built with Go's heap at its fixed, pre-Go-1.26 base
# (GOEXPERIMENT=norandomizedheapbase64, 0xc000000000), far from every C
# stack and from the C heap, so that valgrind never takes a jump between a
# C stack and a goroutine stack for a stack frame and never re-marks C
# memory (see tests/sanitizers/memcheck.sh). The first build compiles the
# standard library once more for that setting; later ones are cached.
memcheck-vg-lib:
	@mkdir -p $(VG)/lib
	GOEXPERIMENT=$${GOEXPERIMENT:+$$GOEXPERIMENT,}norandomizedheapbase64 \
		$(GO) build -buildmode=c-shared -trimpath -ldflags "-w -extldflags -Wl,-soname,$(SONAME)" \
		-o $(VG)/lib/$(SONAME) ./capi
	@ln -sf $(SONAME) $(VG)/lib/$(LIBNAME)

# mem-bins DIR CC FLAGS LIBDIR: the four programs of memcheck.sh in DIR,
# linked against the library in LIBDIR (which must be DIR/../lib: they find
# it there at run time).
define mem-bins
	@mkdir -p $(1)
	$(2) $(C99) $(3) -D_POSIX_C_SOURCE=200809L -Iexamples/c -I$(BUILD)/include -o $(1)/capi_test \
		$(CAPI_TEST_SRCS) -L$(4) -lgosoto -pthread $(MEM_RPATH)
	$(2) $(C99) $(3) -I$(BUILD)/include -o $(1)/sqs_demo examples/c/sqs_demo.c -L$(4) -lgosoto $(MEM_RPATH)
	$(2) $(C99) $(3) -I$(BUILD)/include -o $(1)/leak_test tests/leak/leak_test.c -L$(4) -lgosoto $(MEM_RPATH)
	$(2) $(C99) $(3) -I$(BUILD)/include -o $(1)/must_fail tests/sanitizers/must_fail.c -L$(4) -lgosoto $(MEM_RPATH)
endef

# test-valgrind: about 45 s on 2 cores (memcheck runs code ~20x slower),
# plus, once per Go build cache, memcheck-vg-lib's build of everything for
# its GOEXPERIMENT (about a minute).
TEST_STEPS += test-leak test-asan test-valgrind
test-asan: headers memcheck-lib
	$(call mem-bins,$(MEM)/asan,$(SAN_CC),$(SANITIZE),$(MEM)/lib)
	tests/sanitizers/memcheck.sh asan $(MEM)/asan

test-valgrind: headers memcheck-vg-lib
	$(call mem-bins,$(VG)/bin,$(CC),-g -O0,$(VG)/lib)
	tests/sanitizers/memcheck.sh valgrind $(VG)/bin

# Every core entry point 100,000 times (GOSOTO_LEAK_ITERATIONS), resident
# memory flat (tests/leak/leak_test.c). No network.
$(LEAK_TEST): tests/leak/leak_test.c build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -I$(BUILD)/include -o $@ tests/leak/leak_test.c -L$(BUILD) -lgosoto $(RPATH)

test-leak: $(LEAK_TEST)
	$(LEAK_TEST)

# ---------------------------------------------------------------- fuzz

# Every fuzz target, as package:Name. `go test` (test-go) runs each one's
# seed corpus (f.Add plus testdata/fuzz/<Name>/); `make fuzz` fuzzes each
# for FUZZTIME, `make test-fuzz-short` for FUZZTIME_SHORT.
FUZZ_TARGETS := \
	./sdk/settings:FuzzParse \
	./sdk/client:FuzzNew ./sdk/client:FuzzBuildRequest ./sdk/client:FuzzParseResponse \
	./sdk/protocol:FuzzBuild ./sdk/protocol:FuzzRESTBuild \
	./sdk/protocol:FuzzParse ./sdk/protocol:FuzzEC2Parse ./sdk/protocol:FuzzRESTParse \
	./sdk/signer/v4:FuzzSignJSON ./sdk/signer/v4:FuzzCanonical \
	./credentials:FuzzParseOptionsJSON ./credentials:FuzzParseSharedFile \
	./sdk/jmespath:FuzzCompile ./sdk/endpoints:FuzzResolve ./sdk/endpoints:FuzzScanner
FUZZTIME       ?= 10m
FUZZTIME_SHORT ?= 3s

# run-fuzz TIME: each target in turn; a finding stops the run (go test
# writes the failing input to the package's testdata/fuzz/<Name>/).
define run-fuzz
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz: $$pkg $$name for $(1)"; \
		out=$$($(GO) test $$pkg -run '^$$' -fuzz "^$$name\$$" -fuzztime $(1) 2>&1); rc=$$?; \
		if [ $$rc -ne 0 ]; then echo "$$out"; exit 1; fi; \
		echo "$$out" | grep 'execs:' | tail -n 1; \
	done
endef

fuzz:
	$(call run-fuzz,$(FUZZTIME))

TEST_STEPS += test-fuzz-short
test-fuzz-short:
	$(call run-fuzz,$(FUZZTIME_SHORT))

# ---------------------------------------------------------------- generate

# codegen fetches the pinned model module itself (go mod download).
generate:
	$(GO) run ./codegen

# ---------------------------------------------------------------- install

install: build
	install -d $(DESTDIR)$(PREFIX)/lib/pkgconfig $(DESTDIR)$(PREFIX)/include/gosoto
	install -m 0755 $(BUILD)/$(LIBREAL) $(DESTDIR)$(PREFIX)/lib/$(LIBREAL)
	ln -sf $(LIBREAL) $(DESTDIR)$(PREFIX)/lib/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(PREFIX)/lib/$(LIBNAME)
	install -m 0644 include/gosoto.h $(DESTDIR)$(PREFIX)/include/gosoto.h
	install -m 0644 include/gosoto.hpp $(DESTDIR)$(PREFIX)/include/gosoto.hpp
	install -m 0644 $(wildcard include/gosoto/*.h) $(DESTDIR)$(PREFIX)/include/gosoto/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' gosoto.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc
	@chmod 0644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/$(LIBREAL) $(DESTDIR)$(PREFIX)/lib/$(SONAME) \
		$(DESTDIR)$(PREFIX)/lib/$(LIBNAME) $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc \
		$(DESTDIR)$(PREFIX)/include/gosoto.h $(DESTDIR)$(PREFIX)/include/gosoto.hpp
	rm -rf $(DESTDIR)$(PREFIX)/include/gosoto

clean:
	rm -rf $(BUILD)
