/* json_get_test: the examples' tiny JSON reader (examples/c/json_get.h) on
 * well-formed, escaped, nested, truncated and malformed documents. Needs no
 * library. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_get.h"

static int failed, total;

#define EXPECT(cond)                                                          \
    do {                                                                      \
        total++;                                                              \
        if (!(cond)) {                                                        \
            failed++;                                                         \
            fprintf(stderr, "%s:%d: EXPECT failed: %s\n", __FILE__, __LINE__, #cond); \
        }                                                                     \
    } while (0)

/* json_get_string(doc, path) equals want (NULL: is absent/invalid). */
static int str_is(const char *doc, const char *path, const char *want)
{
    char *v = json_get_string(doc, path);
    int ok = (want == NULL) ? v == NULL : (v != NULL && strcmp(v, want) == 0);
    if (!ok)
        fprintf(stderr, "  %s in %s: got %s, want %s\n", path, doc, v ? v : "(null)", want ? want : "(null)");
    free(v);
    return ok;
}

int main(void)
{
    static const char doc[] =
        " {\"QueueUrls\": [\"http:\\/\\/a\\/q1\", \"q2\"],\n"
        "  \"Messages\": [{\"Body\": \"say \\\"hi\\\" \\\\ caf\\u00e9 \\ud83d\\ude00 \\u20ac\", \"N\": -12.5e3,"
        "                 \"Attrs\": {\"a\": [1, {\"b\": null}], \"t\": true}}],\n"
        "  \"ResponseMetadata\": {\"RequestId\": \"r-1\", \"HTTPStatusCode\": 200},"
        "  \"Empty\": \"\", \"Obj\": {}, \"Arr\": [] } ";
    long n = 0;
    char *q;

    EXPECT(str_is(doc, "QueueUrls[0]", "http://a/q1"));
    EXPECT(str_is(doc, "QueueUrls[1]", "q2"));
    EXPECT(str_is(doc, "QueueUrls[2]", NULL));
    EXPECT(str_is(doc, "Messages[0].Body", "say \"hi\" \\ caf\xc3\xa9 \xf0\x9f\x98\x80 \xe2\x82\xac"));
    EXPECT(str_is(doc, "ResponseMetadata.RequestId", "r-1"));
    EXPECT(str_is(doc, "Empty", ""));
    EXPECT(str_is(doc, "Messages[0].N", NULL)); /* a number is not a string */
    EXPECT(str_is(doc, "Missing", NULL));
    EXPECT(str_is(doc, "Obj.x", NULL));
    EXPECT(str_is(doc, "Arr[0]", NULL));
    EXPECT(str_is(doc, "Messages.Body", NULL)); /* an array is not an object */
    EXPECT(str_is(doc, "QueueUrls[x]", NULL));
    EXPECT(json_has(doc, "Messages[0].Attrs.a[1].b"));
    EXPECT(!json_has(doc, "Messages[0].Attrs.a[2]"));
    EXPECT(json_get_int(doc, "ResponseMetadata.HTTPStatusCode", &n) && n == 200);
    EXPECT(!json_get_int(doc, "ResponseMetadata.RequestId", &n));
    EXPECT(json_has(doc, "Messages[0].Attrs.t"));

    /* A lone surrogate becomes U+FFFD; bad escapes are rejected. */
    EXPECT(str_is("{\"s\": \"a\\ud800b\"}", "s", "a\xef\xbf\xbd" "b"));
    EXPECT(str_is("{\"s\": \"\\udc00\"}", "s", "\xef\xbf\xbd"));
    EXPECT(str_is("{\"s\": \"\\u12\"}", "s", NULL));
    EXPECT(str_is("{\"s\": \"\\x41\"}", "s", NULL));
    EXPECT(str_is("{\"s\": \"tab\\there\"}", "s", "tab\there"));

    /* Truncated or malformed documents are never half-read. */
    EXPECT(str_is("{\"s\": \"abc", "s", NULL));
    EXPECT(str_is("{\"s\": \"abc\\", "s", NULL));
    EXPECT(str_is("{\"s\": \"abc\"", "s", NULL));
    EXPECT(str_is("{\"s\": \"abc\",}", "s", NULL));
    EXPECT(str_is("{\"s\" \"abc\"}", "s", NULL));
    EXPECT(str_is("{\"s\": \"abc\"} x", "s", NULL));
    EXPECT(str_is("{\"s\": \"a\nb\"}", "s", NULL)); /* raw control character */
    EXPECT(str_is("", "s", NULL));
    EXPECT(str_is(NULL, "s", NULL));
    EXPECT(str_is("{\"s\": tru}", "s", NULL));

    /* Deep nesting stops at JSON_GET_MAX_DEPTH instead of the stack. */
    {
        size_t depth = 100000, i;
        char *deep = (char *)malloc(2 * depth + 1);
        for (i = 0; i < depth; i++) {
            deep[i] = '[';
            deep[2 * depth - 1 - i] = ']';
        }
        deep[2 * depth] = '\0';
        EXPECT(!json_has(deep, "[0]"));
        free(deep);
    }

    /* json_quote escapes what JSON needs and round-trips. */
    q = json_quote("a\"b\\c\n\x01/");
    EXPECT(q != NULL && strcmp(q, "\"a\\\"b\\\\c\\u000a\\u0001/\"") == 0);
    if (q != NULL) {
        char *doc2 = (char *)malloc(strlen(q) + 8);
        sprintf(doc2, "{\"k\":%s}", q);
        EXPECT(str_is(doc2, "k", "a\"b\\c\n\x01/"));
        free(doc2);
    }
    free(q);
    EXPECT(json_quote(NULL) == NULL);

    printf("json_get_test: %d checks, %d failed\n", total, failed);
    printf("json_get_test: %d passed, %d failed\n", total - failed, failed);
    return failed == 0 ? 0 : 1;
}
