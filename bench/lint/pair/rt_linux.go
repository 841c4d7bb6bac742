package main

import (
	"runtime"
	"syscall"
	"unsafe"
)

// realTime puts the calling thread under SCHED_RR; the processes it starts
// inherit the policy. main's goroutine is locked to that thread, and every
// run starts from it.
func realTime() error {
	runtime.LockOSThread()
	const schedRR = 2
	prio := int32(10)
	if _, _, e := syscall.RawSyscall(syscall.SYS_SCHED_SETSCHEDULER, 0, schedRR, uintptr(unsafe.Pointer(&prio))); e != 0 {
		return e
	}
	return nil
}
