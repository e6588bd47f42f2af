/*
 * gosoto.hpp: a header-only C++17 wrapper of the gosoto C API (gosoto.h).
 *
 *   #include <gosoto.hpp>
 *
 *   gosoto::Client sqs = gosoto::Client::for_service("sqs");
 *   try {
 *       std::string out = sqs.call("GetQueueUrl", R"({"QueueName": "jobs"})");
 *   } catch (const gosoto::Error &e) {
 *       std::cerr << e.code() << ": " << e.message() << "\n" << e.json() << "\n";
 *   }
 *
 * What it adds to gosoto.h, and nothing more:
 *  - RAII: Client and Credentials own their handle (movable, not copyable)
 *    and free it in their destructor (a Client made with a Credentials keeps
 *    the provider alive itself, so their order does not matter); every string the library hands out is
 *    copied into a std::string and released with gosoto_string_free at once.
 *  - Errors: a failed call throws gosoto::Error, which carries the status
 *    (GOSOTO_E_*), the library's error JSON, and the Error.Code,
 *    Error.Message and Kind read from it.
 *  - sign(): gosoto_sign; json_quote(): a JSON string literal for building
 *    inputs.
 *
 * Input and output stay JSON text (the shapes boto3 documents, see
 * gosoto.h): parse them with the JSON library of your choice.
 *
 *  - Paginator: gosoto_paginator_* as a range usable in range-for:
 *      for (const std::string &page : gosoto::Paginator(sqs, "ListQueues", "{}")) ...
 *
 * Threads: as gosoto.h, every object may be used from many threads at once
 * (a Client's calls do not serialize); moving or destroying one while
 * another thread uses it is, as for any C++ object, the caller's problem.
 *
 * Build: c++ -std=c++17 app.cpp $(pkg-config --cflags --libs gosoto)
 */
#ifndef GOSOTO_HPP
#define GOSOTO_HPP

#include <gosoto.h>

#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <stdexcept>
#include <string>
#include <utility>

namespace gosoto {

namespace detail {

/* Copies a string the library handed out and releases it. */
inline std::string take(char *s)
{
    if (s == nullptr)
        return std::string();
    struct Release {
        char *p;
        ~Release() { gosoto_string_free(p); }
    } release{s};
    return std::string(s);
}

/* A minimal JSON reader, enough to pull Error.Code, Error.Message and Kind
 * out of the library's error documents: reads a string member at a path of
 * object member names, without unescaping anything but \" \\ \/ \n \t. */
class MiniJson {
public:
    explicit MiniJson(const std::string &doc) : s_(doc) {}

    /* The string at obj[k0][k1]...; false when absent or not a string. */
    bool string_at(std::initializer_list<const char *> path, std::string &out) const
    {
        std::size_t p = 0;
        for (const char *key : path) {
            ws(p);
            if (!find_member(p, key))
                return false;
        }
        ws(p);
        return read_string(p, out);
    }

private:
    const std::string &s_;

    void ws(std::size_t &p) const
    {
        while (p < s_.size() && (s_[p] == ' ' || s_[p] == '\t' || s_[p] == '\n' || s_[p] == '\r'))
            ++p;
    }

    bool read_string(std::size_t &p, std::string &out) const
    {
        if (p >= s_.size() || s_[p] != '"')
            return false;
        out.clear();
        for (++p; p < s_.size(); ++p) {
            char c = s_[p];
            if (c == '"') {
                ++p;
                return true;
            }
            if (c == '\\') {
                if (++p >= s_.size())
                    return false;
                switch (s_[p]) {
                case 'n': out += '\n'; break;
                case 't': out += '\t'; break;
                case 'r': out += '\r'; break;
                case 'u': out += "\\u"; break; /* kept escaped */
                default: out += s_[p]; break;
                }
                continue;
            }
            out += c;
        }
        return false;
    }

    bool skip_value(std::size_t &p, int depth) const
    {
        ws(p);
        if (p >= s_.size() || depth > 64)
            return false;
        char c = s_[p];
        if (c == '"') {
            std::string ignored;
            return read_string(p, ignored);
        }
        if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++p;
            ws(p);
            if (p < s_.size() && s_[p] == close) {
                ++p;
                return true;
            }
            for (;;) {
                if (c == '{') {
                    std::string k;
                    ws(p);
                    if (!read_string(p, k))
                        return false;
                    ws(p);
                    if (p >= s_.size() || s_[p] != ':')
                        return false;
                    ++p;
                }
                if (!skip_value(p, depth + 1))
                    return false;
                ws(p);
                if (p < s_.size() && s_[p] == ',') {
                    ++p;
                    continue;
                }
                if (p < s_.size() && s_[p] == close) {
                    ++p;
                    return true;
                }
                return false;
            }
        }
        /* number, true, false, null */
        std::size_t start = p;
        while (p < s_.size() && s_[p] != ',' && s_[p] != '}' && s_[p] != ']' && s_[p] != ' ' &&
               s_[p] != '\n' && s_[p] != '\r' && s_[p] != '\t')
            ++p;
        return p > start;
    }

    /* p at '{': moves p to the value of member key. */
    bool find_member(std::size_t &p, const char *key) const
    {
        if (p >= s_.size() || s_[p] != '{')
            return false;
        ++p;
        for (;;) {
            std::string k;
            ws(p);
            if (!read_string(p, k))
                return false;
            ws(p);
            if (p >= s_.size() || s_[p] != ':')
                return false;
            ++p;
            ws(p);
            if (k == key)
                return true;
            if (!skip_value(p, 1))
                return false;
            ws(p);
            if (p >= s_.size() || s_[p] != ',')
                return false;
            ++p;
        }
    }
};

} // namespace detail

/* The version of the loaded library (gosoto_version). */
inline std::string version()
{
    const char *v = gosoto_version();
    return v != nullptr ? std::string(v) : std::string();
}

/* s as a JSON string literal, quotes included ("a\"b" -> "\"a\\\"b\""). */
inline std::string json_quote(const std::string &s)
{
    static const char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(s.size() + 2);
    out += '"';
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    out += '"';
    return out;
}

/*
 * A failed library call. status() is the GOSOTO_E_* code, json() the error
 * document; code(), message() and kind() are its Error.Code, Error.Message
 * and Kind ("service", "validation", "network", ...). what() is
 * "<code>: <message>" (or the status when the document has neither).
 */
class Error : public std::runtime_error {
public:
    Error(int status, std::string error_json)
        : std::runtime_error(describe(status, error_json)), status_(status), json_(std::move(error_json))
    {
        detail::MiniJson j(json_);
        j.string_at({"Error", "Code"}, code_);
        j.string_at({"Error", "Message"}, message_);
        j.string_at({"Kind"}, kind_);
    }

    int status() const noexcept { return status_; }
    const std::string &json() const noexcept { return json_; }
    const std::string &code() const noexcept { return code_; }
    const std::string &message() const noexcept { return message_; }
    const std::string &kind() const noexcept { return kind_; }

    bool is_service_error() const noexcept { return status_ == GOSOTO_E_SERVICE; }

private:
    int status_;
    std::string json_, code_, message_, kind_;

    static std::string describe(int status, const std::string &doc)
    {
        std::string code, message;
        detail::MiniJson j(doc);
        j.string_at({"Error", "Code"}, code);
        j.string_at({"Error", "Message"}, message);
        if (code.empty() && message.empty())
            return "gosoto: status " + std::to_string(status);
        return code + ": " + message;
    }
};

namespace detail {

/* Throws gosoto::Error unless status is GOSOTO_OK; returns the output. */
inline std::string checked(int status, char *out)
{
    std::string text = take(out);
    if (status != GOSOTO_OK)
        throw Error(status, std::move(text));
    return text;
}

} // namespace detail

/*
 * A credential provider (gosoto_credentials_new): "{}" for the default
 * chain, or {"profile": ...}, {"static": {...}}, {"sources": [...]}. get()
 * returns the current credentials JSON, refreshed if needed
 * ({"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration",
 * "Source"}: it holds a secret).
 */
class Credentials {
public:
    explicit Credentials(const std::string &options_json = "{}")
    {
        char *err = nullptr;
        int status = gosoto_credentials_new(options_json.c_str(), &handle_, &err);
        detail::checked(status, err);
    }
    ~Credentials() { gosoto_credentials_free(handle_); }

    Credentials(Credentials &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Credentials &operator=(Credentials &&other) noexcept
    {
        if (this != &other) {
            gosoto_credentials_free(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Credentials(const Credentials &) = delete;
    Credentials &operator=(const Credentials &) = delete;

    /* The current credentials (JSON). Blocks while a refresh runs. */
    std::string get() const
    {
        char *out = nullptr;
        int status = gosoto_credentials_get(handle_, &out);
        return detail::checked(status, out);
    }

    gosoto_credentials *handle() const noexcept { return handle_; }

private:
    gosoto_credentials *handle_ = nullptr;
};

/*
 * A client of one service (gosoto_client_new), from a config JSON object:
 * {"service": "sqs", "region": ..., "endpoint_url": ..., ...}.
 */
class Client {
public:
    explicit Client(const std::string &config_json)
    {
        char *err = nullptr;
        int status = gosoto_client_new(config_json.c_str(), &handle_, &err);
        detail::checked(status, err);
    }

    /* A client that signs with the credentials of a shared provider
     * (gosoto_client_new_with_credentials): every client made with it uses
     * its cache and refreshes. config_json must not hold "credentials". */
    Client(const std::string &config_json, const Credentials &credentials)
    {
        char *err = nullptr;
        int status = gosoto_client_new_with_credentials(config_json.c_str(), credentials.handle(), &handle_, &err);
        detail::checked(status, err);
    }

    /* A client of service with everything else from the environment. */
    static Client for_service(const std::string &service)
    {
        return Client("{\"service\": " + json_quote(service) + "}");
    }

    ~Client() { gosoto_client_free(handle_); }

    Client(Client &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    Client &operator=(Client &&other) noexcept
    {
        if (this != &other) {
            gosoto_client_free(handle_);
            handle_ = std::exchange(other.handle_, nullptr);
        }
        return *this;
    }
    Client(const Client &) = delete;
    Client &operator=(const Client &) = delete;

    /* Calls operation ("SendMessage" or "send_message") with its input
     * JSON; returns the output JSON, or throws gosoto::Error. Blocks. */
    std::string call(const std::string &operation, const std::string &input_json = "{}") const
    {
        char *out = nullptr;
        int status = gosoto_client_call(handle_, operation.c_str(), input_json.c_str(), &out);
        return detail::checked(status, out);
    }

    /* The signed HTTP request a call would send ({"method", "url",
     * "headers", "body_base64"}), without sending it. */
    std::string build_request(const std::string &operation, const std::string &input_json = "{}") const
    {
        char *out = nullptr;
        int status = gosoto_client_build_request(handle_, operation.c_str(), input_json.c_str(), &out);
        return detail::checked(status, out);
    }

    /* What call() would return for an HTTP response ({"status_code",
     * "headers", "body_base64"}); throws gosoto::Error for an error answer. */
    std::string parse_response(const std::string &operation, const std::string &response_json) const
    {
        char *out = nullptr;
        int status = gosoto_client_parse_response(handle_, operation.c_str(), response_json.c_str(), &out);
        return detail::checked(status, out);
    }

    /* The client's service model: operations and shapes (JSON). */
    std::string describe() const
    {
        char *out = nullptr;
        int status = gosoto_client_describe(handle_, &out);
        return detail::checked(status, out);
    }

    /* What the client resolved: {"service", "region", "endpoint_url"}. */
    std::string info() const
    {
        char *out = nullptr;
        int status = gosoto_client_info(handle_, &out);
        return detail::checked(status, out);
    }

    gosoto_client *handle() const noexcept { return handle_; }

private:
    gosoto_client *handle_ = nullptr;
};

/*
 * The pages of a paginated operation (gosoto_paginator_new/next/free), as an
 * input range: begin() fetches the first page, ++ the next; a failed page
 * throws gosoto::Error. One pass, one thread at a time.
 */
class Paginator {
public:
    Paginator(const Client &client, const std::string &operation, const std::string &input_json = "{}")
    {
        char *err = nullptr;
        int status = gosoto_paginator_new(client.handle(), operation.c_str(), input_json.c_str(), &pager_, &err);
        detail::checked(status, err);
    }
    ~Paginator() { gosoto_paginator_free(pager_); }
    Paginator(const Paginator &) = delete;
    Paginator &operator=(const Paginator &) = delete;

    class iterator {
    public:
        using iterator_category = std::input_iterator_tag;
        using value_type = std::string;
        using difference_type = std::ptrdiff_t;
        using pointer = const std::string *;
        using reference = const std::string &;

        iterator() = default;
        explicit iterator(Paginator *p) : p_(p) { advance(); }
        reference operator*() const { return page_; }
        pointer operator->() const { return &page_; }
        iterator &operator++()
        {
            advance();
            return *this;
        }
        bool operator==(const iterator &o) const { return p_ == o.p_; }
        bool operator!=(const iterator &o) const { return p_ != o.p_; }

    private:
        Paginator *p_ = nullptr;
        std::string page_;
        void advance()
        {
            char *out = nullptr;
            int status = gosoto_paginator_next(p_->pager_, &out);
            if (status == GOSOTO_DONE) {
                gosoto_string_free(out);
                p_ = nullptr;
                page_.clear();
                return;
            }
            page_ = detail::checked(status, out);
        }
    };

    iterator begin() { return iterator(this); }
    iterator end() { return iterator(); }

private:
    gosoto_paginator *pager_ = nullptr;
};

/* SigV4-signs an HTTP request (gosoto_sign): request_json as gosoto.h
 * documents it; returns {"url", "headers", "canonical_request",
 * "string_to_sign", "signature"}, or throws gosoto::Error. */
inline std::string sign(const std::string &request_json)
{
    char *out = nullptr;
    int status = gosoto_sign(request_json.c_str(), &out);
    return detail::checked(status, out);
}

} // namespace gosoto

#endif /* GOSOTO_HPP */
