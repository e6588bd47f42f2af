# frozen_string_literal: true

# The gem's tests run against a local SQS emulator started by
# tests/scripts/with-sqs-emulator.sh (GOSOTO_TEST_SQS_ENDPOINT), with the
# library at GOSOTO_LIBRARY (tests/scripts/ruby-tests.sh sets both).
$LOAD_PATH.unshift(File.expand_path("../lib", __dir__))
require "minitest/autorun"
require "gosoto"
require "securerandom"

module GosotoTestHelper
  def sqs_endpoint
    ENV["GOSOTO_TEST_SQS_ENDPOINT"] or skip "GOSOTO_TEST_SQS_ENDPOINT is not set (run under with-sqs-emulator.sh)"
  end

  def sqs
    @sqs ||= Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: sqs_endpoint,
                                      credentials: { access_key_id: "AKIDRUBYTEST", secret_access_key: "secret" })
  end

  def with_queue
    url = sqs.create_queue(queue_name: "ruby_#{SecureRandom.hex(6)}").queue_url
    yield url
  ensure
    sqs.delete_queue(queue_url: url) if url
  end
end
