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

const { args, listen } = require("../serve.js");
const dynalite = require("dynalite");

const [portFile] = args("server.js", ["PORTFILE"]);
const server = dynalite({
  createTableMs: 500,
  deleteTableMs: 500,
  updateTableMs: 500,
  verbose: !!process.env.GOSOTO_DYNALITE_VERBOSE,
});
listen("dynalite", server, portFile);
