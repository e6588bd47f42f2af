# frozen_string_literal: true

# gosoto: AWS clients for Ruby on one native engine (libgosoto.so), through
# ruby-ffi.
#
#   require "gosoto"
#   sqs = Gosoto::Client.new(:sqs, region: "us-east-1")
#   url = sqs.create_queue(queue_name: "jobs").queue_url
#   begin
#     sqs.get_queue_url(queue_name: "missing")
#   rescue Gosoto::Errors::QueueDoesNotExist => e
#     warn "#{e.code}: #{e.message}"
#   end
#
# Methods, parameters, results and errors follow aws-sdk-ruby's client
# interface (snake_case names, keyword arguments, Structs, exceptions).
#
# require "gosoto" does not load libgosoto: the first client, credentials
# object or signature does (the Go runtime inside it does not survive fork,
# so a process that forks should use gosoto only after forking).

require_relative "gosoto/version"
require_relative "gosoto/native"
require_relative "gosoto/errors"
require_relative "gosoto/model"
require_relative "gosoto/credentials"
require_relative "gosoto/client"
require_relative "gosoto/signer"

module Gosoto
  class << self
    # The version of the loaded libgosoto (loads it).
    def library_version
      Native.version
    end

    # The path libgosoto was loaded from (loads it).
    def library_path
      Native.lib
      Native.path
    end

    # The built-in services' botocore names (loads the library).
    def services
      status, text = Native.call_json(:gosoto_services)
      Client.raise_for(status, text, nil) unless status == Native::OK
      JSON.parse(text)
    end
  end
end
