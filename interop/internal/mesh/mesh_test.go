package mesh

import (
	"context"
	"testing"
)

func TestAwait(t *testing.T) {
	calls := 0
	err := Await(context.Background(), 1000, func() string {
		if calls++; calls < 3 {
			return "not yet"
		}
		return ""
	})
	if err != nil || calls != 3 {
		t.Fatalf("err %v after %d calls", err, calls)
	}
	err = Await(context.Background(), 0, func() string { return "1 of 2 peers on t" })
	if err == nil || err.Error() != "1 of 2 peers on t after 0 ms" {
		t.Fatalf("timeout: %v", err)
	}
}
