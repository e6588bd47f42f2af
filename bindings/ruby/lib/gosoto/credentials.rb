# frozen_string_literal: true

module Gosoto
  # Credentials resolved, cached and refreshed by the library (a
  # gosoto_credentials provider).
  #
  #   creds = Gosoto::Credentials.new                      # the default chain
  #   creds = Gosoto::Credentials.new(profile: "dev")
  #   creds = Gosoto::Credentials.new(static: {access_key_id: "AKID", secret_access_key: "..."})
  #   creds.access_key_id        # always current: each read asks the library,
  #   creds.secret_access_key    # which refreshes ahead of expiry
  #   creds.credentials          # a consistent frozen Snapshot of all three
  #
  # It answers #credentials as aws-sdk-ruby's providers do, so it can be the
  # credentials_provider of a Gosoto::Signer (or of aws-sigv4's signer).
  # Never shows a secret in #inspect.
  class Credentials
    # A consistent set of keys (what a refresh produced).
    Snapshot = Struct.new(:access_key_id, :secret_access_key, :session_token, :expiration, :source,
                          keyword_init: true) do
      def set?
        !access_key_id.to_s.empty? && !secret_access_key.to_s.empty?
      end

      def inspect
        "#<Gosoto::Credentials::Snapshot access_key_id=#{access_key_id.inspect} source=#{source.inspect}>"
      end
      alias_method :to_s, :inspect
    end

    OPTION_KEYS = %i[profile config_file credentials_file static sources].freeze

    attr_reader :options

    # options: gosoto_credentials_new's (profile:, config_file:,
    # credentials_file:, static: {access_key_id:, secret_access_key:,
    # session_token:}, sources: ["env", "profile", ...]); none for the
    # default chain.
    def initialize(options = nil, **kw)
      opts = (options || {}).merge(kw).transform_keys(&:to_sym)
      unknown = opts.keys - OPTION_KEYS
      raise ArgumentError, "unknown credentials option(s): #{unknown.join(', ')}" unless unknown.empty?

      doc = {}
      opts.each do |k, v|
        doc[k.to_s] = k == :static ? Credentials.static_hash(v) : v
      end
      @options = opts.reject { |k, _| k == :static }.freeze
      status, handle, err = Native.new_handle(:gosoto_credentials_new, Native.dump(doc))
      Client.raise_for(status, err, nil) unless status == Native::OK
      @handle = Native::CredentialsHandle.new(handle)
    end

    # The current credentials, refreshed if needed, as a frozen Snapshot.
    # Raises Gosoto::Errors::CredentialsError when none can be resolved.
    def credentials
      d = fetch
      Snapshot.new(access_key_id: d["AccessKeyId"], secret_access_key: d["SecretAccessKey"],
                   session_token: d["SessionToken"], source: d["Source"],
                   expiration: d["Expiration"] && ServiceModel.parse_time(d["Expiration"])).freeze
    end
    alias get_credentials credentials

    def access_key_id
      fetch["AccessKeyId"]
    end

    def secret_access_key
      fetch["SecretAccessKey"]
    end

    def session_token
      fetch["SessionToken"]
    end

    # When the current credentials expire (a Time), or nil.
    def expiration
      e = fetch["Expiration"]
      e && ServiceModel.parse_time(e)
    end

    # Where the current credentials came from ("env", "profile", "imds", ...).
    def source
      fetch["Source"]
    end

    # Whether credentials can be resolved now.
    def set?
      credentials.set?
    rescue Errors::CredentialsError
      false
    end

    # The underlying library handle (for other library calls).
    def handle
      @handle
    end

    # Releases the provider now rather than at garbage collection.
    def close
      @handle&.free
      @handle = nil
    end

    def inspect
      "#<Gosoto::Credentials options=#{@options.inspect}>"
    end
    alias to_s inspect

    # The library's {"access_key_id", "secret_access_key", "session_token"}
    # for explicit credentials, or nil: from a Gosoto::Credentials (its
    # current keys), anything answering #credentials (aws-sdk-ruby
    # providers), anything with access_key_id/secret_access_key, or a Hash
    # (symbol or string keys; aws-sdk's or boto3's names).
    def self.static_hash(obj)
      return nil if obj.nil?

      obj = obj.credentials if obj.respond_to?(:credentials) && !obj.respond_to?(:each_pair)
      if obj.is_a?(Hash)
        h = obj.transform_keys(&:to_s)
        ak = h["access_key_id"] || h["aws_access_key_id"] || h["AccessKeyId"]
        sk = h["secret_access_key"] || h["aws_secret_access_key"] || h["SecretAccessKey"]
        tk = h["session_token"] || h["aws_session_token"] || h["SessionToken"]
      elsif obj.respond_to?(:access_key_id)
        ak = obj.access_key_id
        sk = obj.secret_access_key
        tk = obj.respond_to?(:session_token) ? obj.session_token : nil
      else
        raise ArgumentError, "credentials: expected Gosoto::Credentials, an object with access_key_id " \
                             "and secret_access_key, or a Hash; got #{obj.class}"
      end
      return nil if ak.nil? && sk.nil? && tk.nil?
      if ak.nil? || sk.nil?
        raise ArgumentError, "credentials: both access_key_id and secret_access_key are needed"
      end

      out = { "access_key_id" => ak.to_s, "secret_access_key" => sk.to_s }
      out["session_token"] = tk.to_s if tk && !tk.to_s.empty?
      out
    end

    private

    def fetch
      raise Errors::InvalidArgumentError, "this Gosoto::Credentials was closed" unless @handle

      status, text = Native.call_json(:gosoto_credentials_get, @handle)
      Client.raise_for(status, text, nil) unless status == Native::OK
      JSON.parse(text)
    end
  end
end
