# frozen_string_literal: true

require_relative "test_helper"

class TestClient < Minitest::Test
  include GosotoTestHelper

  def test_sqs_flow
    name = "ruby_flow_#{SecureRandom.hex(4)}"
    created = sqs.create_queue(queue_name: name)
    url = created.queue_url
    assert url.end_with?("/#{name}"), url
    assert_equal 200, created.response_metadata.http_status_code
    refute_nil created.response_metadata.request_id
    assert_includes sqs.list_queues.queue_urls, url
    assert_equal url, sqs.get_queue_url(queue_name: name).queue_url

    sent = sqs.send_message(queue_url: url, message_body: "lorem ipsum dolor sit amet")
    refute_nil sent.message_id
    got = sqs.receive_message(queue_url: url, max_number_of_messages: 1, wait_time_seconds: 5)
    assert_equal 1, got.messages.size
    msg = got.messages.first
    assert_equal "lorem ipsum dolor sit amet", msg.body
    assert_equal sent.message_id, msg[:message_id]
    del = sqs.delete_message(queue_url: url, receipt_handle: msg.receipt_handle)
    refute_nil del.response_metadata.request_id
    assert_equal({ response_metadata: del.response_metadata.to_h }, del.to_h)
  ensure
    sqs.delete_queue(queue_url: url) if url
  end

  def test_results_are_structs_and_hashes_with_snake_case_symbol_keys
    with_queue do |url|
      sqs.send_message(queue_url: url, message_body: "x")
      h = sqs.receive_message(queue_url: url, wait_time_seconds: 5).to_h
      assert_kind_of Hash, h
      m = h[:messages].first
      assert_equal %i[body md5_of_body message_id receipt_handle].sort, (m.keys & %i[body md5_of_body message_id receipt_handle]).sort
      assert_equal "x", m[:body]
      md = h[:response_metadata]
      assert_equal 200, md[:http_status_code]
      assert_kind_of Hash, md[:http_headers]
      assert md[:http_headers].key?("content-type"), "header names are left as they are"
    end
  end

  def test_positional_hash_and_model_names_are_accepted
    with_queue do |url|
      sqs.send_message({ queue_url: url }, message_body: "a")
      sqs.send_message("QueueUrl" => url, "MessageBody" => "b")
      bodies = []
      3.times do
        break if bodies.size == 2

        bodies += sqs.receive_message(queue_url: url, max_number_of_messages: 10, wait_time_seconds: 1)
                     .messages.to_a.map(&:body)
      end
      assert_equal %w[a b], bodies.sort
      attrs = sqs.get_queue_attributes(queue_url: url, attribute_names: ["All"]).attributes
      assert attrs.key?("ApproximateNumberOfMessages"), "map keys are not touched"
    end
  end

  def test_blob_round_trip_through_message_attributes
    data = (0..255).map(&:chr).join.b
    with_queue do |url|
      sqs.send_message(queue_url: url, message_body: "blob",
                       message_attributes: {
                         "Raw" => { data_type: "Binary", binary_value: data },
                         "camelKey" => { data_type: "String", string_value: "v" }
                       })
      m = sqs.receive_message(queue_url: url, message_attribute_names: ["All"], wait_time_seconds: 5).messages.first
      assert_equal %w[Raw camelKey].sort, m.message_attributes.keys.sort
      got = m.message_attributes["Raw"].binary_value
      assert_equal Encoding::BINARY, got.encoding
      assert_equal data, got
      assert_equal "v", m.message_attributes["camelKey"].string_value
    end
  end

  def test_blob_from_io
    require "stringio"
    with_queue do |url|
      sqs.send_message(queue_url: url, message_body: "io",
                       message_attributes: { "Raw" => { data_type: "Binary", binary_value: StringIO.new("\x01\x02".b) } })
      m = sqs.receive_message(queue_url: url, message_attribute_names: ["Raw"], wait_time_seconds: 5).messages.first
      assert_equal "\x01\x02".b, m.message_attributes["Raw"].binary_value
    end
  end

  def test_operation_names_and_types
    assert_includes sqs.operation_names, :send_message
    assert_includes sqs.operation_names, :receive_message
    assert sqs.respond_to?(:get_queue_url)
    assert_equal "sqs", sqs.config.service
    assert_equal sqs_endpoint, sqs.config.endpoint.chomp("/")
    assert_same sqs.service_model.structure_class("Message"), Gosoto::Types::SQS::Message
  end

  def test_timestamps_convert_both_ways
    model = sqs.service_model
    shape = { "type" => "timestamp" }
    model.shapes["__T"] = shape
    t = Time.utc(2024, 2, 29, 12, 34, 56)
    assert_equal "2024-02-29T12:34:56Z", model.to_wire("__T", t, "p")
    assert_equal "2024-02-29T12:34:56.250000Z", model.to_wire("__T", t + 0.25, "p")
    assert_equal t, model.from_wire("__T", "2024-02-29T12:34:56Z")
    assert_equal t, model.from_wire("__T", 1_709_210_096)
    assert_kind_of Time, model.from_wire("__T", "2024-02-29T14:34:56+02:00")
    assert_equal t, model.from_wire("__T", "2024-02-29T14:34:56+02:00")
  ensure
    model&.shapes&.delete("__T")
  end

  def test_underscore_matches_aws_sdk_ruby
    u = Gosoto::ServiceModel.method(:underscore)
    assert_equal "queue_url", u.call("QueueUrl")
    assert_equal "md5_of_body", u.call("MD5OfBody")
    assert_equal "http_status_code", u.call("HTTPStatusCode")
    assert_equal "message_attributes", u.call("MessageAttributes")
    assert_equal "db_instance_identifier", u.call("DBInstanceIdentifier")
  end

  def test_client_from_the_environment
    skip "no emulator" unless ENV["AWS_ENDPOINT_URL_SQS"]
    c = Gosoto::Client.new(:sqs)
    assert_kind_of Array, c.list_queues.queue_urls
  end

  def test_other_services_are_model_driven
    sts = Gosoto::Client.new(:sts, region: "us-east-1")
    assert sts.respond_to?(:get_caller_identity)
    assert sts.respond_to?(:assume_role)
  end

  def test_close
    c = Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: sqs_endpoint)
    c.close
    c.close
    assert_raises(Gosoto::Errors::InvalidArgumentError) { c.list_queues }
  end

  def test_paginator_is_an_enumerator_of_pages
    urls = 3.times.map { |i| sqs.create_queue(queue_name: "ruby_page_#{i}_#{SecureRandom.hex(3)}").queue_url }
    pages = sqs.paginate(:list_queues, max_results: 1)
    assert_kind_of Enumerator, pages
    all = pages.to_a
    assert_operator all.size, :>=, 3
    got = all.flat_map { |p| p.queue_urls.to_a }
    urls.each { |u| assert_includes got, u }
    assert_equal 200, all.first.response_metadata.http_status_code
    assert_raises(Gosoto::Errors::InvalidArgumentError) { sqs.paginate(:send_message) }
  ensure
    urls&.each { |u| sqs.delete_queue(queue_url: u) }
  end

  def test_unknown_waiter
    assert_raises(Gosoto::Errors::InvalidArgumentError) { sqs.wait_until(:no_such_waiter, queue_url: "x") }
  end
end
