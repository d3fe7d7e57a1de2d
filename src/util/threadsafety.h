// Clang thread-safety annotations (https://clang.llvm.org/docs/ThreadSafetyAnalysis.html).
//
// Members say which mutex guards them (GUARDED_BY), functions say which locks they need
// (EXCLUSIVE_LOCKS_REQUIRED) or must not hold (LOCKS_EXCLUDED, or
// EXCLUSIVE_LOCKS_REQUIRED(!mutex)), and clang's -Wthread-safety checks every access at
// compile time; the clang builds make a violation an error (-Werror=thread-safety).
// Other compilers see empty macros. The macros only annotate: they have no run-time
// cost and no thread-safety contract of their own. util/sync.h has the annotated Mutex.
#ifndef BITNODE_UTIL_THREADSAFETY_H
#define BITNODE_UTIL_THREADSAFETY_H

#if defined(__clang__)
#define BITNODE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define BITNODE_THREAD_ANNOTATION(x)
#endif

// A class that is a lock (a "capability" in clang's words), e.g. util::Mutex.
#define CAPABILITY(name) BITNODE_THREAD_ANNOTATION(capability(name))
#define LOCKABLE CAPABILITY("mutex")
// An RAII class that holds a lock for its lifetime, e.g. util::UniqueLock.
#define SCOPED_CAPABILITY BITNODE_THREAD_ANNOTATION(scoped_lockable)
#define SCOPED_LOCKABLE SCOPED_CAPABILITY

// Data that may be read or written only with the mutex held.
#define GUARDED_BY(x) BITNODE_THREAD_ANNOTATION(guarded_by(x))
// Pointer whose pointee may be accessed only with the mutex held.
#define PT_GUARDED_BY(x) BITNODE_THREAD_ANNOTATION(pt_guarded_by(x))

// Documented lock order (checked only by clang's -Wthread-safety-beta).
#define ACQUIRED_BEFORE(...) BITNODE_THREAD_ANNOTATION(acquired_before(__VA_ARGS__))
#define ACQUIRED_AFTER(...) BITNODE_THREAD_ANNOTATION(acquired_after(__VA_ARGS__))

// The caller must hold the lock(s) exclusively / at least shared. EXCLUSIVE_LOCKS_REQUIRED(!m)
// says the caller must NOT hold m (the function takes it itself).
#define EXCLUSIVE_LOCKS_REQUIRED(...) BITNODE_THREAD_ANNOTATION(exclusive_locks_required(__VA_ARGS__))
#define SHARED_LOCKS_REQUIRED(...) BITNODE_THREAD_ANNOTATION(shared_locks_required(__VA_ARGS__))
#define REQUIRES(...) EXCLUSIVE_LOCKS_REQUIRED(__VA_ARGS__)
#define REQUIRES_SHARED(...) SHARED_LOCKS_REQUIRED(__VA_ARGS__)

// The function acquires / releases the lock and returns with it held / not held.
#define ACQUIRE(...) BITNODE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define ACQUIRE_SHARED(...) BITNODE_THREAD_ANNOTATION(acquire_shared_capability(__VA_ARGS__))
#define RELEASE(...) BITNODE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define RELEASE_SHARED(...) BITNODE_THREAD_ANNOTATION(release_shared_capability(__VA_ARGS__))
#define TRY_ACQUIRE(...) BITNODE_THREAD_ANNOTATION(try_acquire_capability(__VA_ARGS__))
#define EXCLUSIVE_LOCK_FUNCTION(...) ACQUIRE(__VA_ARGS__)
#define UNLOCK_FUNCTION(...) RELEASE(__VA_ARGS__)
#define EXCLUSIVE_TRYLOCK_FUNCTION(...) TRY_ACQUIRE(__VA_ARGS__)

// The caller must not hold the lock (weaker than REQUIRES(!m): not propagated to callers).
#define LOCKS_EXCLUDED(...) BITNODE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

// The function checks at run time that the lock is held; after it the analysis assumes so.
#define ASSERT_EXCLUSIVE_LOCK(...) BITNODE_THREAD_ANNOTATION(assert_capability(__VA_ARGS__))

// The function returns a reference to the given lock (for accessors).
#define LOCK_RETURNED(x) BITNODE_THREAD_ANNOTATION(lock_returned(x))
#define RETURN_CAPABILITY(x) LOCK_RETURNED(x)

// Turns the analysis off for one function. Every use says why in a comment.
#define NO_THREAD_SAFETY_ANALYSIS BITNODE_THREAD_ANNOTATION(no_thread_safety_analysis)

#endif // BITNODE_UTIL_THREADSAFETY_H
