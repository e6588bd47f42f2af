// Starts the local-aws-sqs emulator on 127.0.0.1 and a free port chosen by
// the kernel, writes that port to the file named by the first argument (and
// to stdout), and runs until it gets SIGTERM or SIGINT.
//
//   node tests/emulators/sqs-server.js PORTFILE
//
// GOSOTO_TEST_PRECREATE_QUEUES="a b" creates those queues before the port
// file is written.
//
// NODE_PATH (or the working directory) must let require() find local-aws-sqs;
// tests/scripts/with-sqs-emulator.sh sets that up.
"use strict";

const { args, writePort, stopOnSignal } = require("./serve.js");
const { createSqsServer } = require("local-aws-sqs");

async function main() {
  const [portFile] = args("sqs-server.js", ["PORTFILE"]);
  const server = await createSqsServer({
    port: 0,
    hostname: "127.0.0.1",
    // A test run creates and deletes many queues; the 60 s "recently
    // deleted" rule of real SQS would only get in the way here.
    emulateQueueCreationLifecycle: false,
  });
  const { port } = server.address();
  // Queues to start with (GOSOTO_TEST_PRECREATE_QUEUES="a b"), created
  // through the emulator's own API once it knows its port, so that their
  // URLs are the ones a client will see.
  const names = (process.env.GOSOTO_TEST_PRECREATE_QUEUES || "").split(/\s+/).filter(Boolean);
  for (const name of names) {
    const res = await fetch(`http://127.0.0.1:${port}/`, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "AmazonSQS.CreateQueue",
      },
      body: JSON.stringify({ QueueName: name }),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`creating queue ${name}: HTTP ${res.status}: ${text}`);
    console.log(`created queue ${JSON.parse(text).QueueUrl}`);
  }
  writePort(portFile, port);
  console.log(`local-aws-sqs listening on http://127.0.0.1:${port}`);
  stopOnSignal(() => server.close(() => process.exit(0)));
}

main().catch((err) => {
  console.error("sqs-server.js: cannot start local-aws-sqs:", err);
  process.exit(1);
});
