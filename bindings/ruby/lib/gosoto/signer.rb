# frozen_string_literal: true

require "uri"
require "base64"

module Gosoto
  # AWS Signature Version 4 for any HTTP request, in the shape of the
  # aws-sigv4 gem's Aws::Sigv4::Signer, over gosoto_sign.
  #
  #   signer = Gosoto::Signer.new(service: "execute-api", region: "us-east-1",
  #                               credentials_provider: Gosoto::Credentials.new)
  #   sig = signer.sign_request(http_method: "GET", url: "https://host/path?x=1",
  #                             headers: {"Accept" => "application/json"}, body: "")
  #   request.headers.update(sig.headers)   # host, x-amz-date, [x-amz-security-token],
  #                                         # [x-amz-content-sha256], authorization
  #   url = signer.presign_url(http_method: "GET", url: "https://...", expires_in: 300)
  #
  # Credentials: a credentials_provider answering #credentials (a
  # Gosoto::Credentials, which refreshes, or any aws-sdk-ruby provider),
  # asked on every signature; or static access_key_id:/secret_access_key:/
  # session_token:; or neither, and the library's default chain is used.
  #
  # As aws-sigv4 does, an "X-Amz-Date" header in the request fixes the
  # signing time (a time: keyword does too), unsigned_headers are sent but
  # left out of the signature, and apply_checksum_header (default true) adds
  # x-amz-content-sha256.
  class Signer
    # What sign_request returns. headers: the headers to add to the request
    # (lower-case names, as aws-sigv4). all_headers: every header to send, as
    # ordered [name, value] pairs. url: the URL to send.
    Signature = Struct.new(:headers, :string_to_sign, :canonical_request, :content_sha256,
                           :signature, :url, :all_headers, keyword_init: true)

    attr_reader :service, :region, :credentials_provider, :unsigned_headers

    def initialize(service:, region:, credentials_provider: nil, access_key_id: nil,
                   secret_access_key: nil, session_token: nil, unsigned_headers: [],
                   uri_escape_path: true, normalize_path: true, apply_checksum_header: true,
                   omit_session_token: false, profile: nil)
      @service = service.to_s
      @region = region.to_s
      @credentials_provider = credentials_provider
      @static = Credentials.static_hash(access_key_id: access_key_id, secret_access_key: secret_access_key,
                                        session_token: session_token)
      @unsigned_headers = unsigned_headers.map { |h| h.to_s.downcase }
      @uri_escape_path = uri_escape_path
      @normalize_path = normalize_path
      @apply_checksum_header = apply_checksum_header
      @omit_session_token = omit_session_token
      @profile = profile
    end

    # Signs a request (http_method:, url:, headers: {}, body: "" — a String
    # or an IO, which is read and rewound) and returns a Signature.
    def sign_request(request = nil, **kw)
      req = (request || {}).merge(kw)
      out = sign(req, presign: nil)
      given = header_pairs(req[:headers]).map { |k, _| k.downcase } - ["x-amz-date"]
      added = {}
      out["headers"].each do |k, v|
        lk = k.downcase
        next if given.include?(lk) && lk != "host"

        added[lk] = added.key?(lk) ? "#{added[lk]},#{v}" : v
      end
      to_signature(out, added)
    end

    # A presigned URL (a URI) for the request (http_method:, url:, headers:
    # {}, body: nil or body_digest:, expires_in: 900 seconds, time: nil).
    def presign_url(request = nil, **kw)
      req = (request || {}).merge(kw)
      out = sign(req, presign: Integer(req.fetch(:expires_in, 900)))
      URI.parse(out["url"])
    end

    private

    def to_signature(out, added)
      cr = out["canonical_request"].to_s
      Signature.new(headers: added, string_to_sign: out["string_to_sign"], canonical_request: cr,
                    content_sha256: cr.lines.last.to_s.strip, signature: out["signature"],
                    url: out["url"], all_headers: out["headers"])
    end

    def sign(req, presign:)
      method = req[:http_method] || req[:method] or raise ArgumentError, "missing required option :http_method"
      url = req[:url] or raise ArgumentError, "missing required option :url"
      time = req[:time]
      headers = []
      header_pairs(req[:headers]).each do |k, v|
        lk = k.downcase
        if lk == "x-amz-date"
          time ||= v
          next
        end
        next if @unsigned_headers.include?(lk)

        headers << [k, v]
      end
      doc = { "method" => method.to_s.upcase, "url" => url.to_s, "headers" => headers,
              "service" => @service, "region" => @region }
      body = req[:body]
      if body.respond_to?(:read)
        data = body.read
        body.rewind if body.respond_to?(:rewind)
        body = data
      end
      if req[:body_digest]
        if req[:body_digest] == "UNSIGNED-PAYLOAD"
          doc["unsigned_payload"] = true
        else
          doc["body_sha256"] = req[:body_digest]
        end
      elsif body && !body.empty?
        doc["body_base64"] = Base64.strict_encode64(body)
      end
      creds = current_credentials
      doc["credentials"] = creds if creds
      doc["profile"] = @profile.to_s if @profile && !creds
      doc["time"] = format_time(time) if time
      doc["presign_expires"] = presign if presign
      doc["normalize_path"] = false unless @normalize_path
      doc["double_uri_encode"] = false unless @uri_escape_path
      doc["omit_session_token"] = true if @omit_session_token
      doc["content_sha256_header"] = true if @apply_checksum_header && !presign
      status, text = Native.call_json(:gosoto_sign, Native.dump(doc))
      Client.raise_for(status, text, nil) unless status == Native::OK
      JSON.parse(text)
    end

    def current_credentials
      return Credentials.static_hash(@credentials_provider.credentials) if @credentials_provider

      @static
    end

    def header_pairs(headers)
      return [] if headers.nil?

      headers.map { |k, v| [k.to_s, v.to_s] }
    end

    # aws-sigv4 takes X-Amz-Date as 20150830T123600Z; the library ISO 8601.
    def format_time(t)
      case t
      when Time then t.utc.strftime("%Y-%m-%dT%H:%M:%SZ")
      when /\A(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z\z/
        "#{Regexp.last_match(1)}-#{Regexp.last_match(2)}-#{Regexp.last_match(3)}T" \
          "#{Regexp.last_match(4)}:#{Regexp.last_match(5)}:#{Regexp.last_match(6)}Z"
      else t.to_s
      end
    end
  end
end
