package main

import (
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestHTMLBlocks(t *testing.T) {
	in := `<p>Sends a <code>message</code> to &lt;queue&gt; &amp; more.</p> <ul> <li> <p>First <a href="https://x">link</a></p> </li> <li>Second</li> </ul> <note> <p>a < b, 5 &gt; 3</p> </note> <p>Tail<br/>line</p>`
	assert.Equal(t, []block{
		{text: "Sends a message to <queue> & more."},
		{bullet: true, text: "First link"},
		{bullet: true, text: "Second"},
		{text: "a < b, 5 > 3"},
		{text: "Tail"},
		{text: "line"},
	}, htmlBlocks(in))
}

func TestHTMLBlocksDoubleEscaped(t *testing.T) {
	in := `<p>Use &lt;a href=&quot;https://x&quot;&gt;&lt;code&gt;ListThings&lt;/code&gt;&lt;/a&gt;.</p>`
	assert.Equal(t, []block{{text: "Use ListThings."}}, htmlBlocks(in))
	// XML element names written as text are not tags.
	assert.Equal(t, []block{{text: "Send <Bucket>name</Bucket>."}}, htmlBlocks(`<p>Send &lt;Bucket&gt;name&lt;/Bucket&gt;.</p>`))
}

func TestHTMLBlocksUnterminatedTag(t *testing.T) {
	assert.Equal(t, []block{{text: "text <p"}}, htmlBlocks("text <p"))
}

func TestPlainTextWraps(t *testing.T) {
	words := strings.Repeat("word ", 40)
	lines := plainText("<p>"+words+"</p><ul><li>"+words+"</li><li>short</li></ul>", 30)
	for _, l := range lines {
		assert.LessOrEqual(t, len(l), 30, l)
	}
	assert.Equal(t, "word word word word word word", lines[0])
	// Paragraph, blank line, bullet with indented continuation, next bullet
	// right after.
	i := 0
	for lines[i] != "" {
		i++
	}
	assert.True(t, strings.HasPrefix(lines[i+1], "- word"), lines[i+1])
	assert.True(t, strings.HasPrefix(lines[i+2], "  word"), lines[i+2])
	assert.Equal(t, "- short", lines[len(lines)-1])
	// A word longer than the width gets a line of its own.
	assert.Equal(t, []string{"a", "https://example.com/a/very/long/path", "b"}, wrap("a https://example.com/a/very/long/path b", 10, "", ""))
}

func TestCommentSafe(t *testing.T) {
	for in, want := range map[string]string{
		"arn:aws:s3:::bucket/*/key": "arn:aws:s3:::bucket/ * /key",
		"end */ here":               "end * / here",
		"**/":                       "** /",
		"/*/":                       "/ * /",
		"what??/":                   "what? ?/",
		"plain":                     "plain",
	} {
		got := commentSafe(in)
		assert.Equal(t, want, got, in)
	}
}

// TestCommentNeverCloses feeds cComment random text made of the dangerous
// characters: the comment must end only at its last line.
func TestCommentNeverCloses(t *testing.T) {
	r := rand.New(rand.NewSource(1))
	alphabet := []byte("*/? a")
	for i := 0; i < 2000; i++ {
		b := make([]byte, r.Intn(20))
		for j := range b {
			b[j] = alphabet[r.Intn(len(alphabet))]
		}
		lines := plainText("<p>"+string(b)+"</p><p>*</p><p>/x</p>", 8)
		c := cComment(lines)
		body := strings.TrimSuffix(c, " */\n")
		assert.NotContains(t, body, "*/", "%q", b)
		assert.NotContains(t, body[2:], "/*", "%q", b)
		assert.NotContains(t, c, "??", "%q", b)
		assert.True(t, strings.HasPrefix(c, "/*\n") && strings.HasSuffix(c, "\n */\n"))
	}
}
