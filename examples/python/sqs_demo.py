#!/usr/bin/env python3
"""sqs_demo.py: the gosoto SQS demo in Python, over the gosoto package.

The same flow and output as examples/c/sqs_demo.c: lists the existing
queues, creates a queue test_q_<unix time>, looks its URL up by name, sends
a message, receives it, deletes the message, deletes the queue, and prints
"Everything worked.". On any failure it prints the error JSON to stderr,
deletes the queue if it had created one, and exits 1.

Region, endpoint and credentials come from the environment (AWS_REGION,
AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, ...). WITHOUT AN ENDPOINT OVERRIDE
THIS TALKS TO REAL AWS AND CREATES A REAL QUEUE.

Run: PYTHONPATH=bindings/python python3 examples/python/sqs_demo.py (or with
the package installed; it finds libgosoto through GOSOTO_LIBRARY, its own
copy, or the system).
"""

import json
import sys
import time

import gosoto
from gosoto.exceptions import ClientError, GosotoError

BODY = "lorem ipsum dolor sit amet"

# The status code of each "Kind" of error document (include/gosoto.h).
STATUS = {"invalid_argument": 1, "validation": 2, "credentials": 3, "service": 4, "network": 5, "internal": 6}


class DemoFailure(Exception):
    """A step that failed for a reason other than a library error."""


def error_document(e):
    """The library's error JSON behind an exception."""
    doc = getattr(e, "error_document", None)
    if doc:
        return doc
    if isinstance(e, ClientError):
        return dict(e.response, Kind="service")
    return {"Error": {"Code": type(e).__name__, "Message": str(e)}, "Kind": "internal"}


def step(name, fn, **params):
    """Runs one step; a library error is reported as the C demo reports it."""
    try:
        return fn(**params)
    except (ClientError, GosotoError) as e:
        doc = error_document(e)
        print("%s failed with status %d:\n%s" % (name, STATUS.get(doc.get("Kind"), 6), json.dumps(doc)), file=sys.stderr)
        raise


def main():
    try:
        sqs = gosoto.client("sqs")
    except (ClientError, GosotoError) as e:
        print("creating the SQS client failed:\n%s" % json.dumps(error_document(e)), file=sys.stderr)
        return 1

    queue_url = None
    queue_created = False
    try:
        # 1. The queues that exist already.
        for url in step("ListQueues", sqs.list_queues).get("QueueUrls", []):
            print("Existing queue: %s" % url)

        # 2. A new queue.
        name = "test_q_%d" % int(time.time())
        queue_url = step("CreateQueue", sqs.create_queue, QueueName=name).get("QueueUrl")
        if not queue_url:
            raise DemoFailure("CreateQueue: the answer has no QueueUrl")
        queue_created = True
        print("Created queue %s with url %s" % (name, queue_url))

        # 3. Its URL, looked up by name.
        verified = step("GetQueueUrl", sqs.get_queue_url, QueueName=name).get("QueueUrl")
        if verified != queue_url:
            raise DemoFailure("GetQueueUrl returned %s, but CreateQueue returned %s" % (verified, queue_url))
        print("Verified queue url %s for queue name %s" % (verified, name))

        # 4. A message.
        message_id = step("SendMessage", sqs.send_message, QueueUrl=queue_url, MessageBody=BODY)["MessageId"]
        print("Send message with body '%s' and created message_id %s" % (BODY, message_id))

        # 5. Receive it (long polling; a few tries, as SQS is distributed).
        message = None
        tries = 0
        while message is None and tries < 3:
            tries += 1
            resp = step("ReceiveMessage", sqs.receive_message, QueueUrl=queue_url, MaxNumberOfMessages=1, WaitTimeSeconds=5)
            messages = resp.get("Messages") or []
            message = messages[0] if messages else None
        if message is None:
            raise DemoFailure("ReceiveMessage: no message arrived after %d tries" % tries)
        if message.get("Body") != BODY or message.get("MessageId") != message_id:
            raise DemoFailure("ReceiveMessage: got message %s '%s', expected %s '%s'"
                              % (message.get("MessageId"), message.get("Body"), message_id, BODY))
        print("Received message '%s' with id %s" % (message["Body"], message["MessageId"]))

        # 6. Delete the message.
        resp = step("DeleteMessage", sqs.delete_message, QueueUrl=queue_url, ReceiptHandle=message["ReceiptHandle"])
        print("Message deleted by request_id %s" % resp["ResponseMetadata"]["RequestId"])

        # 7. Delete the queue.
        resp = step("DeleteQueue", sqs.delete_queue, QueueUrl=queue_url)
        queue_created = False
        print("Queue %s deleted by request_id %s" % (queue_url, resp["ResponseMetadata"]["RequestId"]))

        print("Everything worked.")
        return 0
    except (ClientError, GosotoError, DemoFailure) as e:
        if isinstance(e, DemoFailure):
            print(str(e), file=sys.stderr)
        sys.stdout.flush()
        if queue_created:
            # Best effort: do not leave the demo's queue behind after a failure.
            try:
                sqs.delete_queue(QueueUrl=queue_url)
                print("Deleted queue %s after the failure" % queue_url, file=sys.stderr)
            except (ClientError, GosotoError) as e2:
                print("Could not delete queue %s: %s" % (queue_url, json.dumps(error_document(e2))), file=sys.stderr)
        return 1
    finally:
        sqs.close()


if __name__ == "__main__":
    sys.exit(main())
