// Package control is the test programs' control channel: JSON lines on stdin and stdout.
//
// The program writes one {"ready": ...} line once it is set up, then answers each request line
// {"id": n, "method": "...", "params": {...}} with {"id": n, "result": ...} or
// {"id": n, "error": "..."}. Requests are served concurrently, so replies may come out of order.
// Logs go to stderr; stdout carries nothing but these lines. When stdin closes (the driving test
// died or let go), the program stops: no orphan processes outlive a test run.
package control

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"
)

// Handler serves one method. params is the raw JSON of the request's params (may be null).
type Handler func(params json.RawMessage) (any, error)

// Methods maps method names to their handlers.
type Methods map[string]Handler

type request struct {
	ID     uint64          `json:"id"`
	Method string          `json:"method"`
	Params json.RawMessage `json:"params"`
}

type reply struct {
	ID     uint64 `json:"id"`
	Result any    `json:"result,omitempty"`
	Error  string `json:"error,omitempty"`
}

// Channel writes lines to stdout one at a time.
type Channel struct {
	mu  sync.Mutex
	out *bufio.Writer
}

// New returns a channel on the process's stdout.
func New() *Channel {
	return &Channel{out: bufio.NewWriterSize(os.Stdout, 64*1024)}
}

func (c *Channel) write(v any) {
	line, err := json.Marshal(v)
	if err != nil {
		line, _ = json.Marshal(map[string]string{"error": "control: unencodable reply: " + err.Error()})
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	_, _ = c.out.Write(line)
	_ = c.out.WriteByte('\n')
	_ = c.out.Flush()
}

// Ready announces that the program is up, with whatever the driver needs to know (ids, ports).
func (c *Channel) Ready(info any) {
	c.write(map[string]any{"ready": info})
}

// Serve reads requests from in until it closes, answering each with its method's handler.
// It returns when in is closed or unreadable.
func (c *Channel) Serve(in io.Reader, methods Methods) {
	scanner := bufio.NewScanner(in)
	scanner.Buffer(make([]byte, 0, 64*1024), 64*1024*1024)
	for scanner.Scan() {
		var req request
		if err := json.Unmarshal(scanner.Bytes(), &req); err != nil {
			fmt.Fprintf(os.Stderr, "control: unreadable request line: %v\n", err)
			continue
		}
		handler, ok := methods[req.Method]
		if !ok {
			c.write(reply{ID: req.ID, Error: "unknown method " + req.Method})
			continue
		}
		go func(req request) {
			result, err := safeCall(handler, req.Params)
			if err != nil {
				c.write(reply{ID: req.ID, Error: err.Error()})
				return
			}
			if result == nil {
				result = true
			}
			c.write(reply{ID: req.ID, Result: result})
		}(req)
	}
}

func safeCall(handler Handler, params json.RawMessage) (result any, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return handler(params)
}

// Decode reads params into v; empty params leave v as it is.
func Decode(params json.RawMessage, v any) error {
	if len(params) == 0 || string(params) == "null" {
		return nil
	}
	if err := json.Unmarshal(params, v); err != nil {
		return fmt.Errorf("bad params: %w", err)
	}
	return nil
}

// Typed adapts a handler that takes its params already decoded, so a method states its request
// as a type instead of opening with the same decoding lines as every other. A request with
// defaults other than the zero value decodes with Decode itself.
func Typed[T any](handle func(req T) (any, error)) Handler {
	return func(params json.RawMessage) (any, error) {
		var req T
		if err := Decode(params, &req); err != nil {
			return nil, err
		}
		return handle(req)
	}
}
