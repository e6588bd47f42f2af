// sqs_demo.cpp: the gosoto SQS demo in C++17, over include/gosoto.hpp.
//
// The same flow and output as examples/c/sqs_demo.c: lists the existing
// queues, creates a queue test_q_<unix time>, looks its URL up by name,
// sends a message, receives it, deletes the message, deletes the queue, and
// prints "Everything worked.". On any failure it prints the error JSON to
// stderr, deletes the queue if it had created one, and exits 1.
//
// Region, endpoint and credentials come from the environment (AWS_REGION,
// AWS_ENDPOINT_URL_SQS, AWS_ACCESS_KEY_ID, ...). WITHOUT AN ENDPOINT
// OVERRIDE THIS TALKS TO REAL AWS AND CREATES A REAL QUEUE.
//
// Build: c++ -std=c++17 -Iexamples/c sqs_demo.cpp $(pkg-config --cflags --libs gosoto)
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <string>

#include <gosoto.hpp>

#include "json_get.h"

namespace {

const std::string kBody = "lorem ipsum dolor sit amet";

// A step that failed for a reason other than a library error.
struct DemoFailure : std::runtime_error {
    using std::runtime_error::runtime_error;
};

// The string at path in doc (json_get.h), or DemoFailure naming what lacks it.
std::string need_string(const std::string &doc, const char *path, const char *what)
{
    std::unique_ptr<char, decltype(&std::free)> v(json_get_string(doc.c_str(), path), &std::free);
    if (!v)
        throw DemoFailure(std::string(what) + ": the answer has no string at " + path + ":\n" + doc);
    return std::string(v.get());
}

std::string object(std::initializer_list<std::pair<const char *, std::string>> members,
                    const std::string &raw = "")
{
    std::string out = "{";
    for (const auto &m : members) {
        if (out.size() > 1)
            out += ",";
        out += gosoto::json_quote(m.first) + ":" + gosoto::json_quote(m.second);
    }
    if (!raw.empty())
        out += (out.size() > 1 ? "," : "") + raw;
    return out + "}";
}

// Runs one operation; a failure becomes an Error with the step's name.
std::string call(const gosoto::Client &sqs, const char *op, const std::string &input)
{
    try {
        return sqs.call(op, input);
    } catch (const gosoto::Error &e) {
        std::cerr << op << " failed with status " << e.status() << ":\n" << e.json() << "\n";
        throw;
    }
}

} // namespace

int main()
{
    std::unique_ptr<gosoto::Client> sqs;
    try {
        sqs = std::make_unique<gosoto::Client>(gosoto::Client::for_service("sqs"));
    } catch (const gosoto::Error &e) {
        std::cerr << "creating the SQS client failed with status " << e.status() << ":\n" << e.json() << "\n";
        return 1;
    }

    std::string queue_url;
    bool queue_created = false;
    try {
        // 1. The queues that exist already.
        std::string out = call(*sqs, "ListQueues", "{}");
        for (unsigned long i = 0;; i++) {
            std::string path = "QueueUrls[" + std::to_string(i) + "]";
            std::unique_ptr<char, decltype(&std::free)> url(json_get_string(out.c_str(), path.c_str()), &std::free);
            if (!url)
                break;
            std::cout << "Existing queue: " << url.get() << "\n";
        }

        // 2. A new queue.
        std::string name = "test_q_" + std::to_string(static_cast<long long>(std::time(nullptr)));
        out = call(*sqs, "CreateQueue", object({{"QueueName", name}}));
        queue_url = need_string(out, "QueueUrl", "CreateQueue");
        queue_created = true;
        std::cout << "Created queue " << name << " with url " << queue_url << "\n";

        // 3. Its URL, looked up by name.
        out = call(*sqs, "GetQueueUrl", object({{"QueueName", name}}));
        std::string verified = need_string(out, "QueueUrl", "GetQueueUrl");
        if (verified != queue_url)
            throw DemoFailure("GetQueueUrl returned " + verified + ", but CreateQueue returned " + queue_url);
        std::cout << "Verified queue url " << verified << " for queue name " << name << "\n";

        // 4. A message.
        out = call(*sqs, "SendMessage", object({{"QueueUrl", queue_url}, {"MessageBody", kBody}}));
        std::string message_id = need_string(out, "MessageId", "SendMessage");
        std::cout << "Send message with body '" << kBody << "' and created message_id " << message_id << "\n";

        // 5. Receive it (long polling; a few tries, as SQS is distributed).
        std::string received_body, received_id, receipt;
        int attempt = 0;
        for (; attempt < 3 && receipt.empty(); attempt++) {
            out = call(*sqs, "ReceiveMessage",
                       object({{"QueueUrl", queue_url}}, "\"MaxNumberOfMessages\": 1, \"WaitTimeSeconds\": 5"));
            if (json_has(out.c_str(), "Messages[0]")) {
                received_body = need_string(out, "Messages[0].Body", "ReceiveMessage");
                received_id = need_string(out, "Messages[0].MessageId", "ReceiveMessage");
                receipt = need_string(out, "Messages[0].ReceiptHandle", "ReceiveMessage");
            }
        }
        if (receipt.empty())
            throw DemoFailure("ReceiveMessage: no message arrived after " + std::to_string(attempt) + " tries");
        if (received_body != kBody || received_id != message_id)
            throw DemoFailure("ReceiveMessage: got message " + received_id + " '" + received_body +
                              "', expected " + message_id + " '" + kBody + "'");
        std::cout << "Received message '" << received_body << "' with id " << received_id << "\n";

        // 6. Delete the message.
        out = call(*sqs, "DeleteMessage", object({{"QueueUrl", queue_url}, {"ReceiptHandle", receipt}}));
        std::cout << "Message deleted by request_id "
                  << need_string(out, "ResponseMetadata.RequestId", "DeleteMessage") << "\n";

        // 7. Delete the queue.
        out = call(*sqs, "DeleteQueue", object({{"QueueUrl", queue_url}}));
        queue_created = false;
        std::cout << "Queue " << queue_url << " deleted by request_id "
                  << need_string(out, "ResponseMetadata.RequestId", "DeleteQueue") << "\n";

        std::cout << "Everything worked." << std::endl;
        return 0;
    } catch (const gosoto::Error &) {
        // already reported by call()
    } catch (const DemoFailure &e) {
        std::cerr << e.what() << "\n";
    }

    std::cout.flush();
    if (queue_created) {
        // Best effort: do not leave the demo's queue behind after a failure.
        try {
            sqs->call("DeleteQueue", object({{"QueueUrl", queue_url}}));
            std::cerr << "Deleted queue " << queue_url << " after the failure\n";
        } catch (const gosoto::Error &e) {
            std::cerr << "Could not delete queue " << queue_url << ": " << e.json() << "\n";
        }
    }
    return 1;
}
