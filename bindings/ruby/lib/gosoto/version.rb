# frozen_string_literal: true

module Gosoto
  # The version of the gem (the library's own is Gosoto.library_version).
  VERSION = "0.1.0"
end
