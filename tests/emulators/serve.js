// What the emulators' server scripts share (dynalite/server.js,
// kinesalite/server.js, s3rver/server.js, sqs-server.js): each one listens
// on 127.0.0.1 and a free port chosen by the kernel, writes the port to
// PORTFILE, where tests/scripts/common.sh (start_emulator) waits for it,
// and runs until it gets SIGTERM or SIGINT.
"use strict";

const fs = require("fs");

// args(script, names): the command-line arguments named in names (e.g.
// ["PORTFILE"]), or the usage and exit status 2 when one is missing.
function args(script, names) {
  const values = process.argv.slice(2, 2 + names.length);
  if (values.length < names.length || values.some((v) => !v)) {
    console.error(`usage: node ${script} ${names.join(" ")}`);
    process.exit(2);
  }
  return values;
}

// writePort writes port to portFile through a rename, so that nobody reads
// half a number.
function writePort(portFile, port) {
  fs.writeFileSync(portFile + ".tmp", String(port));
  fs.renameSync(portFile + ".tmp", portFile);
}

// stopOnSignal calls stop on SIGTERM and SIGINT.
function stopOnSignal(stop) {
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

// listen runs server, an http.Server of the emulator called name, on
// 127.0.0.1 and a free port, writes the port to portFile, and closes it on
// SIGTERM or SIGINT.
function listen(name, server, portFile) {
  server.on("error", (err) => {
    console.error(`server.js: ${name}:`, err);
    process.exit(1);
  });
  server.listen(0, "127.0.0.1", () => {
    const { address, port } = server.address();
    writePort(portFile, port);
    console.log(`${name} listening on http://${address}:${port}`);
  });
  stopOnSignal(() => server.close(() => process.exit(0)));
}

module.exports = { args, writePort, stopOnSignal, listen };
