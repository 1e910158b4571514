package records

import "testing"

type rec struct {
	Seq  uint64
	Text string
}

func setSeq(r *rec, seq uint64) { r.Seq = seq }

// Numbers run on past dropped records, so a driver's "since" stays valid after a drop.
func TestLimitDropsOldestAndKeepsCounting(t *testing.T) {
	l := New(2, setSeq)
	for _, kind := range []string{"a", "b", "a"} {
		l.Add(kind, rec{Text: kind})
	}
	got := l.Since(0, "")
	if len(got) != 2 || got[0].Seq != 2 || got[1].Seq != 3 {
		t.Fatalf("kept %+v, want seq 2 and 3", got)
	}
	if s := l.Stats(); s.Dropped != 1 || s.Received["a"] != 2 || s.Received["b"] != 1 {
		t.Fatalf("stats %+v", s)
	}
	if got := l.Since(2, "a"); len(got) != 1 || got[0].Seq != 3 {
		t.Fatalf("since 2 of a: %+v", got)
	}
	if got := l.Since(3, ""); got == nil || len(got) != 0 {
		t.Fatalf("since the last: %#v, want an empty non-nil slice", got)
	}
}

func TestNoLimitBelowOne(t *testing.T) {
	l := New(0, setSeq)
	for range 5 {
		l.Add("", rec{})
	}
	if n := len(l.Since(0, "")); n != 5 || l.Added() != 5 {
		t.Fatalf("kept %d of %d", n, l.Added())
	}
}
