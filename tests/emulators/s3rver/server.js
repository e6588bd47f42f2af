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

const fs = require("fs");
const S3rver = require("s3rver");

async function main() {
  const [portFile, directory] = process.argv.slice(2);
  if (!portFile || !directory) {
    console.error("usage: node server.js PORTFILE DIRECTORY");
    process.exit(2);
  }
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: !process.env.GOSOTO_S3RVER_VERBOSE,
    directory,
    resetOnClose: true,
  });
  const { port } = await server.run();
  fs.writeFileSync(portFile + ".tmp", String(port));
  fs.renameSync(portFile + ".tmp", portFile);
  console.log(`s3rver listening on http://127.0.0.1:${port}`);
  const stop = () => server.close().then(() => process.exit(0), () => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main().catch((err) => {
  console.error("server.js: cannot start s3rver:", err);
  process.exit(1);
});
