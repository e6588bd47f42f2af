# frozen_string_literal: true

module Gosoto
  # gosoto's exceptions, laid out as aws-sdk-ruby's.
  #
  # * ServiceError: the service answered with an error. Each error code has
  #   its own subclass, made on first use (Gosoto::Errors::QueueDoesNotExist,
  #   Gosoto::Errors::AccessDenied, ...), so `rescue
  #   Gosoto::Errors::QueueDoesNotExist` works before any such error was
  #   seen. A code that is not a Ruby constant name
  #   ("AWS.SimpleQueueService.NonExistentQueue") becomes one by dropping
  #   every character that is not a letter, digit or underscore
  #   (AWSSimpleQueueServiceNonExistentQueue), as aws-sdk-ruby does. When the
  #   library names the modeled error shape (ErrorShape), that shape's class
  #   is raised.
  # * Error and its other subclasses: nothing reached the service, or nothing
  #   usable came back (ValidationError, CredentialsError, NetworkError,
  #   InvalidArgumentError, InternalError).
  module Errors
    # Base of every gosoto exception. error_document is the library's error
    # JSON, parsed (a Hash; {} when there was none).
    class Error < StandardError
      attr_reader :error_document

      def initialize(message = nil, error_document = nil)
        @error_document = error_document || {}
        super(message)
      end
    end

    # The parameters do not match the operation's input shape; nothing was
    # sent (aws-sdk-ruby's ArgumentError from its ParamValidator, botocore's
    # ParamValidationError).
    class ValidationError < Error; end

    # No credentials could be resolved (the message names every source
    # tried); aws-sdk-ruby's MissingCredentialsError.
    class CredentialsError < Error; end
    MissingCredentialsError = CredentialsError

    # Connection refused, DNS, TLS or a timeout, after all retries
    # (aws-sdk-ruby's Seahorse::Client::NetworkingError).
    class NetworkError < Error; end
    NetworkingError = NetworkError

    # The library refused an argument: a bad config value, an unknown
    # service or operation, a freed handle.
    class InvalidArgumentError < Error; end

    # A bug in gosoto (for example a recovered Go panic).
    class InternalError < Error; end

    # The process was forked after libgosoto was loaded.
    class ForkError < Error; end

    # Where a service error happened: the operation (model name), the
    # parameters as given, and the client.
    ErrorContext = Struct.new(:operation_name, :params, :client, keyword_init: true)

    # The service answered with an error.
    #
    #   code         the service's error code ("QueueDoesNotExist")
    #   message      its message
    #   context      an ErrorContext (operation_name, params, client)
    #   data         the modeled error's members as a Structure, or nil
    #   response     {"Error" => {...}, "ResponseMetadata" => {...}}: the error
    #                JSON as the library gave it (boto3's ClientError.response)
    #   request_id, http_status_code, retryable?
    class ServiceError < Error
      attr_reader :code, :context, :data, :response

      def initialize(context, message, data = nil, error_document = {})
        @context = context
        @data = data
        @response = error_document.reject { |k, _| %w[Kind Retryable ErrorShape].include?(k) }
        err = error_document["Error"] || {}
        @code = err["Code"] || self.class.code
        super(message.to_s.empty? ? @code : message, error_document)
      end

      # The error code this class stands for (nil for ServiceError itself).
      class << self
        attr_accessor :code
      end

      def request_id
        (response["ResponseMetadata"] || {})["RequestId"]
      end

      def http_status_code
        (response["ResponseMetadata"] || {})["HTTPStatusCode"]
      end

      def retryable?
        error_document["Retryable"] == true
      end
    end

    @lock = Mutex.new

    class << self
      # The ServiceError subclass for an error code or shape name, made on
      # first use.
      def error_class(code)
        name = constant_name(code)
        return ServiceError if name.nil?

        @lock.synchronize do
          if const_defined?(name, false)
            const_get(name, false)
          else
            klass = Class.new(ServiceError)
            klass.code = code.to_s
            const_set(name, klass)
          end
        end
      end

      # Any unknown constant under Gosoto::Errors is a service error code.
      def const_missing(name)
        return super unless name.to_s.match?(/\A[A-Z]\w*\z/)

        error_class(name.to_s)
      end

      private

      def constant_name(code)
        name = code.to_s.gsub(/\W+/, "")
        return nil if name.empty?

        name = name[0].upcase + name[1..]
        name = "Error#{name}" unless name.match?(/\A[A-Z]/)
        name
      end
    end
  end
end
