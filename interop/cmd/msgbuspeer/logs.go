package main

import (
	"fmt"
	"log"
	"os"
	"sync"
	"time"
)

// busLogger has the four-method shape the message bus takes as its logger, so every line the bus
// would log is seen here: it goes to stderr (debug lines only with -debug) and the warn and error
// lines, plus every malformed-message line whatever the level, are kept for the `logs` method.
// A test asserts "the Go side never logged a malformed message" on that record, not on stderr.
type busLogger struct {
	out    *log.Logger
	debug  bool
	events *eventWriter

	mu      sync.Mutex
	limit   int
	lines   []logLine
	lastSeq uint64
}

type logLine struct {
	Seq   uint64 `json:"seq"`
	Level string `json:"level"`
	Text  string `json:"text"`
	// Malformed marks the bus's malformed-message and skip-peer lines.
	Malformed bool  `json:"malformed,omitempty"`
	AtMs      int64 `json:"atMs"`
}

func newBusLogger(prefix string, debug bool, events *eventWriter) *busLogger {
	return &busLogger{
		out:    log.New(os.Stderr, prefix, log.Ltime|log.Lmicroseconds),
		debug:  debug,
		events: events,
		limit:  10000,
	}
}

func (l *busLogger) Debugf(format string, v ...any) { l.emit("DEBUG", false, format, v...) }
func (l *busLogger) Infof(format string, v ...any)  { l.emit("INFO", false, format, v...) }
func (l *busLogger) Warnf(format string, v ...any)  { l.emit("WARN", false, format, v...) }
func (l *busLogger) Errorf(format string, v ...any) { l.emit("ERROR", false, format, v...) }

// malformedf logs at level and marks the line, whatever the level, as a malformed-message line.
func (l *busLogger) malformedf(level, format string, v ...any) { l.emit(level, true, format, v...) }

func (l *busLogger) emit(level string, malformed bool, format string, v ...any) {
	text := fmt.Sprintf(format, v...)
	if level != "DEBUG" || l.debug {
		l.out.Printf("[%s] %s", level, text)
	}
	if level == "DEBUG" || level == "INFO" {
		if !malformed {
			return
		}
	}
	line := logLine{Level: level, Text: text, Malformed: malformed, AtMs: time.Now().UnixMilli()}
	l.mu.Lock()
	l.lastSeq++
	line.Seq = l.lastSeq
	if len(l.lines) >= l.limit {
		l.lines = l.lines[1:]
	}
	l.lines = append(l.lines, line)
	l.mu.Unlock()
	l.events.send("log", line)
}

func (l *busLogger) since(seq uint64, onlyMalformed bool) []logLine {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := []logLine{}
	for _, line := range l.lines {
		if line.Seq > seq && (!onlyMalformed || line.Malformed) {
			out = append(out, line)
		}
	}
	return out
}

// logPrefix tells several peers of one test apart in a shared log by the tail of their id.
func logPrefix(id string) string {
	return "msgbuspeer " + id[max(0, len(id)-6):] + " "
}

// trimID shortens a peer id for log lines the way the bus does (first 16 characters).
func trimID(id string) string {
	if len(id) > 16 {
		return id[:16]
	}
	return id
}
