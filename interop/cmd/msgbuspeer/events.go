package main

import (
	"encoding/json"
	"os"
	"sync"
)

// eventWriter pushes what happens (received, malformed, log) as `event {...}` lines on stderr
// when -events is set. Stdout stays the control channel's alone: its replies are written by
// another writer, and a second one there could interleave with a long reply. A driver sees
// stderr lines through its log callback; the polling methods remain the reliable record.
type eventWriter struct {
	on bool
	mu sync.Mutex
}

func (w *eventWriter) send(kind string, data any) {
	if w == nil || !w.on {
		return
	}
	line, err := json.Marshal(map[string]any{"event": kind, "data": data})
	if err != nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	_, _ = os.Stderr.Write(append(append([]byte("event "), line...), '\n'))
}
