# frozen_string_literal: true

module Gosoto
  # A client of one AWS service, made from the library's description of it.
  #
  #   sqs = Gosoto::Client.new(:sqs, region: "us-east-1")
  #   url = sqs.create_queue(queue_name: "jobs").queue_url
  #   sqs.send_message(queue_url: url, message_body: "hello",
  #                    message_attributes: {"raw" => {data_type: "Binary", binary_value: "\x00\x01".b}})
  #   resp = sqs.receive_message(queue_url: url, wait_time_seconds: 1)
  #   resp.messages.first.body          # Structs, as aws-sdk-ruby returns them
  #   resp.to_h                         # {messages: [{message_id: ..., body: ...}], response_metadata: {...}}
  #
  # Methods are the operations' snake_case names (botocore's xform_name, as
  # the library gives them); they take keyword arguments (or one Hash) named
  # as aws-sdk-ruby names them (queue_url: for QueueUrl, nested structures
  # too; map keys are left as they are) and return a Structure of the
  # operation's output, with response_metadata (request_id,
  # http_status_code, http_headers, retry_attempts). Blobs are binary
  # Strings and timestamps Time, on input and output.
  #
  # Every call goes through gosoto_client_call, attached with blocking: true:
  # the GVL is released while the call waits, so threads run concurrently.
  # A client may be used from many threads at once.
  #
  # Paginators: client.paginate(:list_queues, max_results: 10) returns an
  # Enumerator over the pages (each a result as the method returns it),
  # fetched lazily through gosoto_paginator_new/next/free. Waiters:
  # client.wait_until(:instance_running, params, delay:, max_attempts:)
  # polls through gosoto_client_wait.
  class Client
    @descriptions = {}
    @lock = Mutex.new

    class << self
      # The description of a built-in service, cached for the process.
      def describe_service(name)
        name = name.to_s
        d = @descriptions[name]
        return d if d

        status, text = Native.call_json(:gosoto_service_describe, name)
        Client.raise_for(status, text, nil) unless status == Native::OK
        @lock.synchronize do
          @descriptions[name] ||= begin
            doc = JSON.parse(text)
            ServiceModel.new(doc, types_module((doc["metadata"] || {})["service_id"] || name))
          end
        end
      end

      # The Gosoto::Types::<Service> module for a service's structures.
      def types_module(name)
        const = name.to_s.split(/[^A-Za-z0-9]+/).map { |p| p[0].upcase + p[1..] }.join
        const = "Service#{const}" unless const.match?(/\A[A-Z]/)
        Types.const_defined?(const, false) ? Types.const_get(const, false) : Types.const_set(const, Module.new)
      end

      # Raises the exception for a failed library call.
      def raise_for(status, text, model, operation_name: nil, params: nil, client: nil)
        doc = begin
          text ? JSON.parse(text) : {}
        rescue JSON::ParserError
          {}
        end
        doc = {} unless doc.is_a?(Hash)
        err = doc["Error"].is_a?(Hash) ? doc["Error"] : {}
        msg = err["Message"] || text || "status #{status}"
        case status
        when Native::E_SERVICE
          raise service_error(doc, err, model, operation_name, params, client)
        when Native::E_VALIDATION then raise Errors::ValidationError.new(msg, doc)
        when Native::E_CREDENTIALS then raise Errors::CredentialsError.new(msg, doc)
        when Native::E_NETWORK then raise Errors::NetworkError.new(msg, doc)
        when Native::E_INVALID_ARGUMENT then raise Errors::InvalidArgumentError.new(msg, doc)
        else raise Errors::InternalError.new("gosoto internal error: #{msg}", doc)
        end
      end

      private

      def service_error(doc, err, model, operation_name, params, client)
        code = err["Code"].to_s
        shape = model && modeled_shape(model, doc, code)
        klass = Errors.error_class(shape || code)
        data = nil
        if shape
          data = model.structure_class(shape).new
          model.members(shape).each do |m|
            v = err[m.name]
            v = err[m.name[0].upcase + m.name[1..]] if v.nil?
            data[m.sym] = v.nil? ? nil : model.from_wire(m.shape, v)
          end
        end
        ctx = Errors::ErrorContext.new(operation_name: operation_name, params: params, client: client)
        klass.new(ctx, err["Message"], data, doc)
      end

      # The modeled error shape of an error document: the library's
      # ErrorShape, else a shape whose name or error code is the code.
      def modeled_shape(model, doc, code)
        names = model.error_shape_names
        return doc["ErrorShape"] if doc["ErrorShape"] && names.include?(doc["ErrorShape"])
        return code if names.include?(code)

        names.find { |n| (model.shapes[n]["error"] || {})["code"] == code }
      end
    end

    # The service model (operations, shapes) the client was made with.
    attr_reader :service_model

    # service: a botocore service name (:sqs, "sts"), or nil with
    # service_model:/service_model_path:.
    # region, endpoint, profile: as the AWS SDKs resolve them when nil.
    # credentials: a Gosoto::Credentials (shared: the client signs with its
    #   current, refreshed credentials; with a library older than
    #   gosoto_client_new_with_credentials its keys of the moment are
    #   taken), an object with access_key_id/secret_access_key/
    #   session_token (aws-sdk-ruby's Aws::Credentials, or a provider
    #   answering #credentials: its keys of the moment), or a Hash.
    # access_key_id, secret_access_key, session_token: static keys.
    # max_attempts, retry_mode; http_open_timeout, http_read_timeout and
    # timeout in seconds (connect, next byte, whole call with retries).
    # service_model: a botocore service-2.json document (Hash or JSON text);
    # service_model_path: its path. config: more gosoto_client_new keys.
    def initialize(service = nil, region: nil, endpoint: nil, credentials: nil, profile: nil,
                   access_key_id: nil, secret_access_key: nil, session_token: nil,
                   max_attempts: nil, retry_mode: nil, http_open_timeout: nil,
                   http_read_timeout: nil, timeout: nil, service_model: nil,
                   service_model_path: nil, config: {})
      cfg = {}
      cfg["service"] = service.to_s if service
      cfg["region"] = region if region
      cfg["endpoint_url"] = endpoint.to_s if endpoint
      cfg["profile"] = profile.to_s if profile
      shared = credentials if credentials.is_a?(Credentials) && Native.has?(:gosoto_client_new_with_credentials)
      static = shared ? nil : Credentials.static_hash(credentials) ||
               Credentials.static_hash(access_key_id: access_key_id, secret_access_key: secret_access_key,
                                       session_token: session_token)
      cfg["credentials"] = static if static
      cfg["max_attempts"] = Integer(max_attempts) if max_attempts
      cfg["retry_mode"] = retry_mode.to_s if retry_mode
      cfg["connect_timeout_ms"] = (http_open_timeout * 1000).round if http_open_timeout
      cfg["read_timeout_ms"] = (http_read_timeout * 1000).round if http_read_timeout
      cfg["timeout_ms"] = (timeout * 1000).round if timeout
      cfg["service_model"] = service_model.is_a?(String) ? JSON.parse(service_model) : service_model if service_model
      cfg["service_model_path"] = service_model_path.to_s if service_model_path
      config.each { |k, v| cfg[k.to_s] = v }

      custom = cfg.key?("service_model") || cfg.key?("service_model_path")
      model = self.class.describe_service(service) if service && !custom
      status, handle, err = if shared
                              new_with_credentials(cfg, shared)
                            else
                              Native.new_handle(:gosoto_client_new, Native.dump(cfg))
                            end
      self.class.raise_for(status, err, nil) unless status == Native::OK
      @handle = Native::ClientHandle.new(handle)
      if custom
        st, text = Native.call_json(:gosoto_client_describe, @handle)
        self.class.raise_for(st, text, nil) unless st == Native::OK
        model = ServiceModel.new(JSON.parse(text))
      end
      @service_model = model
      model.error_shape_names.each { |n| Errors.error_class(n) } # rescue-able before first use
      extend(operations_module(model))
    end

    # The operations' snake_case names, as symbols (aws-sdk-ruby's
    # Client#operation_names).
    def operation_names
      @service_model.operations.values.map { |o| o.snake_name.to_sym }.sort
    end

    # What the client resolved: {region:, endpoint:, service:}.
    def config
      @config ||= begin
        st, text = Native.call_json(:gosoto_client_info, @handle)
        d = st == Native::OK && text ? JSON.parse(text) : {}
        Struct.new(:service, :region, :endpoint, keyword_init: true)
              .new(service: d["service"], region: d["region"], endpoint: d["endpoint_url"])
      end
    end

    # Calls an operation by snake_case name or model name with a Hash of
    # parameters (what the generated methods do).
    def call_operation(operation, params = {})
      op = @service_model.operation_for(operation) || @service_model.operations[operation.to_s]
      raise Errors::InvalidArgumentError, "#{@service_model.name} has no operation #{operation}" unless op

      invoke(op, params || {})
    end

    # An Enumerator over the pages of a paginated operation (snake_case or
    # model name); nothing is sent until the first page is asked for. A
    # failed page raises as the method would. page_size: sets the limit key.
    def paginate(operation, params = nil, page_size: nil, **kwargs)
      op = @service_model.operation_for(operation) || @service_model.operations[operation.to_s]
      raise Errors::InvalidArgumentError, "#{@service_model.name} has no operation #{operation}" unless op

      params = params ? params.to_h.merge(kwargs) : kwargs
      input = @service_model.input_to_wire(op, params)
      input["PaginationConfig"] = { "PageSize" => Integer(page_size) } if page_size
      h = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      status = Native.lib.gosoto_paginator_new(@handle, op.name, Native.dump(input), h, err)
      text = Native.take_string(err.read_pointer)
      self.class.raise_for(status, text, @service_model, operation_name: op.name, params: params, client: self) unless status == Native::OK
      pager = Native::PaginatorHandle.new(h.read_pointer)
      Enumerator.new do |y|
        loop do
          st, page = Native.call_json(:gosoto_paginator_next, pager)
          break if st == Native::DONE

          self.class.raise_for(st, page, @service_model, operation_name: op.name, params: params, client: self) unless st == Native::OK
          y << @service_model.output_from_wire(op, JSON.parse(page))
        end
      end
    end

    # Waits until a waiter's condition holds (snake_case or model name;
    # params of its operation; delay:/max_attempts: override the waiter's).
    # Returns the last response (the library's JSON, parsed); raises
    # ServiceError WaiterFailure / WaiterMaxAttemptsExceeded. The library
    # does not say which operation a waiter calls, so snake_case keys are
    # camel-cased naively (queue_url -> QueueUrl; give "DBInstanceIdentifier"
    # as a String where that is wrong).
    def wait_until(waiter, params = nil, delay: nil, max_attempts: nil, **kwargs)
      params = params ? params.to_h.merge(kwargs) : kwargs
      input = params.each_with_object({}) do |(k, v), h|
        h[k.is_a?(Symbol) ? k.to_s.split("_").map(&:capitalize).join : k.to_s] = v
      end
      cfg = {}
      cfg["Delay"] = delay if delay
      cfg["MaxAttempts"] = max_attempts if max_attempts
      input["WaiterConfig"] = cfg unless cfg.empty?
      status, text = Native.call_json(:gosoto_client_wait, @handle, waiter.to_s, Native.dump(input))
      self.class.raise_for(status, text, @service_model, operation_name: waiter.to_s, params: params, client: self) unless status == Native::OK
      JSON.parse(text)
    end

    # Releases the client's handle and its connections now rather than at
    # garbage collection; later calls raise InvalidArgumentError.
    def close
      h = @handle
      @handle = Native::ClientHandle.new(FFI::Pointer::NULL) if h
      h&.free
      nil
    end

    def inspect
      "#<Gosoto::Client #{@service_model.name}>"
    end

    private

    def invoke(op, params)
      input = @service_model.input_to_wire(op, params)
      begin
        payload = Native.dump(input)
      rescue JSON::GeneratorError, Encoding::UndefinedConversionError => e
        raise Errors::ValidationError, "#{op.snake_name}: #{e.message}"
      end
      status, text = Native.call_json(:gosoto_client_call, @handle, op.name, payload)
      unless status == Native::OK
        self.class.raise_for(status, text, @service_model, operation_name: op.name, params: params, client: self)
      end
      @service_model.output_from_wire(op, text ? JSON.parse(text) : {})
    end

    # gosoto_client_new_with_credentials: the client shares the provider
    # (and its refreshes) instead of resolving its own.
    def new_with_credentials(cfg, creds)
      h = FFI::MemoryPointer.new(:pointer)
      err = FFI::MemoryPointer.new(:pointer)
      status = Native.lib.gosoto_client_new_with_credentials(Native.dump(cfg), creds.handle, h, err)
      ptr = h.read_pointer
      [status, ptr.null? ? nil : ptr, Native.take_string(err.read_pointer)]
    end

    def operations_module(model)
      model.instance_variable_get(:@client_module) || model.instance_variable_set(:@client_module, build_module(model))
    end

    def build_module(model)
      Module.new do
        model.operations.each_value do |op|
          define_method(op.snake_name) do |params = nil, **kwargs|
            params = params ? params.to_h.merge(kwargs) : kwargs
            invoke(op, params)
          end
        end
      end
    end
  end

  # The structure classes of each built-in service, by service id:
  # Gosoto::Types::SQS::Message, Gosoto::Types::STS::Credentials, ...
  module Types; end
end
