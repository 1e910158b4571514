package main

import (
	"fmt"
	"log"
	"os"
	"time"

	"github.com/teranode-p2p-ts/interop/internal/records"
)

// busLogger has the four-method shape the message bus takes as its logger, so every line the bus
// would log is seen here: it goes to stderr (debug lines only with -debug) and the warn and error
// lines, plus every malformed-message line whatever the level, are kept for the `logs` method.
// A test asserts "the Go side never logged a malformed message" on that record, not on stderr.
type busLogger struct {
	out    *log.Logger
	debug  bool
	events *eventWriter

	lines *records.Log[logLine]
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
		lines:  records.New(10000, func(line *logLine, seq uint64) { line.Seq = seq }),
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
	kind := level
	if malformed {
		kind = malformedKind
	}
	line := l.lines.Add(kind, logLine{Level: level, Text: text, Malformed: malformed, AtMs: time.Now().UnixMilli()})
	l.events.send("log", line)
}

// malformedKind files the malformed-message lines apart, so `logs {malformed: true}` is a filter
// by kind.
const malformedKind = "malformed"

func (l *busLogger) since(seq uint64, onlyMalformed bool) []logLine {
	if onlyMalformed {
		return l.lines.Since(seq, malformedKind)
	}
	return l.lines.Since(seq, "")
}

// trimID shortens a peer id for log lines the way the bus does (first 16 characters).
func trimID(id string) string {
	if len(id) > 16 {
		return id[:16]
	}
	return id
}
