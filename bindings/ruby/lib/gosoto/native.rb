# frozen_string_literal: true

require "ffi"
require "json"

module Gosoto
  # Finding, loading and calling libgosoto.so through ruby-ffi.
  #
  # Nothing here runs at require time: the library is loaded by the first
  # call that needs it (Native.lib), because the Go runtime inside
  # libgosoto.so does not survive fork(). A process may require "gosoto" and
  # then fork freely; each process that uses gosoto loads the library for
  # itself. A child forked *after* its parent loaded the library cannot use
  # it: such a call raises Gosoto::Errors::ForkError instead of hanging.
  #
  # Lookup order: the GOSOTO_LIBRARY environment variable (a path), then a
  # copy inside the gem (lib/gosoto/native/libgosoto.so*), then the system's
  # library path (libgosoto.so.0, then libgosoto.so).
  #
  # Every function that may wait on the network (calls, credential lookups,
  # signing with the default chain) is attached with blocking: true, so the
  # GVL is released while it runs and other Ruby threads keep going.
  module Native
    OK = 0
    E_INVALID_ARGUMENT = 1
    E_VALIDATION = 2
    E_CREDENTIALS = 3
    E_SERVICE = 4
    E_NETWORK = 5
    E_INTERNAL = 6

    GEM_NATIVE_DIR = File.expand_path("native", __dir__)
    SYSTEM_NAMES = %w[libgosoto.so.0 libgosoto.so].freeze

    # The functions of include/gosoto.h: [name, args, return, blocking].
    FUNCTIONS = [
      [:gosoto_version, [], :string, false],
      [:gosoto_string_free, [:pointer], :void, false],
      [:gosoto_client_new, %i[string pointer pointer], :int, false],
      [:gosoto_client_new_with_credentials, %i[string pointer pointer pointer], :int, false],
      [:gosoto_client_free, [:pointer], :void, false],
      [:gosoto_client_call, %i[pointer string string pointer], :int, true],
      [:gosoto_client_build_request, %i[pointer string string pointer], :int, true],
      [:gosoto_client_parse_response, %i[pointer string string pointer], :int, false],
      [:gosoto_client_describe, %i[pointer pointer], :int, false],
      [:gosoto_client_info, %i[pointer pointer], :int, false],
      [:gosoto_service_describe, %i[string pointer], :int, false],
      [:gosoto_services, [:pointer], :int, false],
      [:gosoto_sign, %i[string pointer], :int, true],
      [:gosoto_credentials_new, %i[string pointer pointer], :int, false],
      [:gosoto_credentials_get, %i[pointer pointer], :int, true],
      [:gosoto_credentials_free, [:pointer], :void, false],
      [:gosoto_paginator_new, %i[pointer string string pointer pointer], :int, false],
      [:gosoto_paginator_next, %i[pointer pointer], :int, true],
      [:gosoto_paginator_free, [:pointer], :void, false],
      [:gosoto_client_wait, %i[pointer string string pointer], :int, true]
    ].freeze
    DONE = 100

    # The attached functions live here, so that Native's own methods stay
    # readable and the library is loaded only when asked for.
    module Lib
      extend FFI::Library
    end

    @mutex = Mutex.new
    @loaded = false
    @loaded_pid = nil
    @path = nil
    @available = {}

    class << self
      # The paths tried, in order.
      def candidates
        env = ENV["GOSOTO_LIBRARY"]
        return [env] if env && !env.empty?

        gem_copies = Dir.glob(File.join(GEM_NATIVE_DIR, "libgosoto.so*")).sort
        gem_copies + SYSTEM_NAMES
      end

      # The loaded library's function module, loading it on first use.
      def lib
        check_fork! if @loaded
        return Lib if @loaded

        @mutex.synchronize { load! unless @loaded }
        Lib
      end

      # The path the library was loaded from (nil until it is loaded).
      attr_reader :path

      def loaded?
        @loaded
      end

      # Whether the loaded library exports a function (loads it).
      def has?(name)
        lib
        @available.fetch(name.to_sym, false)
      end

      # gosoto_version of the loaded library.
      def version
        lib.gosoto_version
      end

      # Calls fn(*args, char **out_json); returns [status, text or nil].
      def call_json(name, *args)
        out = FFI::MemoryPointer.new(:pointer)
        status = lib.public_send(name, *args, out)
        [status, take_string(out.read_pointer)]
      end

      # Calls a _new(const char *, T **out, char **err_json); returns
      # [status, handle pointer or nil, error text or nil].
      def new_handle(name, arg)
        h = FFI::MemoryPointer.new(:pointer)
        err = FFI::MemoryPointer.new(:pointer)
        status = lib.public_send(name, arg, h, err)
        ptr = h.read_pointer
        [status, ptr.null? ? nil : ptr, take_string(err.read_pointer)]
      end

      # Copies a string the library handed out, then releases it. The
      # pointer is held by an OwnedString (an FFI::AutoPointer) from the
      # moment it arrives, so it is released even if copying raises.
      def take_string(ptr)
        return nil if ptr.nil? || ptr.null?

        owned = OwnedString.new(ptr)
        begin
          owned.read_string.force_encoding(Encoding::UTF_8)
        ensure
          owned.free
        end
      end

      # JSON text for the library: compact, UTF-8.
      def dump(doc)
        JSON.generate(doc)
      end

      # Whether this process may still call into the library (not a child
      # forked after the library was loaded).
      def usable?
        @loaded && Process.pid == @loaded_pid
      end

      private

      def check_fork!
        return if Process.pid == @loaded_pid

        raise Errors::ForkError,
              "gosoto: this process was forked after its parent loaded libgosoto, and the Go " \
              "runtime inside it does not survive fork(). Use gosoto in the parent only after " \
              "forking, or exec a fresh Ruby in the child."
      end

      def load!
        errors = []
        loaded = nil
        candidates.each do |c|
          begin
            Lib.ffi_lib(c)
            loaded = c
            break
          rescue LoadError => e
            errors << "#{c}: #{e.message.lines.first&.strip}"
          end
        end
        unless loaded
          raise LoadError,
                "gosoto: cannot load libgosoto (set GOSOTO_LIBRARY to its path, or install it); " \
                "tried:\n  #{errors.join("\n  ")}"
        end
        FUNCTIONS.each do |name, args, ret, blocking|
          begin
            Lib.attach_function(name, args, ret, blocking: blocking)
            @available[name] = true
          rescue FFI::NotFoundError
            @available[name] = false # an older library: the feature that needs it says so
          end
        end
        @path = loaded
        @loaded_pid = Process.pid
        @loaded = true
      end
    end

    # A string the library handed out; released with gosoto_string_free.
    class OwnedString < FFI::AutoPointer
      def self.release(ptr)
        Native::Lib.gosoto_string_free(ptr) if Native.usable?
      end
    end

    # A gosoto_client handle; released with gosoto_client_free.
    class ClientHandle < FFI::AutoPointer
      def self.release(ptr)
        Native::Lib.gosoto_client_free(ptr) if Native.usable?
      end
    end

    # A gosoto_paginator handle; released with gosoto_paginator_free.
    class PaginatorHandle < FFI::AutoPointer
      def self.release(ptr)
        Native::Lib.gosoto_paginator_free(ptr) if Native.usable?
      end
    end

    # A gosoto_credentials handle; released with gosoto_credentials_free.
    class CredentialsHandle < FFI::AutoPointer
      def self.release(ptr)
        Native::Lib.gosoto_credentials_free(ptr) if Native.usable?
      end
    end
  end
end
