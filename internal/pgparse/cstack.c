//go:build unix

// Run Go jobs on a thread with a stack of a given size.
//
// libpg_query writes its output trees (JSON, protobuf) and deparses with
// recursive C functions, one or two frames per level of the tree. An
// expression chained 65,000 times (`1 + 1 + …`) overflows the 8 MB stack of
// an ordinary thread and kills the process with SIGSEGV, which Go cannot
// recover from. cstack.go sizes a stack for the input and, when it is more
// than an ordinary thread has, runs the call here, on a fresh thread whose
// stack is reserved (not committed: only the pages the parse touches are
// ever backed by memory).

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#include "_cgo_export.h"

#ifndef MAP_NORESERVE
#define MAP_NORESERVE 0
#endif
#ifndef MAP_STACK
#define MAP_STACK 0
#endif

// The guard below the stack: an overflow faults here instead of writing
// into whatever is mapped below.
#define RB_GUARD (64 * 1024)

struct rb_thread {
	pthread_t thread;
	void *mem;
	size_t len;
	uintptr_t job;
};

// The lowest usable byte of the stack of this thread, on rb_spawn's threads.
static __thread char *rb_stack_lo;

static void *rb_thread_main(void *arg)
{
	struct rb_thread *t = arg;

	rb_stack_lo = (char *)t->mem + RB_GUARD;
	rbServe(t->job);
	return NULL;
}

// rb_trim gives back the pages of the calling thread's stack below the
// current frame (less a margin), which the last job touched: a parser thread
// waiting for its next job holds no more memory than a new one.
void rb_trim(void)
{
	char here;
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t top;

	if (rb_stack_lo == NULL)
		return;
	if (page <= 0)
		page = 4096;
	top = ((uintptr_t)&here - 64 * 1024) & ~((uintptr_t)page - 1);
	if (top > (uintptr_t)rb_stack_lo)
		madvise(rb_stack_lo, top - (uintptr_t)rb_stack_lo, MADV_DONTNEED);
}

// rb_default_stack is the stack an ordinary thread of this process has: the
// default of new threads (Go creates its threads with it) and the main
// thread's limit, whichever is smaller; 0 when unknown.
size_t rb_default_stack(void)
{
	size_t size = 0;
	pthread_attr_t attr;
	struct rlimit rl;

	if (pthread_attr_init(&attr) == 0) {
		if (pthread_attr_getstacksize(&attr, &size) != 0)
			size = 0;
		pthread_attr_destroy(&attr);
	}
	if (getrlimit(RLIMIT_STACK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
	    (size == 0 || (size_t)rl.rlim_cur < size))
		size = (size_t)rl.rlim_cur;
	return size;
}

// rb_spawn starts a thread with a stack of size bytes that runs the Go
// function rbServe with job (a cgo.Handle); rb_join waits for it to end and
// frees the stack. It returns NULL
// with *err set when the stack cannot be reserved or the thread not started.
struct rb_thread *rb_spawn(uintptr_t job, size_t size, int *err)
{
	long page = sysconf(_SC_PAGESIZE);
	struct rb_thread *t;
	pthread_attr_t attr;
	int e;

	if (page <= 0)
		page = 4096;
	size = (size + (size_t)page - 1) / (size_t)page * (size_t)page;
	t = calloc(1, sizeof *t);
	if (t == NULL) {
		*err = ENOMEM;
		return NULL;
	}
	t->len = size + RB_GUARD;
	t->job = job;
	t->mem = mmap(NULL, t->len, PROT_READ | PROT_WRITE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
	if (t->mem == MAP_FAILED) {
		*err = errno;
		free(t);
		return NULL;
	}
	if (mprotect(t->mem, RB_GUARD, PROT_NONE) != 0) {
		*err = errno;
		munmap(t->mem, t->len);
		free(t);
		return NULL;
	}
	e = pthread_attr_init(&attr);
	if (e == 0) {
		e = pthread_attr_setstack(&attr, (char *)t->mem + RB_GUARD, size);
		if (e == 0)
			e = pthread_create(&t->thread, &attr, rb_thread_main, t);
		pthread_attr_destroy(&attr);
	}
	if (e != 0) {
		*err = e;
		munmap(t->mem, t->len);
		free(t);
		return NULL;
	}
	*err = 0;
	return t;
}

void rb_join(struct rb_thread *t)
{
	pthread_join(t->thread, NULL);
	munmap(t->mem, t->len);
	free(t);
}
