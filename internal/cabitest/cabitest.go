// Package cabitest is the C ABI backend of gosoto's conformance runners: a
// Go test drives the built libgosoto.so through its public C functions by
// way of tests/c/cabi_driver, a small C program that dlopens the library
// and answers calls on a pipe. One runner per suite then has two backends,
// the Go packages in process and the C library, with one skip list.
//
// The tests that use it carry the build tag cabi and run from `make
// test-cabi`, which builds the library and the driver and sets
// GOSOTO_CABI_DRIVER and GOSOTO_LIB. Open fails the test when either is
// missing: a suite asked to run through the C ABI never passes empty.
package cabitest

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
)

// Status is a C function's return value (GOSOTO_OK is 0); -1 is a driver
// protocol error, whose message is in Reply.Out.
type Status int

// Reply is what one C call returned: the status and the string written to
// its out-parameter (Null when it stayed NULL).
type Reply struct {
	Status Status
	Out    string
	Null   bool
}

// Arg is one argument of a call: a C string, or NULL.
type Arg struct {
	s    string
	null bool
}

// S is a C string argument; Null is a NULL pointer.
func S(s string) Arg { return Arg{s: s} }

// Null is a NULL pointer argument.
var Null = Arg{null: true}

// Driver is a running cabi_driver; safe for use by one goroutine at a time
// (calls are serialized).
type Driver struct {
	mu  sync.Mutex
	cmd *exec.Cmd
	in  *bufio.Writer
	w   io.Closer
	out *bufio.Reader
}

// Open starts the driver named by GOSOTO_CABI_DRIVER on the library named
// by GOSOTO_LIB, and stops it when the test ends.
func Open(t testing.TB) *Driver {
	t.Helper()
	drv, lib := os.Getenv("GOSOTO_CABI_DRIVER"), os.Getenv("GOSOTO_LIB")
	if drv == "" || lib == "" {
		t.Fatal("cabitest: GOSOTO_CABI_DRIVER and GOSOTO_LIB must name the driver and libgosoto.so (make test-cabi sets them)")
	}
	d, err := Start(drv, lib)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

// Start starts driver on lib.
func Start(driver, lib string) (*Driver, error) {
	cmd := exec.Command(driver, lib)
	cmd.Stderr = os.Stderr
	w, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	r, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cabitest: start %s: %v", driver, err)
	}
	return &Driver{cmd: cmd, in: bufio.NewWriter(w), w: w, out: bufio.NewReaderSize(r, 1<<16)}, nil
}

// Close ends the driver.
func (d *Driver) Close() {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cmd == nil {
		return
	}
	d.w.Close()
	d.cmd.Wait()
	d.cmd = nil
}

// Call calls the C function fn with args.
func (d *Driver) Call(fn string, args ...Arg) (Reply, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.cmd == nil {
		return Reply{}, fmt.Errorf("cabitest: driver closed")
	}
	fmt.Fprintf(d.in, "%s %d\n", fn, len(args))
	for _, a := range args {
		if a.null {
			d.in.WriteString("-1\n")
			continue
		}
		fmt.Fprintf(d.in, "%d\n", len(a.s))
		d.in.WriteString(a.s)
	}
	if err := d.in.Flush(); err != nil {
		return Reply{}, fmt.Errorf("cabitest: %s: write: %v", fn, err)
	}
	var status, n int
	if _, err := fmt.Fscanf(d.out, "%d %d\n", &status, &n); err != nil {
		return Reply{}, fmt.Errorf("cabitest: %s: read reply: %v (did the library crash?)", fn, err)
	}
	if n < 0 {
		return Reply{Status: Status(status), Null: true}, nil
	}
	buf := make([]byte, n)
	if _, err := io.ReadFull(d.out, buf); err != nil {
		return Reply{}, fmt.Errorf("cabitest: %s: read reply: %v", fn, err)
	}
	r := Reply{Status: Status(status), Out: string(buf)}
	if status == -1 {
		return r, fmt.Errorf("%s", r.Out)
	}
	return r, nil
}

// Strings calls fn with string arguments only.
func (d *Driver) Strings(fn string, args ...string) (Reply, error) {
	a := make([]Arg, len(args))
	for i, s := range args {
		a[i] = S(s)
	}
	return d.Call(fn, a...)
}

// Client is a gosoto_client handle held by the driver.
type Client struct {
	d  *Driver
	id string
}

// NewClient calls gosoto_client_new(config): on success the client, else
// the error reply.
func (d *Driver) NewClient(config string) (*Client, Reply, error) {
	r, err := d.Strings("gosoto_client_new", config)
	if err != nil || r.Status != 0 {
		return nil, r, err
	}
	if _, err := strconv.Atoi(r.Out); err != nil {
		return nil, r, fmt.Errorf("cabitest: gosoto_client_new: bad handle id %q", r.Out)
	}
	return &Client{d: d, id: r.Out}, Reply{}, nil
}

// Call calls fn(client, args...).
func (c *Client) Call(fn string, args ...string) (Reply, error) {
	a := make([]Arg, 0, len(args)+1)
	a = append(a, S(c.id))
	for _, s := range args {
		a = append(a, S(s))
	}
	return c.d.Call(fn, a...)
}

// Free calls gosoto_client_free.
func (c *Client) Free() error {
	_, err := c.d.Call("gosoto_client_free", S(c.id))
	return err
}
