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

const fs = require("fs");
const kinesalite = require("kinesalite");

const [portFile] = process.argv.slice(2);
if (!portFile) {
  console.error("usage: node server.js PORTFILE");
  process.exit(2);
}

const server = kinesalite({
  createStreamMs: 500,
  deleteStreamMs: 500,
  updateStreamMs: 500,
});
server.on("error", (err) => {
  console.error("server.js: kinesalite:", err);
  process.exit(1);
});
server.listen(0, "127.0.0.1", () => {
  const { address, port } = server.address();
  fs.writeFileSync(portFile + ".tmp", String(port));
  fs.renameSync(portFile + ".tmp", portFile);
  console.log(`kinesalite listening on http://${address}:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
