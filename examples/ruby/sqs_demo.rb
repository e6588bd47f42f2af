#!/usr/bin/env ruby
# frozen_string_literal: true

# sqs_demo.rb: the gosoto SQS demo in Ruby, over the gosoto gem.
#
# The same flow and output as examples/c/sqs_demo.c: lists the existing
# queues, creates a queue test_q_<unix time>, looks its URL up by name, sends
# a message, receives it, deletes the message, deletes the queue, and prints
# "Everything worked.". On any failure it prints the error JSON to stderr,
# deletes the queue if it had created one, and exits 1.
#
# Region, endpoint and credentials come from the environment (AWS_REGION,
# AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, ...). WITHOUT AN ENDPOINT
# OVERRIDE THIS TALKS TO REAL AWS AND CREATES A REAL QUEUE.
#
# Run: ruby -I bindings/ruby/lib examples/ruby/sqs_demo.rb (the gem finds
# libgosoto through GOSOTO_LIBRARY, its own copy, or the system).

require "json"
require "gosoto"

BODY = "lorem ipsum dolor sit amet"

# A step that failed for a reason other than a library error.
class DemoFailure < StandardError; end

# Runs one step; a library error is reported as the C demo reports it.
def step(name)
  yield
rescue Gosoto::Errors::Error => e
  status = {
    "invalid_argument" => 1, "validation" => 2, "credentials" => 3,
    "service" => 4, "network" => 5, "internal" => 6
  }.fetch(e.error_document["Kind"], 6)
  warn "#{name} failed with status #{status}:\n#{JSON.generate(e.error_document)}"
  raise
end

begin
  sqs = Gosoto::Client.new(:sqs)
rescue Gosoto::Errors::Error => e
  warn "creating the SQS client failed:\n#{JSON.generate(e.error_document)}"
  exit 1
end

queue_url = nil
queue_created = false
begin
  # 1. The queues that exist already.
  step("ListQueues") { sqs.list_queues }.queue_urls.to_a.each { |url| puts "Existing queue: #{url}" }

  # 2. A new queue.
  name = "test_q_#{Time.now.to_i}"
  queue_url = step("CreateQueue") { sqs.create_queue(queue_name: name) }.queue_url
  raise DemoFailure, "CreateQueue: the answer has no QueueUrl" unless queue_url

  queue_created = true
  puts "Created queue #{name} with url #{queue_url}"

  # 3. Its URL, looked up by name.
  verified = step("GetQueueUrl") { sqs.get_queue_url(queue_name: name) }.queue_url
  unless verified == queue_url
    raise DemoFailure, "GetQueueUrl returned #{verified}, but CreateQueue returned #{queue_url}"
  end

  puts "Verified queue url #{verified} for queue name #{name}"

  # 4. A message.
  message_id = step("SendMessage") { sqs.send_message(queue_url: queue_url, message_body: BODY) }.message_id
  puts "Send message with body '#{BODY}' and created message_id #{message_id}"

  # 5. Receive it (long polling; a few tries, as SQS is distributed).
  message = nil
  tries = 0
  while message.nil? && tries < 3
    tries += 1
    resp = step("ReceiveMessage") do
      sqs.receive_message(queue_url: queue_url, max_number_of_messages: 1, wait_time_seconds: 5)
    end
    message = resp.messages.to_a.first
  end
  raise DemoFailure, "ReceiveMessage: no message arrived after #{tries} tries" unless message
  unless message.body == BODY && message.message_id == message_id
    raise DemoFailure, "ReceiveMessage: got message #{message.message_id} '#{message.body}', " \
                       "expected #{message_id} '#{BODY}'"
  end

  puts "Received message '#{message.body}' with id #{message.message_id}"

  # 6. Delete the message.
  resp = step("DeleteMessage") { sqs.delete_message(queue_url: queue_url, receipt_handle: message.receipt_handle) }
  puts "Message deleted by request_id #{resp.response_metadata.request_id}"

  # 7. Delete the queue.
  resp = step("DeleteQueue") { sqs.delete_queue(queue_url: queue_url) }
  queue_created = false
  puts "Queue #{queue_url} deleted by request_id #{resp.response_metadata.request_id}"

  puts "Everything worked."
rescue Gosoto::Errors::Error, DemoFailure => e
  warn e.message if e.is_a?(DemoFailure)
  $stdout.flush
  if queue_created
    # Best effort: do not leave the demo's queue behind after a failure.
    begin
      sqs.delete_queue(queue_url: queue_url)
      warn "Deleted queue #{queue_url} after the failure"
    rescue Gosoto::Errors::Error => e2
      warn "Could not delete queue #{queue_url}: #{JSON.generate(e2.error_document)}"
    end
  end
  exit 1
end
