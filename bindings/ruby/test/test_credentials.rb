# frozen_string_literal: true

require_relative "test_helper"
require "tmpdir"

class TestCredentials < Minitest::Test
  def test_static
    c = Gosoto::Credentials.new(static: { access_key_id: "AKIDSTATIC", secret_access_key: "s3cr3t", session_token: "tok" })
    assert_equal "AKIDSTATIC", c.access_key_id
    assert_equal "s3cr3t", c.secret_access_key
    assert_equal "tok", c.session_token
    snap = c.credentials
    assert snap.frozen?
    assert snap.set?
    assert_equal "AKIDSTATIC", snap.access_key_id
    refute_match(/s3cr3t/, c.inspect)
    refute_match(/s3cr3t/, snap.inspect)
  end

  def test_default_chain_reads_the_environment
    skip "no AWS_ACCESS_KEY_ID" unless ENV["AWS_ACCESS_KEY_ID"]
    c = Gosoto::Credentials.new
    assert_equal ENV["AWS_ACCESS_KEY_ID"], c.access_key_id
    assert_equal "env", c.source
  end

  def test_refreshes_on_access
    Dir.mktmpdir("gosoto-rb-creds") do |dir|
      counter = File.join(dir, "n")
      script = File.join(dir, "creds.sh")
      File.write(script, <<~SH)
        #!/bin/sh
        n=$(( $(cat '#{counter}' 2>/dev/null || echo 0) + 1 ))
        echo $n > '#{counter}'
        exp=$(date -u -d "@$(( $(date +%s) + 2 ))" +%Y-%m-%dT%H:%M:%SZ)
        printf '{"Version": 1, "AccessKeyId": "AKIDPROC%s", "SecretAccessKey": "secret%s", "Expiration": "%s"}\\n' $n $n $exp
      SH
      File.chmod(0o755, script)
      config = File.join(dir, "config")
      File.write(config, "[profile rbtest]\ncredential_process = #{script}\n")
      c = Gosoto::Credentials.new(profile: "rbtest", config_file: config, credentials_file: "/dev/null",
                                  sources: ["profile"])
      first = c.access_key_id
      assert_match(/\AAKIDPROC\d+\z/, first)
      assert_kind_of Time, c.expiration
      sleep 2.5
      second = c.access_key_id
      assert_match(/\AAKIDPROC\d+\z/, second)
      refute_equal first, second, "an expired key is refreshed on the next read"
    end
  end

  def test_chain_exhausted
    c = Gosoto::Credentials.new(sources: ["env"])
    saved = ENV.to_h.select { |k, _| k.start_with?("AWS_ACCESS", "AWS_SECRET", "AWS_SESSION") }
    saved.each_key { |k| ENV.delete(k) }
    begin
      refute c.set?
      err = assert_raises(Gosoto::Errors::CredentialsError) { c.access_key_id }
      assert_match(/env/, err.message)
    ensure
      saved.each { |k, v| ENV[k] = v }
    end
  end

  def test_bad_options
    assert_raises(ArgumentError) { Gosoto::Credentials.new(nonsense: 1) }
    assert_raises(Gosoto::Errors::InvalidArgumentError) { Gosoto::Credentials.new(sources: ["no-such-source"]) }
  end

  def test_client_accepts_credentials_objects
    skip "GOSOTO_TEST_SQS_ENDPOINT is not set" unless ENV["GOSOTO_TEST_SQS_ENDPOINT"]
    c = Gosoto::Credentials.new(static: { access_key_id: "AKIDX", secret_access_key: "y" })
    sqs = Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: ENV["GOSOTO_TEST_SQS_ENDPOINT"], credentials: c)
    assert_kind_of Array, sqs.list_queues.queue_urls
  end
end
