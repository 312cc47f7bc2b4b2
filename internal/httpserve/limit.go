package httpserve

import (
	"net"
	"net/http"
	"sync"
	"sync/atomic"
)

// limitListener admits at most max connections at a time. When all slots
// are taken, the oldest connection that has no request in progress (idle
// between keep-alive requests, or opened and silent) is closed to make room,
// so that a pile of idle connections can never lock out a health check.
// When every connection has a request in progress, Accept waits for one to
// end; meanwhile new connections queue in the kernel's backlog, which costs
// the process no file descriptor.
type limitListener struct {
	net.Listener
	max int

	mu    sync.Mutex
	conns []*trackedConn // admission order, oldest first
	// freed is poked (without blocking) when a slot frees.
	freed     chan struct{}
	closed    chan struct{}
	closeOnce sync.Once
}

func newLimitListener(ln net.Listener, max int) *limitListener {
	return &limitListener{Listener: ln, max: max, freed: make(chan struct{}, 1), closed: make(chan struct{})}
}

// trackedConn is a connection holding a slot; its state is kept current by
// the http.Server's ConnState hook (trackState).
type trackedConn struct {
	net.Conn
	l        *limitListener
	state    atomic.Int32 // http.ConnState
	released sync.Once
}

// Close closes the connection and frees its slot, once.
func (c *trackedConn) Close() error {
	err := c.Conn.Close()
	c.released.Do(func() { c.l.release(c) })
	return err
}

// evictable reports whether closing c interrupts no request.
func (c *trackedConn) evictable() bool {
	s := http.ConnState(c.state.Load())
	return s == http.StateNew || s == http.StateIdle
}

// Accept implements net.Listener.
func (l *limitListener) Accept() (net.Conn, error) {
	nc, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	c := &trackedConn{Conn: nc, l: l} // the zero state is http.StateNew
	if err := l.admit(c); err != nil {
		_ = nc.Close()
		return nil, err
	}
	return c, nil
}

// admit gives c a slot, evicting an idle connection or waiting for one to
// close when none is free.
func (l *limitListener) admit(c *trackedConn) error {
	for {
		l.mu.Lock()
		if len(l.conns) < l.max {
			l.conns = append(l.conns, c)
			l.mu.Unlock()
			return nil
		}
		var victim *trackedConn
		for _, o := range l.conns {
			if o.evictable() {
				victim = o
				break
			}
		}
		l.mu.Unlock()
		if victim != nil {
			_ = victim.Close() // frees its slot; the loop takes it
			continue
		}
		select {
		case <-l.freed:
		case <-l.closed:
			return net.ErrClosed
		}
	}
}

func (l *limitListener) release(c *trackedConn) {
	l.mu.Lock()
	for i, o := range l.conns {
		if o == c {
			l.conns = append(l.conns[:i], l.conns[i+1:]...)
			break
		}
	}
	l.mu.Unlock()
	select {
	case l.freed <- struct{}{}:
	default:
	}
}

// open returns how many connections hold a slot.
func (l *limitListener) open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}

// Close implements net.Listener; it also ends an Accept waiting for a slot.
func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.closed) })
	return l.Listener.Close()
}

// trackState is the http.Server's ConnState hook.
func trackState(nc net.Conn, s http.ConnState) {
	if c, ok := nc.(*trackedConn); ok {
		c.state.Store(int32(s))
	}
}
