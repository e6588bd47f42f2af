// Command server is the load test's tiny SQS JSON server on 127.0.0.1: it
// answers SendMessage with a MessageId that echoes the MessageBody
// ("id-" + body) and its MD5, so that the caller can check every result.
// One call in a hundred (the MessageBody's hash) fails its first attempt
// with a 500 InternalError, so that exactly 1% of calls are retried once.
//
// Usage: server PORTFILE. It writes its port to PORTFILE and serves until
// killed; on SIGTERM it prints the request counts.
package main

import (
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"net"
	"net/http"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: server PORTFILE")
		os.Exit(2)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var requests, failed atomic.Int64
	var seen sync.Map // bodies already failed once
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		var in struct{ QueueUrl, MessageBody string }
		if r.Header.Get("X-Amz-Target") != "AmazonSQS.SendMessage" || json.NewDecoder(r.Body).Decode(&in) != nil {
			w.WriteHeader(400)
			fmt.Fprint(w, `{"__type":"com.amazonaws.sqs#InvalidAction","message":"only SendMessage"}`)
			return
		}
		f := fnv.New32a()
		f.Write([]byte(in.MessageBody))
		if f.Sum32()%100 == 0 {
			if _, again := seen.LoadOrStore(in.MessageBody, true); !again {
				failed.Add(1)
				w.WriteHeader(500)
				fmt.Fprint(w, `{"__type":"InternalError","message":"injected failure"}`)
				return
			}
		}
		sum := md5.Sum([]byte(in.MessageBody))
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
		w.Header().Set("x-amzn-RequestId", "load")
		out, _ := json.Marshal(map[string]string{"MessageId": "id-" + in.MessageBody, "MD5OfMessageBody": hex.EncodeToString(sum[:])})
		w.Write(out)
	})
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-sig
		fmt.Fprintf(os.Stderr, "load server: %d requests, %d failed with 500\n", requests.Load(), failed.Load())
		os.Exit(0)
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	tmp := os.Args[1] + ".tmp"
	if err := os.WriteFile(tmp, []byte(fmt.Sprint(port)), 0o644); err == nil {
		os.Rename(tmp, os.Args[1])
	}
	http.Serve(ln, h)
}
