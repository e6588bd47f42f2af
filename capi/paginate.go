package main

// Paginators and waiters: gosoto_paginator_new/next/free and
// gosoto_client_wait (include/gosoto.h, "Pagination and waiters").

/*
#include "capi.h"

typedef struct gosoto_paginator gosoto_paginator;

static inline gosoto_paginator *gosoto__pager_ptr(uintptr_t id) { return (gosoto_paginator *)id; }
static inline uintptr_t gosoto__pager_id(gosoto_paginator *p) { return (uintptr_t)p; }
*/
import "C"

import (
	"errors"

	"github.com/gosoto/gosoto/internal/awserr"
	"github.com/gosoto/gosoto/sdk/engine"
)

// statusDone is GOSOTO_DONE: gosoto_paginator_next has no more pages. It is
// distinct from every GOSOTO_E_* code (and from any awserr.Kind).
const statusDone C.int = 100

// pagers holds the paginator handles, in an id range of their own.
var pagers = newHandleTable[*engine.Paginator](0x3f000000)

func pagerOf(h *C.gosoto_paginator) (*engine.Paginator, error) {
	if h == nil {
		return nil, awserr.InvalidArg("pager is NULL")
	}
	p, ok := pagers.get(uintptr(C.gosoto__pager_id(h)))
	if !ok {
		return nil, awserr.InvalidArg("paginator handle is not valid (already freed, or not a gosoto_paginator)")
	}
	return p, nil
}

//export gosoto__go_paginator_new
func gosoto__go_paginator_new(h *C.gosoto_client, operation, input *C.char, outPager **C.gosoto_paginator, errJSON **C.char) (status C.int) {
	if errJSON != nil {
		*errJSON = nil
	}
	if outPager != nil {
		*outPager = nil
	}
	defer guard(errJSON, &status)
	if outPager == nil {
		return fail(errJSON, awserr.InvalidArg("out_pager is NULL"))
	}
	c, op, in, err := opArgs(h, operation, input, "input_json")
	if err != nil {
		return fail(errJSON, err)
	}
	p, err := c.Paginate(op, in)
	if err != nil {
		return fail(errJSON, err)
	}
	*outPager = C.gosoto__pager_ptr(C.uintptr_t(pagers.add(p)))
	return statusOK
}

//export gosoto__go_paginator_next
func gosoto__go_paginator_next(h *C.gosoto_paginator, pageJSON **C.char) (status C.int) {
	if pageJSON != nil {
		*pageJSON = nil
	}
	defer guard(pageJSON, &status)
	if pageJSON == nil {
		return outIsNULL()
	}
	p, err := pagerOf(h)
	if err != nil {
		return fail(pageJSON, err)
	}
	page, err := p.Next(callerCtx)
	if errors.Is(err, engine.ErrNoMorePages) {
		return statusDone
	}
	if err != nil {
		return fail(pageJSON, err)
	}
	setOut(pageJSON, page)
	return statusOK
}

//export gosoto__go_paginator_free
func gosoto__go_paginator_free(h *C.gosoto_paginator) {
	defer func() { _ = recover() }()
	if h == nil {
		return
	}
	pagers.remove(uintptr(C.gosoto__pager_id(h)))
}

//export gosoto__go_client_wait
func gosoto__go_client_wait(h *C.gosoto_client, waiterName, input *C.char, out **C.char) C.int {
	return answer(out, func() ([]byte, error) {
		c, err := clientOf(h)
		if err != nil {
			return nil, err
		}
		name, err := goString(waiterName, "waiter_name", maxSmall)
		if err != nil {
			return nil, err
		}
		in, err := goText(input, "input_json", maxJSON)
		if err != nil {
			return nil, err
		}
		return c.Wait(callerCtx, name, in, nil)
	})
}
