# frozen_string_literal: true

require "base64"
require "time"
require "date"

module Gosoto
  # Included in every structure class gosoto makes from a model shape
  # (Struct subclasses with snake_case members), as aws-sdk-ruby's
  # Aws::Structure: members read as methods or with [:name], and to_h gives
  # a nested Hash with symbol keys and without the members that are nil.
  module Structure
    def to_h(obj = self)
      case obj
      when Structure
        obj.each_pair.with_object({}) do |(k, v), h|
          h[k] = to_h(v) unless v.nil?
        end
      when Hash
        obj.transform_values { |v| to_h(v) }
      when Array
        obj.map { |v| to_h(v) }
      else
        obj
      end
    end
    alias to_hash to_h

    # An empty structure is falsy-looking nowhere in Ruby; this tells.
    def empty?
      each_pair.none? { |_, v| !v.nil? }
    end
  end

  # The base of the classes of structure shapes without members (Struct
  # needs at least one).
  class EmptyStructure
    include Structure

    def each_pair(&block)
      {}.each_pair(&block)
    end

    def members
      []
    end

    def ==(other)
      other.class == self.class
    end
  end

  # A service model as gosoto_service_describe / gosoto_client_describe give
  # it, and the value conversions it drives.
  #
  # Names: operations use the library's snake_name (botocore's xform_name);
  # structure members are underscored as aws-sdk-ruby does (QueueUrl ->
  # queue_url, MD5OfBody -> md5_of_body). Input keys may be those snake_case
  # symbols or the model's own member names; map keys are never touched.
  #
  # Values: blobs are binary Strings (an IO is read) and timestamps Time, both
  # ways; the library's JSON has base64 strings and ISO 8601 strings.
  class ServiceModel
    Operation = Struct.new(:name, :snake_name, :input, :output, :errors, :http,
                           keyword_init: true)

    # One structure member: model name, snake_case symbol, target shape.
    Member = Struct.new(:name, :sym, :shape)

    attr_reader :name, :metadata, :shapes, :operations

    def initialize(doc, types_module = nil)
      @name = doc["name"].to_s
      @metadata = doc["metadata"] || {}
      @shapes = doc["shapes"] || {}
      @operations = {}
      @by_snake = {}
      (doc["operations"] || []).each do |o|
        op = Operation.new(name: o["name"], snake_name: o["snake_name"], input: o["input"],
                           output: o["output"], errors: o["errors"] || [], http: o["http"] || {})
        @operations[op.name] = op
        @by_snake[op.snake_name.to_sym] = op
      end
      @members = {}
      @index = {}
      @classes = {}
      @output_classes = {}
      @types = types_module || Module.new
      @lock = Mutex.new
    end

    # The module holding this service's structure classes.
    attr_reader :types

    def service_id
      @metadata["service_id"] || @name
    end

    # The operation for a snake_case symbol, or nil.
    def operation_for(snake)
      @by_snake[snake.to_sym]
    end

    # Model names of the shapes that are modeled errors.
    def error_shape_names
      @shapes.select { |_, s| s["exception"] || s["error"] }.keys.sort
    end

    # aws-sdk-ruby's underscore: QueueUrl -> queue_url, MD5OfBody ->
    # md5_of_body, HTTPStatusCode -> http_status_code.
    def self.underscore(name)
      name.to_s
          .gsub(/([A-Z0-9]+)([A-Z][a-z])/, '\1_\2')
          .gsub(/([a-z0-9])([A-Z])/, '\1_\2')
          .tr("-", "_")
          .downcase
    end

    # The members of a structure shape.
    def members(shape_name)
      @members[shape_name] ||= (@shapes.fetch(shape_name)["members"] || []).map do |m|
        Member.new(m["name"], self.class.underscore(m["name"]).to_sym, m["shape"]).freeze
      end.freeze
    end

    # { snake symbol => Member, "ModelName" => Member }
    def member_index(shape_name)
      @index[shape_name] ||= members(shape_name).each_with_object({}) do |m, h|
        h[m.sym] = m
        h[m.name] = m
      end.freeze
    end

    # The Struct class of a structure shape (made once).
    def structure_class(shape_name)
      @classes[shape_name] || @lock.synchronize do
        @classes[shape_name] ||= make_class(shape_name, members(shape_name).map(&:sym))
      end
    end

    # The class of an operation's result: its output shape's members plus
    # response_metadata.
    def output_class(op)
      @output_classes[op.name] || @lock.synchronize do
        @output_classes[op.name] ||= begin
          syms = op.output ? members(op.output).map(&:sym) : []
          syms << :response_metadata unless syms.include?(:response_metadata)
          klass = make_class(nil, syms)
          const = (op.output || "#{op.name}Output").gsub(/\W+/, "")
          const = "Shape#{const}" unless const.match?(/\A[A-Z]/)
          const = "#{op.name}Output" if @types.const_defined?(const, false)
          @types.const_set(const, klass) unless @types.const_defined?(const, false)
          klass
        end
      end
    end

    # ------------------------------------------------------------ input

    # Ruby params (snake_case symbol keys) -> the library's JSON values for
    # the operation's input shape. Raises ValidationError for a key that is
    # not a member (with its path, as aws-sdk-ruby's ParamValidator).
    def input_to_wire(op, params)
      return {} if op.input.nil? && (params.nil? || params.empty?)
      if op.input.nil?
        raise Errors::ValidationError, "#{op.snake_name} takes no parameters, got #{params.keys.inspect}"
      end

      to_wire(op.input, params || {}, "params")
    end

    def to_wire(shape_name, value, path)
      shape = @shapes.fetch(shape_name)
      case shape["type"]
      when "structure" then structure_to_wire(shape_name, value, path)
      when "list"
        return value unless value.is_a?(Array)

        value.each_with_index.map { |v, i| to_wire(shape["member"], v, "#{path}[#{i}]") }
      when "map"
        return value unless value.is_a?(Hash)

        value.each_with_object({}) do |(k, v), h|
          h[k.is_a?(Symbol) ? k.to_s : k] = to_wire(shape["value"], v, "#{path}[#{k.inspect}]")
        end
      when "blob" then blob_to_wire(value)
      when "timestamp" then timestamp_to_wire(value)
      when "string" then value.is_a?(Symbol) ? value.to_s : value
      else value
      end
    end

    # ----------------------------------------------------------- output

    # The library's output JSON -> a result Structure (response_metadata
    # included).
    def output_from_wire(op, doc)
      obj = output_class(op).new
      index = op.output ? member_index(op.output) : {}
      doc.each do |k, v|
        if k == "ResponseMetadata"
          obj[:response_metadata] = response_metadata(v)
        elsif (m = index[k])
          obj[m.sym] = v.nil? ? nil : from_wire(m.shape, v)
        end
      end
      obj
    end

    def from_wire(shape_name, value)
      shape = @shapes.fetch(shape_name)
      case shape["type"]
      when "structure"
        return value unless value.is_a?(Hash)

        obj = structure_class(shape_name).new
        index = member_index(shape_name)
        value.each do |k, v|
          m = index[k]
          obj[m.sym] = v.nil? ? nil : from_wire(m.shape, v) if m
        end
        obj
      when "list"
        value.is_a?(Array) ? value.map { |v| from_wire(shape["member"], v) } : value
      when "map"
        value.is_a?(Hash) ? value.transform_values { |v| from_wire(shape["value"], v) } : value
      when "blob" then blob_from_wire(value)
      when "timestamp" then self.class.parse_time(value)
      else value
      end
    end

    ResponseMetadata = Struct.new(:request_id, :http_status_code, :http_headers, :retry_attempts,
                                  keyword_init: true) do
      include Structure
    end

    # ResponseMetadata as a Structure (http_headers keeps its header names).
    def response_metadata(doc)
      return nil unless doc.is_a?(Hash)

      ResponseMetadata.new(request_id: doc["RequestId"], http_status_code: doc["HTTPStatusCode"],
                           http_headers: doc["HTTPHeaders"], retry_attempts: doc["RetryAttempts"])
    end

    # ----------------------------------------------------------- values

    def self.parse_time(value)
      case value
      when String
        begin
          Time.iso8601(value).utc
        rescue ArgumentError
          Float(value, exception: false) ? Time.at(Float(value)).utc : value
        end
      when Integer, Float then Time.at(value).utc
      else value
      end
    end

    def self.format_time(value)
      t = value.respond_to?(:to_time) ? value.to_time : value
      t = t.utc
      t.usec.zero? ? t.strftime("%Y-%m-%dT%H:%M:%SZ") : t.iso8601(6)
    end

    private

    def make_class(shape_name, syms)
      klass = syms.empty? ? Class.new(EmptyStructure) : Struct.new(*syms)
      klass.include(Structure)
      if shape_name
        const = shape_name.gsub(/\W+/, "")
        const = "Shape#{const}" unless const.match?(/\A[A-Z]/)
        @types.const_set(const, klass) unless @types.const_defined?(const, false)
      end
      klass
    end

    def structure_to_wire(shape_name, value, path)
      value = value.to_h if value.is_a?(Structure)
      return value unless value.is_a?(Hash) # the library names the type error

      index = member_index(shape_name)
      value.each_with_object({}) do |(k, v), out|
        m = index[k.is_a?(String) ? k : k.to_sym] || (k.is_a?(String) && index[k.to_sym])
        unless m
          raise Errors::ValidationError,
                "unexpected value at #{path}[#{k.inspect}]: #{shape_name} has no member #{k}" \
                " (members: #{members(shape_name).map(&:sym).join(', ')})"
        end
        next if v.nil?

        out[m.name] = to_wire(m.shape, v, "#{path}[:#{m.sym}]")
      end
    end

    def blob_to_wire(value)
      value = value.read if value.respond_to?(:read)
      return value unless value.is_a?(String)

      Base64.strict_encode64(value)
    end

    def blob_from_wire(value)
      return value unless value.is_a?(String)

      Base64.decode64(value).force_encoding(Encoding::BINARY)
    end

    def timestamp_to_wire(value)
      case value
      when Time, DateTime then self.class.format_time(value)
      when Date then value.strftime("%Y-%m-%dT00:00:00Z")
      else value # epoch seconds and ISO 8601 strings pass as they are
      end
    end
  end
end
