package main

import (
	"html"
	"regexp"
	"strings"
	"unicode/utf8"
)

// block is one paragraph of documentation text: a bullet ("- " prefix) or a
// plain paragraph.
type block struct {
	bullet bool
	text   string
}

// escapedTag finds a documentation HTML tag written with entities. Only the
// tags botocore's docs use count: "&lt;Bucket&gt;" is text about XML.
var escapedTag = regexp.MustCompile(`&lt;(/?(p|ul|ol|li|code|note|important|b|i)&gt;|a href=)`)

// blockTags start a new paragraph; listTags mark a list item.
var blockTags = map[string]bool{
	"p": true, "div": true, "br": true, "ul": true, "ol": true, "dl": true,
	"dt": true, "dd": true, "pre": true, "note": true, "important": true,
	"h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"table": true, "tr": true, "blockquote": true, "section": true,
	"fullname": true, "title": true,
}

// htmlBlocks turns botocore's documentation HTML into paragraphs of plain
// text: tags are dropped (block-level tags break paragraphs, <li> starts a
// bullet), entities are decoded and runs of white space collapse to one
// space. A "<" that does not start a tag is kept as text.
//
// Some models escape their HTML twice ("&lt;p&gt;"); such text is unescaped
// once before the tags are read.
func htmlBlocks(s string) []block {
	if escapedTag.MatchString(s) {
		s = html.UnescapeString(s)
	}
	var out []block
	var cur strings.Builder
	bullet := false
	flush := func() {
		t := strings.Join(strings.Fields(html.UnescapeString(cur.String())), " ")
		if t != "" {
			out = append(out, block{bullet: bullet, text: t})
		}
		cur.Reset()
		bullet = false
	}
	for i := 0; i < len(s); {
		if s[i] != '<' || i+1 >= len(s) || !isTagStart(s[i+1]) {
			cur.WriteByte(s[i])
			i++
			continue
		}
		end := strings.IndexByte(s[i:], '>')
		if end < 0 {
			cur.WriteString(s[i:])
			break
		}
		inner := s[i+1 : i+end]
		name := tagName(inner)
		i += end + 1
		switch {
		case name == "li":
			flush()
			bullet = !strings.HasPrefix(inner, "/")
		case blockTags[name]:
			keep := bullet && strings.TrimSpace(cur.String()) == ""
			flush()
			// <li><p>text</p></li>: the paragraph inside a list item stays a bullet.
			bullet = keep
		default:
			// Inline tags (<code>, <a>, <i>, <b>...) vanish; keep words apart.
			if name == "" {
				cur.WriteByte(' ')
			}
		}
	}
	flush()
	return out
}

func isTagStart(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '/' || c == '!'
}

// tagName returns the lower-cased element name of the inside of a tag
// ("/p" -> "p", "a href=..." -> "a"), or "" for comments and the like.
func tagName(in string) string {
	in = strings.TrimPrefix(in, "/")
	n := 0
	for n < len(in) && (in[n] >= 'a' && in[n] <= 'z' || in[n] >= 'A' && in[n] <= 'Z' || in[n] >= '0' && in[n] <= '9') {
		n++
	}
	return strings.ToLower(in[:n])
}

// plainText is the documentation HTML as plain text: paragraphs separated by
// a blank line, bullets as "- " lines, each wrapped to width columns.
func plainText(s string, width int) []string {
	var lines []string
	prevBullet := false
	for i, b := range htmlBlocks(s) {
		if i > 0 && !(b.bullet && prevBullet) {
			lines = append(lines, "")
		}
		if b.bullet {
			lines = append(lines, wrap(b.text, width, "- ", "  ")...)
		} else {
			lines = append(lines, wrap(b.text, width, "", "")...)
		}
		prevBullet = b.bullet
	}
	return lines
}

// wrap fills words into lines of at most width runes (a longer word gets a
// line of its own), the first line prefixed by first, the others by rest.
func wrap(text string, width int, first, rest string) []string {
	var lines []string
	line := first
	empty := true
	for _, w := range strings.Fields(text) {
		if !empty && utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width {
			lines = append(lines, line)
			line, empty = rest, true
		}
		if !empty {
			line += " "
		}
		line += w
		empty = false
	}
	if !empty {
		lines = append(lines, line)
	}
	return lines
}

// commentSafe makes text safe inside a C block comment: "*/" would end the
// comment and "/*" draws a warning, so a space goes between the two
// characters; "??" could start a trigraph, so it becomes "? ?".
func commentSafe(s string) string {
	for _, r := range [][2]string{{"*/", "* /"}, {"/*", "/ *"}, {"??", "? ?"}} {
		for strings.Contains(s, r[0]) {
			s = strings.ReplaceAll(s, r[0], r[1])
		}
	}
	return s
}

// cComment renders lines as a C block comment ("/*", " * line"..., " */"),
// each line made comment safe.
func cComment(lines []string) string {
	var b strings.Builder
	b.WriteString("/*\n")
	for _, l := range lines {
		l = commentSafe(strings.TrimRight(l, " \t"))
		if l == "" {
			b.WriteString(" *\n")
		} else {
			b.WriteString(" * " + l + "\n")
		}
	}
	b.WriteString(" */\n")
	return b.String()
}
