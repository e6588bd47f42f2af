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

.PHONY: all build lib headers demo demo-bin test test-python python-lib test-go vet codegen-check \
        test-headers test-json-get test-c test-sigv4-capi test-demo test-moto test-install generate \
        install uninstall clean

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
	cp include/gosoto.h $(BUILD)/include/
	cp $(wildcard include/gosoto/*.h) $(BUILD)/include/gosoto/

$(DEMO): examples/c/sqs_demo.c examples/c/json_get.h build
	@mkdir -p $(dir $@)
	$(CC) $(C99) -I$(BUILD)/include -o $@ examples/c/sqs_demo.c -L$(BUILD) -lgosoto $(RPATH)

CAPI_TEST_SRCS := tests/c/capi_test.c tests/c/capi_test_calls.c tests/c/capi_test_env.c tests/c/check.c

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
test-headers:
	@mkdir -p $(BUILD)/hdr
	$(CC)  $(C99)   -Iinclude -c tests/c/header_alone.c -o $(BUILD)/hdr/alone_c.o
	$(CXX) $(CXX11) -Iinclude -x c++ -c tests/c/header_alone.c -o $(BUILD)/hdr/alone_cxx.o
	$(CC)  $(C99)   -Iinclude -c tests/c/header_check.c -o $(BUILD)/hdr/check_c.o
	$(CXX) $(CXX11) -Iinclude -x c++ -c tests/c/header_check.c -o $(BUILD)/hdr/check_cxx.o
	@for h in $(wildcard include/gosoto/*.h); do \
		echo "#include <gosoto/$$(basename $$h)>" > $(BUILD)/hdr/one.c; \
		$(CC) $(C99) -Iinclude -fsyntax-only $(BUILD)/hdr/one.c || exit 1; \
		$(CXX) $(CXX11) -Iinclude -fsyntax-only -x c++ $(BUILD)/hdr/one.c || exit 1; \
	done
	@echo "headers: C99 and C++11 checks passed"

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

# The Python binding (bindings/python): pytest against local-aws-sqs, in a
# venv under build/ with pinned test dependencies.
TEST_STEPS += test-python
test-python: build
	tests/scripts/python-tests.sh

# A copy of the library inside the Python package, for `pip install`.
python-lib: lib
	rm -f bindings/python/gosoto/libgosoto.so*
	cp -L $(BUILD)/$(LIBREAL) bindings/python/gosoto/$(SONAME)

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
	install -m 0644 $(wildcard include/gosoto/*.h) $(DESTDIR)$(PREFIX)/include/gosoto/
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@VERSION@|$(VERSION)|g' gosoto.pc.in \
		> $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc
	@chmod 0644 $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/lib/$(LIBREAL) $(DESTDIR)$(PREFIX)/lib/$(SONAME) \
		$(DESTDIR)$(PREFIX)/lib/$(LIBNAME) $(DESTDIR)$(PREFIX)/lib/pkgconfig/gosoto.pc \
		$(DESTDIR)$(PREFIX)/include/gosoto.h
	rm -rf $(DESTDIR)$(PREFIX)/include/gosoto

clean:
	rm -rf $(BUILD)
