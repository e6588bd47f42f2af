# frozen_string_literal: true

require_relative "test_helper"

class TestErrors < Minitest::Test
  include GosotoTestHelper

  def test_modeled_service_error_by_class
    err = assert_raises(Gosoto::Errors::QueueDoesNotExist) do
      sqs.get_queue_url(queue_name: "ruby_no_such_queue")
    end
    assert_kind_of Gosoto::Errors::ServiceError, err
    assert_kind_of Gosoto::Errors::Error, err
    assert_match(/NonExistentQueue|QueueDoesNotExist/, err.code)
    assert_match(/does not exist/, err.message)
    assert_equal "GetQueueUrl", err.context.operation_name
    assert_equal({ queue_name: "ruby_no_such_queue" }, err.context.params)
    assert_equal 400, err.http_status_code
    refute_nil err.request_id
    assert_equal err.code, err.response["Error"]["Code"]
    refute err.response.key?("Kind")
    assert_equal "service", err.error_document["Kind"]
    refute err.retryable?
    assert_kind_of Gosoto::Structure, err.data
  end

  def test_error_classes_exist_before_first_use
    assert Gosoto::Errors::QueueNameExists < Gosoto::Errors::ServiceError
    assert Gosoto::Errors::SomethingNeverSeen < Gosoto::Errors::ServiceError
    assert_same Gosoto::Errors::SomethingNeverSeen, Gosoto::Errors.error_class("SomethingNeverSeen")
    assert_equal "AWSSimpleQueueServiceNonExistentQueue",
                 Gosoto::Errors.error_class("AWS.SimpleQueueService.NonExistentQueue").name.split("::").last
  end

  def test_unknown_member_is_a_validation_error_with_its_path
    err = assert_raises(Gosoto::Errors::ValidationError) do
      sqs.send_message(queue_url: "http://x", message_body: "b", not_a_member: 1)
    end
    assert_match(/params\[:not_a_member\]/, err.message)
    err = assert_raises(Gosoto::Errors::ValidationError) do
      sqs.send_message(queue_url: "http://x", message_body: "b",
                       message_attributes: { "k" => { data_type: "String", bogus: "v" } })
    end
    assert_match(/params\[:message_attributes\]\["k"\]\[:bogus\]/, err.message)
  end

  def test_missing_and_mistyped_members_are_validation_errors
    err = assert_raises(Gosoto::Errors::ValidationError) { sqs.send_message(queue_url: "http://x") }
    assert_match(/MessageBody/, err.message)
    assert_equal "validation", err.error_document["Kind"]
    err = assert_raises(Gosoto::Errors::ValidationError) do
      sqs.receive_message(queue_url: "http://x", max_number_of_messages: "ten")
    end
    assert_match(/MaxNumberOfMessages/, err.message)
  end

  def test_network_error
    c = Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: "http://127.0.0.1:1",
                                 credentials: { access_key_id: "a", secret_access_key: "b" }, max_attempts: 1)
    err = assert_raises(Gosoto::Errors::NetworkError) { c.list_queues }
    assert_equal "network", err.error_document["Kind"]
  end

  def test_credentials_error
    saved = ENV.to_h.select { |k, _| k.start_with?("AWS_ACCESS", "AWS_SECRET", "AWS_SESSION") }
    saved.each_key { |k| ENV.delete(k) }
    begin
      c = Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: sqs_endpoint)
      err = assert_raises(Gosoto::Errors::CredentialsError) { c.list_queues }
      assert_equal "credentials", err.error_document["Kind"]
      refute_match(/gosoto-local-test-secret/, err.message)
    ensure
      saved.each { |k, v| ENV[k] = v }
    end
  end

  def test_invalid_arguments
    assert_raises(Gosoto::Errors::InvalidArgumentError) { Gosoto::Client.new(:no_such_service, region: "us-east-1") }
    assert_raises(Gosoto::Errors::InvalidArgumentError) { sqs.call_operation(:no_such_operation) }
    assert_raises(ArgumentError) { Gosoto::Client.new(:sqs, credentials: { access_key_id: "only" }) }
  end
end
