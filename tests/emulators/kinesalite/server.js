// Starts the kinesalite Kinesis emulator (in memory) on 127.0.0.1 and a
// free port chosen by the kernel, writes the port to PORTFILE, and runs
// until it gets SIGTERM or SIGINT.
//
//   node tests/emulators/kinesalite/server.js PORTFILE
//
// kinesalite's own command line listens on every interface, hence this
// script. Streams stay in CREATING and DELETING for 500 ms (kinesalite's
// default), so the stream_exists waiter has something to wait for.
// kinesalite speaks JSON 1.1 and CBOR; gosoto sends JSON. It does not check
// SigV4 signatures. NODE_PATH must let require() find kinesalite;
// tests/scripts/with-kinesalite.sh sets that up.
"use strict";

const { args, listen } = require("../serve.js");
const kinesalite = require("kinesalite");

const [portFile] = args("server.js", ["PORTFILE"]);
const server = kinesalite({
  createStreamMs: 500,
  deleteStreamMs: 500,
  updateStreamMs: 500,
});
listen("kinesalite", server, portFile);
