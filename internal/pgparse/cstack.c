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

#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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

// The lowest byte of the calling thread's stack, when known: on
// rb_spawn's threads, and on others once rb_thread_stack has asked.
static __thread char *rb_stack_lo;

struct rb_thread {
	pthread_t thread;
	void *mem;
	size_t len;
	uintptr_t job;
};

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

// Go starts its threads with the C library's default stack size (8 MB on
// Linux with glibc). Where the default can be changed, rb_big_threads makes
// it RB_THREAD_STACK before Go starts any thread (a constructor runs before
// the Go runtime): parses that need up to half of it run on the thread that
// asks (withStack), not on a parser thread, with no handoff between threads.
// The stack is reserved, not committed: only pages a parse touches use
// memory, and rb_trim gives them back after such a parse.
#define RB_THREAD_STACK (32 * 1024 * 1024)

#if defined(__linux__) && defined(__GLIBC__)
__attribute__((constructor)) static void rb_big_threads(void)
{
	pthread_attr_t attr;
	size_t size = 0;

	if (pthread_getattr_default_np(&attr) != 0)
		return;
	if (pthread_attr_getstacksize(&attr, &size) == 0 && size < RB_THREAD_STACK &&
	    pthread_attr_setstacksize(&attr, RB_THREAD_STACK) == 0)
		pthread_setattr_default_np(&attr);
	pthread_attr_destroy(&attr);
}

// rb_thread_stack is the stack of the calling thread, 0 when unknown (and
// on the process's main thread, whose stack is the main stack).
size_t rb_thread_stack(void)
{
	static __thread size_t known; // 1: unknown
	pthread_attr_t attr;
	size_t size = 0;
	void *lo = NULL;

	if (known == 0) {
		known = 1;
		if (getpid() != (pid_t)syscall(SYS_gettid) && pthread_getattr_np(pthread_self(), &attr) == 0) {
			if (pthread_attr_getstack(&attr, &lo, &size) == 0 && lo != NULL && size > 0) {
				known = size;
				rb_stack_lo = lo;
			}
			pthread_attr_destroy(&attr);
		}
	}
	return known == 1 ? 0 : known;
}
#else
size_t rb_thread_stack(void)
{
	return 0;
}
#endif

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
