// Starts the s3rver S3 emulator on 127.0.0.1 and a free port chosen by the
// kernel, storing objects under DIRECTORY, writes the port to PORTFILE, and
// runs until it gets SIGTERM or SIGINT.
//
//   node tests/emulators/s3rver/server.js PORTFILE DIRECTORY
//
// s3rver accepts only the key pair S3RVER / S3RVER and checks every SigV4
// signature (header and presigned). NODE_PATH must let require() find
// s3rver; tests/scripts/with-s3rver.sh sets that up.
"use strict";

const { args, writePort, stopOnSignal } = require("../serve.js");
const S3rver = require("s3rver");

async function main() {
  const [portFile, directory] = args("server.js", ["PORTFILE", "DIRECTORY"]);
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: !process.env.GOSOTO_S3RVER_VERBOSE,
    directory,
    resetOnClose: true,
  });
  const { port } = await server.run();
  writePort(portFile, port);
  console.log(`s3rver listening on http://127.0.0.1:${port}`);
  stopOnSignal(() => server.close().then(() => process.exit(0), () => process.exit(0)));
}

main().catch((err) => {
  console.error("server.js: cannot start s3rver:", err);
  process.exit(1);
});
