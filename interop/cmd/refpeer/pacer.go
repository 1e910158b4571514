package main

import (
	"math"
	"sync"
	"sync/atomic"
	"time"
)

type paceResult struct {
	Sent        int     `json:"sent"`
	Failed      int     `json:"failed"`
	StartWallMs float64 `json:"startWallMs"`
	EndWallMs   float64 `json:"endWallMs"`
	FirstError  string  `json:"firstError,omitempty"`
}

// pace sends like bench/src/lib/pacer.ts, so Go and TS senders are measured alike: at a steady
// rate, catching up on a 1 ms tick with at most maxInFlight sends outstanding (a sender that hits
// the cap falls behind and `sent` shows it), total = round(rate*duration); or, at rate 0, with
// maxInFlight sends always outstanding until the time is up. Sends still in flight at the end are
// waited for; the window's end is when sending stopped, not when they completed.
func pace(rate, durationMs float64, maxInFlight int, send func(seq uint32) error) paceResult {
	duration := time.Duration(durationMs * float64(time.Millisecond))
	if maxInFlight < 1 {
		maxInFlight = 1
	}
	var (
		sent, failed, inFlight atomic.Int64
		errOnce                sync.Once
		firstError             string
		wg                     sync.WaitGroup
	)
	fire := func() {
		seq := uint32(sent.Add(1) - 1)
		inFlight.Add(1)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer inFlight.Add(-1)
			if err := send(seq); err != nil {
				failed.Add(1)
				errOnce.Do(func() { firstError = err.Error() })
			}
		}()
	}

	startWall := wallMs()
	start := time.Now()
	var end time.Time
	if rate <= 0 {
		var stopped atomic.Bool
		for i := 0; i < maxInFlight; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for !stopped.Load() {
					seq := uint32(sent.Add(1) - 1)
					if err := send(seq); err != nil {
						failed.Add(1)
						errOnce.Do(func() { firstError = err.Error() })
					}
				}
			}()
		}
		time.Sleep(duration)
		stopped.Store(true)
		end = time.Now()
	} else {
		// Math.round of the TS pacer rounds halves up.
		total := int64(math.Floor(rate*durationMs/1000 + 0.5))
		for {
			elapsed := time.Since(start)
			due := min(total, int64(math.Floor(rate*elapsed.Seconds()))+1)
			for sent.Load() < due && inFlight.Load() < int64(maxInFlight) {
				fire()
			}
			if elapsed >= duration || sent.Load() >= total {
				end = time.Now()
				break
			}
			time.Sleep(time.Millisecond)
		}
	}
	wg.Wait()
	return paceResult{
		Sent:        int(sent.Load()),
		Failed:      int(failed.Load()),
		StartWallMs: startWall,
		EndWallMs:   startWall + float64(end.Sub(start).Nanoseconds())/1e6,
		FirstError:  firstError,
	}
}
