# frozen_string_literal: true

require_relative "lib/gosoto/version"

Gem::Specification.new do |spec|
  spec.name          = "gosoto"
  spec.version       = Gosoto::VERSION
  spec.summary       = "AWS clients for Ruby on gosoto's native engine (libgosoto.so)"
  spec.description   = <<~DESC
    aws-sdk-ruby's client interface (snake_case operations, keyword arguments,
    Structs, exceptions), an aws-sigv4-shaped signer and refreshing
    credentials, all over libgosoto, one small native library that every
    language shares. Loads libgosoto through ruby-ffi: GOSOTO_LIBRARY, then a
    copy inside the gem (lib/gosoto/native/), then the system's library path.
  DESC
  spec.authors       = ["The gosoto authors"]
  spec.license       = "Apache-2.0"
  spec.homepage      = "https://github.com/gosoto/gosoto"
  spec.required_ruby_version = ">= 2.7"

  spec.files = Dir.glob("lib/**/*.rb") + Dir.glob("lib/gosoto/native/libgosoto.so*") + ["README.md"]
  spec.require_paths = ["lib"]

  spec.add_dependency "ffi", ">= 1.12"
  spec.add_development_dependency "minitest", ">= 5.0"
end
