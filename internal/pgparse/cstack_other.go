//go:build !unix

package pgparse

// withStack runs fn on the calling thread: on systems without POSIX threads
// and mmap the parser runs on the stack it is given.
func withStack(need int, fn func()) error {
	fn()
	return nil
}
