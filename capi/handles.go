package main

import "sync"

// handleTable maps the ids that C sees as opaque pointers to Go values. Ids
// are never reused while the process lives (a 64-bit counter), so a handle
// freed twice or used after free is found missing, never confused with
// another. Each kind of handle has its own table and its own id range, so a
// credentials handle passed as a client is rejected too.
type handleTable[T any] struct {
	mu   sync.RWMutex
	next uintptr
	m    map[uintptr]T
}

func newHandleTable[T any](base uintptr) *handleTable[T] {
	return &handleTable[T]{next: base, m: map[uintptr]T{}}
}

func (t *handleTable[T]) add(v T) uintptr {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.next += 16 // keep ids aligned like real pointers
	t.m[t.next] = v
	return t.next
}

func (t *handleTable[T]) get(id uintptr) (T, bool) {
	t.mu.RLock()
	defer t.mu.RUnlock()
	v, ok := t.m[id]
	return v, ok
}

func (t *handleTable[T]) remove(id uintptr) (T, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	v, ok := t.m[id]
	delete(t.m, id)
	return v, ok
}
