// Starts the dynalite DynamoDB emulator (in memory) on 127.0.0.1 and a free
// port chosen by the kernel, writes the port to PORTFILE, and runs until it
// gets SIGTERM or SIGINT.
//
//   node tests/emulators/dynalite/server.js PORTFILE
//
// Tables stay in CREATING and DELETING for 500 ms (dynalite's default), so
// the table_exists waiter has something to wait for. dynalite does not check
// SigV4 signatures, only that an Authorization header is present. NODE_PATH
// must let require() find dynalite; tests/scripts/with-dynalite.sh sets that
// up.
"use strict";

const fs = require("fs");
const dynalite = require("dynalite");

const [portFile] = process.argv.slice(2);
if (!portFile) {
  console.error("usage: node server.js PORTFILE");
  process.exit(2);
}

const server = dynalite({
  createTableMs: 500,
  deleteTableMs: 500,
  updateTableMs: 500,
  verbose: !!process.env.GOSOTO_DYNALITE_VERBOSE,
});
server.on("error", (err) => {
  console.error("server.js: dynalite:", err);
  process.exit(1);
});
server.listen(0, "127.0.0.1", () => {
  const { address, port } = server.address();
  fs.writeFileSync(portFile + ".tmp", String(port));
  fs.renameSync(portFile + ".tmp", portFile);
  console.log(`dynalite listening on http://${address}:${port}`);
});

const stop = () => server.close(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
