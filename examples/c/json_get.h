/*
 * json_get.h: just enough JSON for the C examples and tests, with no
 * third-party library. Header-only; every function is static inline.
 *
 *   char *v = json_get_string(doc, "Messages[0].Body");   // malloc'd or NULL
 *   long n;  json_get_int(doc, "ResponseMetadata.HTTPStatusCode", &n);
 *   char *q = json_quote("a \"b\"");                      // "\"a \\\"b\\\"\""
 *
 * A path is a sequence of member names separated by '.', each optionally
 * followed by [index] for arrays; a leading [index] indexes a top-level array.
 * Member names in a path cannot contain '.' or '['.
 *
 * The reader only walks a NUL-terminated document: it never reads past the
 * terminating NUL, rejects malformed input (returns NULL / 0 instead), and
 * limits nesting to JSON_GET_MAX_DEPTH. Strings are decoded: \" \\ \/ \b \f
 * \n \r \t and \uXXXX (surrogate pairs included) become UTF-8; a lone
 * surrogate becomes U+FFFD. A decoded string containing U+0000 is cut there.
 *
 * These helpers are for reading the library's answers in examples; they are
 * not a general-purpose JSON library.
 */
#ifndef GOSOTO_EXAMPLES_JSON_GET_H
#define GOSOTO_EXAMPLES_JSON_GET_H

#include <stdlib.h>
#include <string.h>

#define JSON_GET_MAX_DEPTH 64

static inline const char *jsonget_ws(const char *p)
{
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    return p;
}

/* p points at '"'. Returns the position just after the closing quote. */
static inline const char *jsonget_skip_string(const char *p)
{
    p++;
    for (;;) {
        unsigned char c = (unsigned char)*p;
        if (c == '\0' || c < 0x20)
            return NULL;
        if (c == '"')
            return p + 1;
        if (c == '\\') {
            p++;
            if (*p == '\0')
                return NULL;
        }
        p++;
    }
}

static inline const char *jsonget_skip_value(const char *p, int depth);

static inline const char *jsonget_skip_container(const char *p, int depth)
{
    char close = (*p == '{') ? '}' : ']';
    int is_obj = (*p == '{');
    if (depth >= JSON_GET_MAX_DEPTH)
        return NULL;
    p = jsonget_ws(p + 1);
    if (*p == close)
        return p + 1;
    for (;;) {
        if (is_obj) {
            if (*p != '"')
                return NULL;
            p = jsonget_skip_string(p);
            if (p == NULL)
                return NULL;
            p = jsonget_ws(p);
            if (*p != ':')
                return NULL;
            p = jsonget_ws(p + 1);
        }
        p = jsonget_skip_value(p, depth + 1);
        if (p == NULL)
            return NULL;
        p = jsonget_ws(p);
        if (*p == ',') {
            p = jsonget_ws(p + 1);
            continue;
        }
        if (*p == close)
            return p + 1;
        return NULL;
    }
}

static inline const char *jsonget_skip_literal(const char *p, const char *lit)
{
    size_t n = strlen(lit);
    return strncmp(p, lit, n) == 0 ? p + n : NULL;
}

/* Skips one value starting at p (no leading whitespace). */
static inline const char *jsonget_skip_value(const char *p, int depth)
{
    switch (*p) {
    case '"':
        return jsonget_skip_string(p);
    case '{':
    case '[':
        return jsonget_skip_container(p, depth);
    case 't':
        return jsonget_skip_literal(p, "true");
    case 'f':
        return jsonget_skip_literal(p, "false");
    case 'n':
        return jsonget_skip_literal(p, "null");
    default:
        if (*p == '-' || (*p >= '0' && *p <= '9')) {
            const char *s = p;
            while (*p == '-' || *p == '+' || *p == '.' || *p == 'e' || *p == 'E' ||
                   (*p >= '0' && *p <= '9'))
                p++;
            return p > s ? p : NULL;
        }
        return NULL;
    }
}

/* Compares the raw (still escaped) JSON string at p with key; member names
 * with escapes never match a path element, which is fine for AWS shapes. */
static inline int jsonget_key_equals(const char *p, const char *key, size_t keylen)
{
    const char *end = jsonget_skip_string(p);
    if (end == NULL)
        return 0;
    return (size_t)(end - p - 2) == keylen && strncmp(p + 1, key, keylen) == 0;
}

/* p at '{': returns the start of the value of member key, or NULL. */
static inline const char *jsonget_member(const char *p, const char *key, size_t keylen)
{
    if (*p != '{')
        return NULL;
    p = jsonget_ws(p + 1);
    if (*p == '}')
        return NULL;
    for (;;) {
        int match;
        if (*p != '"')
            return NULL;
        match = jsonget_key_equals(p, key, keylen);
        p = jsonget_skip_string(p);
        if (p == NULL)
            return NULL;
        p = jsonget_ws(p);
        if (*p != ':')
            return NULL;
        p = jsonget_ws(p + 1);
        if (match)
            return p;
        p = jsonget_skip_value(p, 1);
        if (p == NULL)
            return NULL;
        p = jsonget_ws(p);
        if (*p != ',')
            return NULL;
        p = jsonget_ws(p + 1);
    }
}

/* p at '[': returns the start of element index, or NULL. */
static inline const char *jsonget_element(const char *p, unsigned long index)
{
    unsigned long i = 0;
    if (*p != '[')
        return NULL;
    p = jsonget_ws(p + 1);
    if (*p == ']')
        return NULL;
    for (;;) {
        if (i == index)
            return p;
        p = jsonget_skip_value(p, 1);
        if (p == NULL)
            return NULL;
        p = jsonget_ws(p);
        if (*p != ',')
            return NULL;
        p = jsonget_ws(p + 1);
        i++;
    }
}

/* Returns the start of the value at path in doc, or NULL. */
static inline const char *json_find(const char *doc, const char *path)
{
    const char *p;
    if (doc == NULL || path == NULL)
        return NULL;
    /* The whole document must be well-formed, so that a truncated answer is
     * never half-read. */
    p = jsonget_ws(doc);
    {
        const char *end = jsonget_skip_value(p, 0);
        if (end == NULL || *jsonget_ws(end) != '\0')
            return NULL;
    }
    while (*path != '\0') {
        if (*path == '[') {
            char *endnum;
            unsigned long idx = strtoul(path + 1, &endnum, 10);
            if (endnum == path + 1 || *endnum != ']')
                return NULL;
            p = jsonget_element(p, idx);
            path = endnum + 1;
        } else {
            size_t n = strcspn(path, ".[");
            if (n == 0)
                return NULL;
            p = jsonget_member(p, path, n);
            path += n;
        }
        if (p == NULL)
            return NULL;
        if (*path == '.')
            path++;
    }
    return p;
}

static inline int jsonget_hex4(const char *p, unsigned long *out)
{
    int i;
    unsigned long v = 0;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned long)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned long)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned long)(c - 'A' + 10);
        else
            return 0; /* also stops at NUL */
    }
    *out = v;
    return 1;
}

static inline char *jsonget_put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        *o++ = (char)cp;
    } else if (cp < 0x800) {
        *o++ = (char)(0xC0 | (cp >> 6));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *o++ = (char)(0xE0 | (cp >> 12));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *o++ = (char)(0xF0 | (cp >> 18));
        *o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *o++ = (char)(0x80 | (cp & 0x3F));
    }
    return o;
}

/* p at '"': the decoded string, malloc'd (free with free()), or NULL. */
static inline char *json_decode_string(const char *p)
{
    const char *end;
    char *out, *o;
    if (p == NULL || *p != '"')
        return NULL;
    end = jsonget_skip_string(p);
    if (end == NULL)
        return NULL;
    /* Decoding never makes a string longer: \uXXXX (6 bytes) gives at most
     * 3 bytes, a surrogate pair (12 bytes) 4 bytes. */
    out = (char *)malloc((size_t)(end - p));
    if (out == NULL)
        return NULL;
    o = out;
    p++;
    while (p < end - 1) {
        if (*p != '\\') {
            *o++ = *p++;
            continue;
        }
        p++;
        switch (*p) {
        case '"':  *o++ = '"';  p++; break;
        case '\\': *o++ = '\\'; p++; break;
        case '/':  *o++ = '/';  p++; break;
        case 'b':  *o++ = '\b'; p++; break;
        case 'f':  *o++ = '\f'; p++; break;
        case 'n':  *o++ = '\n'; p++; break;
        case 'r':  *o++ = '\r'; p++; break;
        case 't':  *o++ = '\t'; p++; break;
        case 'u': {
            unsigned long cp, lo;
            if (p + 5 > end - 1 || !jsonget_hex4(p + 1, &cp)) {
                free(out);
                return NULL;
            }
            p += 5;
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (p + 6 <= end - 1 && p[0] == '\\' && p[1] == 'u' &&
                    jsonget_hex4(p + 2, &lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                    p += 6;
                } else {
                    cp = 0xFFFD;
                }
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                cp = 0xFFFD;
            }
            o = jsonget_put_utf8(o, cp);
            break;
        }
        default:
            free(out);
            return NULL;
        }
    }
    *o = '\0';
    return out;
}

/* The string at path, decoded and malloc'd (free with free()); NULL when
 * the document is malformed, the path is absent or the value is not a
 * string. */
static inline char *json_get_string(const char *doc, const char *path)
{
    return json_decode_string(json_find(doc, path));
}

/* Stores the integer at path in *out and returns 1, or returns 0. */
static inline int json_get_int(const char *doc, const char *path, long *out)
{
    const char *p = json_find(doc, path);
    char *end;
    long v;
    if (p == NULL || !(*p == '-' || (*p >= '0' && *p <= '9')))
        return 0;
    v = strtol(p, &end, 10);
    if (end == p)
        return 0;
    *out = v;
    return 1;
}

/* 1 when path exists in doc (any type), else 0. */
static inline int json_has(const char *doc, const char *path)
{
    return json_find(doc, path) != NULL;
}

/* s as a JSON string literal, quotes included, malloc'd (free with free()).
 * Escapes '"', '\\' and control characters; other bytes are copied, so s
 * should be UTF-8. NULL when out of memory or s is NULL. */
static inline char *json_quote(const char *s)
{
    static const char hex[] = "0123456789abcdef";
    size_t n = 3;
    const char *p;
    char *out, *o;
    if (s == NULL)
        return NULL;
    for (p = s; *p; p++)
        n += ((unsigned char)*p < 0x20) ? 6 : (*p == '"' || *p == '\\') ? 2 : 1;
    out = (char *)malloc(n);
    if (out == NULL)
        return NULL;
    o = out;
    *o++ = '"';
    for (p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == '"' || c == '\\') {
            *o++ = '\\';
            *o++ = (char)c;
        } else if (c < 0x20) {
            *o++ = '\\';
            *o++ = 'u';
            *o++ = '0';
            *o++ = '0';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 0xF];
        } else {
            *o++ = (char)c;
        }
    }
    *o++ = '"';
    *o = '\0';
    return out;
}

#endif /* GOSOTO_EXAMPLES_JSON_GET_H */
