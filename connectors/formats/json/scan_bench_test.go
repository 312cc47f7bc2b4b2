package json

import "testing"

func BenchmarkScanTokensOnly(b *testing.B) {
	var s scanner
	for b.Loop() {
		s.reset(transactionJSON)
		for {
			if err := s.next(); err != nil {
				b.Fatal(err)
			}
			if s.tok == tEOF {
				break
			}
		}
	}
}
