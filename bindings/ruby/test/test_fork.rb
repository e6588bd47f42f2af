# frozen_string_literal: true

require_relative "test_helper"
require "rbconfig"

# The Go runtime inside libgosoto does not survive fork(): require does not
# load the library, and a child forked after it was loaded gets ForkError
# rather than a hang.
class TestFork < Minitest::Test
  def test_require_does_not_load_the_library
    lib = File.expand_path("../lib", __dir__)
    out = IO.popen([RbConfig.ruby, "-I", lib, "-e", 'require "gosoto"; print Gosoto::Native.loaded?'], &:read)
    assert_equal "false", out
  end

  def test_child_forked_after_load_gets_fork_error
    Gosoto.library_version # loaded in this process
    r, w = IO.pipe
    pid = fork do
      r.close
      begin
        Gosoto::Credentials.new(static: { access_key_id: "a", secret_access_key: "b" })
        w.write "no error"
      rescue Gosoto::Errors::ForkError
        w.write "ForkError"
      end
      w.close
      exit!(0)
    end
    w.close
    assert_equal "ForkError", r.read
    Process.wait(pid)
  end
end
