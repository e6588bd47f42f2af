# frozen_string_literal: true

require_relative "test_helper"
require "rbconfig"

# Calls release the GVL (blocking: true): 8 threads, each waiting on a slow
# server on 127.0.0.1, finish in about the time of one call. The server is
# another process, so that it does not need this process's GVL to answer.
class TestThreads < Minitest::Test
  DELAY = 1.0

  SERVER = <<~'RUBY'
    require "socket"
    srv = TCPServer.new("127.0.0.1", 0)
    $stdout.puts srv.addr[1]
    $stdout.flush
    delay = Float(ARGV[0])
    loop do
      sock = srv.accept
      Thread.new(sock) do |s|
        len = 0
        while (line = s.gets) && line != "\r\n"
          len = line.split(":", 2)[1].to_i if line =~ /\Acontent-length:/i
        end
        s.read(len) if len > 0
        sleep delay
        body = '{"QueueUrls":["http://127.0.0.1/123456789012/slow"]}'
        s.write "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n" \
                "x-amzn-RequestId: slow-1\r\nContent-Length: #{body.bytesize}\r\nConnection: close\r\n\r\n#{body}"
        s.close
      rescue StandardError
        s.close rescue nil
      end
    end
  RUBY

  def setup
    @io = IO.popen([RbConfig.ruby, "-e", SERVER, DELAY.to_s], "r")
    port = Integer(@io.gets)
    @client = Gosoto::Client.new(:sqs, region: "us-east-1", endpoint: "http://127.0.0.1:#{port}",
                                       credentials: { access_key_id: "a", secret_access_key: "b" },
                                       max_attempts: 1)
  end

  def teardown
    Process.kill("TERM", @io.pid) if @io
    Process.wait(@io.pid) if @io
    @io&.close
  rescue Errno::ESRCH, Errno::ECHILD
    nil
  end

  def timed
    t = Process.clock_gettime(Process::CLOCK_MONOTONIC)
    yield
    Process.clock_gettime(Process::CLOCK_MONOTONIC) - t
  end

  def test_eight_threads_take_about_one_call
    one = timed { assert_equal 1, @client.list_queues.queue_urls.size }
    assert_operator one, :>=, DELAY * 0.9
    eight = timed do
      8.times.map { Thread.new { @client.list_queues.queue_urls.size } }.each { |t| assert_equal 1, t.value }
    end
    assert_operator eight, :<, one * 3, "8 concurrent calls took #{eight.round(2)} s, one took #{one.round(2)} s"
  end

  def test_other_threads_run_during_a_call
    ticks = 0
    ticker = Thread.new { loop { ticks += 1; sleep 0.01 } }
    @client.list_queues
    ticker.kill
    assert_operator ticks, :>, 20, "a Ruby thread ran only #{ticks} times during a #{DELAY} s call"
  end
end
