//go:build !unix

package pgparse

// scanInC is false: cscan.c needs POSIX (sigsetjmp, thread-local storage).
func scanInC() bool { return false }

func scanC(string) ([]scanTok, bool) { return nil, false }
