# frozen_string_literal: true

require_relative "test_helper"

# Against the AWS SigV4 test suite's vectors (get-vanilla-query-order-key,
# post-vanilla, get-vanilla-with-session-token): the expected canonical
# requests, strings to sign and signatures are those published with it.
class TestSigner < Minitest::Test
  KEY = "AKIDEXAMPLE"
  SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
  EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

  def signer(**kw)
    Gosoto::Signer.new(service: "service", region: "us-east-1", access_key_id: KEY,
                       secret_access_key: SECRET, apply_checksum_header: false, **kw)
  end

  def test_get_vanilla_query_order_key
    sig = signer.sign_request(http_method: "GET", url: "https://example.amazonaws.com/?Param1=value2&Param1=Value1",
                              headers: { "Host" => "example.amazonaws.com", "X-Amz-Date" => "20150830T123600Z" })
    assert_equal "GET\n/\nParam1=Value1&Param1=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n" \
                 "host;x-amz-date\n#{EMPTY_SHA}", sig.canonical_request
    assert_equal "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n" \
                 "704b4cef673542d84cdff252633f065e8daeba5f168b77116f8b1bcaf3d38f89", sig.string_to_sign
    assert_equal "eedbc4e291e521cf13422ffca22be7d2eb8146eecf653089df300a15b2382bd1", sig.signature
    assert_equal "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, " \
                 "SignedHeaders=host;x-amz-date, Signature=#{sig.signature}", sig.headers["authorization"]
    assert_equal "20150830T123600Z", sig.headers["x-amz-date"]
    assert_equal "example.amazonaws.com", sig.headers["host"]
    assert_equal EMPTY_SHA, sig.content_sha256
  end

  def test_post_vanilla_with_time_keyword
    sig = signer.sign_request(http_method: "POST", url: "https://example.amazonaws.com/",
                              headers: {}, body: "", time: Time.utc(2015, 8, 30, 12, 36, 0))
    assert_equal "5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b", sig.signature
    assert_equal "553f88c9e4d10fc9e109e2aeb65f030801b70c2f6468faca261d401ae622fc87",
                 sig.string_to_sign.lines.last
  end

  def test_session_token_from_a_credentials_provider
    provider = Gosoto::Credentials.new(static: { access_key_id: KEY, secret_access_key: SECRET,
                                                 session_token: "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267" })
    s = Gosoto::Signer.new(service: "service", region: "us-east-1", credentials_provider: provider,
                           apply_checksum_header: false)
    sig = s.sign_request(http_method: "GET", url: "https://example.amazonaws.com/",
                         headers: { "X-Amz-Date" => "20150830T123600Z" })
    assert_equal "067b36aa60031588cea4a4cde1f21215227a047690c72247f1d70b32fbbfad2b", sig.string_to_sign.lines.last
    assert_equal provider.session_token, sig.headers["x-amz-security-token"]
    assert_match(/SignedHeaders=host;x-amz-date;x-amz-security-token,/, sig.headers["authorization"])
  end

  def test_checksum_header_by_default_and_body_from_io
    require "stringio"
    s = Gosoto::Signer.new(service: "s3", region: "us-east-1", access_key_id: KEY, secret_access_key: SECRET)
    io = StringIO.new("hello")
    sig = s.sign_request(http_method: "PUT", url: "https://b.s3.amazonaws.com/k", body: io)
    want = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    assert_equal want, sig.headers["x-amz-content-sha256"]
    assert_equal want, sig.content_sha256
    assert_equal "hello", io.read, "the body IO is rewound"
  end

  def test_unsigned_headers_are_left_out
    sig = signer(unsigned_headers: ["x-trace"]).sign_request(
      http_method: "GET", url: "https://example.amazonaws.com/",
      headers: { "X-Trace" => "1", "X-Amz-Date" => "20150830T123600Z" }
    )
    refute_match(/x-trace/, sig.canonical_request)
  end

  def test_presign_url
    url = signer.presign_url(http_method: "GET", url: "https://example.amazonaws.com/obj",
                             expires_in: 300, time: Time.utc(2015, 8, 30, 12, 36, 0))
    assert_kind_of URI::Generic, url
    q = URI.decode_www_form(url.query).to_h
    assert_equal "300", q["X-Amz-Expires"]
    assert_equal "AKIDEXAMPLE/20150830/us-east-1/service/aws4_request", q["X-Amz-Credential"]
    assert_match(/\A[0-9a-f]{64}\z/, q["X-Amz-Signature"])
  end
end
