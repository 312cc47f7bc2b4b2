package sql

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"
)

// Source is a rendered SQL file: the text after placeholders were filled,
// plus what is needed to map offsets in that text back to the original file.
type Source struct {
	File string
	// Text is the rendered SQL, as Parse reads it.
	Text string

	// original is the file as the user wrote it; "" means Text is the original.
	original string
	// substitutions are the filled placeholders, in text order.
	substitutions []substitution
	// lineStarts are the byte offsets of each line of the original text.
	lineStarts []int
}

// substitution records one filled placeholder: the bytes
// Text[renderedStart:renderedEnd] replaced original[origStart:origEnd]
// (origStart is the offset of the '$').
type substitution struct {
	renderedStart, renderedEnd int
	origStart, origEnd         int
}

// NewSource returns a Source for text that has no placeholders to map
// (e.g. in tests, or SQL that did not go through Render).
func NewSource(file, text string) *Source {
	return &Source{File: file, Text: text, lineStarts: lineStarts(text)}
}

// Pos maps a byte offset in the rendered Text to the position in the
// original file. An offset inside a substituted value maps to the '$' of its
// placeholder; offsets out of range are clamped.
func (s *Source) Pos(offset int) Pos {
	offset = max(0, min(offset, len(s.Text)))
	return s.originalPos(s.originalOffset(offset))
}

// originalPos returns the position of a byte offset in the original text.
func (s *Source) originalPos(o int) Pos {
	orig := s.originalText()
	o = max(0, min(o, len(orig)))
	starts := s.lineStarts
	if starts == nil {
		starts = lineStarts(orig)
	}
	// The line is the last one starting at or before o.
	line := sort.Search(len(starts), func(i int) bool { return starts[i] > o }) - 1
	line = max(line, 0)
	col := utf8.RuneCountInString(orig[starts[line]:o]) + 1
	return Pos{File: s.File, Line: line + 1, Col: col}
}

// originalOffset maps a rendered offset to an original one.
func (s *Source) originalOffset(offset int) int {
	subs := s.substitutions
	// i is the first substitution ending after offset.
	i := sort.Search(len(subs), func(i int) bool { return subs[i].renderedEnd > offset })
	if i < len(subs) && subs[i].renderedStart <= offset {
		return subs[i].origStart
	}
	if i == 0 {
		return offset
	}
	prev := subs[i-1]
	return prev.origEnd + (offset - prev.renderedEnd)
}

// placeholderAt describes the placeholder whose value covers the rendered
// offset, e.g. `${a.b} (filled with "x-y")`, so that an error found in a
// value can say what the user's placeholder turned into.
func (s *Source) placeholderAt(offset int) (string, bool) {
	subs := s.substitutions
	i := sort.Search(len(subs), func(i int) bool { return subs[i].renderedEnd > offset })
	if i == len(subs) || subs[i].renderedStart > offset {
		return "", false
	}
	sub := subs[i]
	return fmt.Sprintf("%s (filled with %q)", s.original[sub.origStart:sub.origEnd], s.Text[sub.renderedStart:sub.renderedEnd]), true
}

func (s *Source) originalText() string {
	if s.original == "" && len(s.substitutions) == 0 {
		return s.Text
	}
	return s.original
}

// lineStarts returns the byte offset at which each line of text starts.
func lineStarts(text string) []int {
	starts := make([]int, 1, strings.Count(text, "\n")+1)
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}
