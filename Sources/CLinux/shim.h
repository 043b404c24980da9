// Linux calls that Swift's Glibc module does not export.
//
// No feature macros (such as _GNU_SOURCE) here: they would give this module different
// definitions of shared system types than Foundation's and Dispatch's modules, which
// clang refuses on a clean build.
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// Makes standard output line-buffered even when it is not a terminal.
static inline void panorama_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

// Memory of `size` bytes aligned to 2 MiB and advised to use transparent huge pages,
// so that random lookups in tables of tens of megabytes do not miss the TLB each time.
// Returns NULL on failure; free with free().
static inline void *panorama_allocate_huge(size_t size) {
    void *memory = NULL;
    if (posix_memalign(&memory, 2u << 20, size) != 0) return NULL;
    madvise(memory, size, MADV_HUGEPAGE);
    return memory;
}

// Asks the processor to start loading the cache line at `address`.
static inline void panorama_prefetch(const void *address) { __builtin_prefetch(address); }

// Starts writing the dirty pages of a file to disk without waiting, so that a later
// sync finds little left to do (sync_file_range with SYNC_FILE_RANGE_WRITE, which is 2).
static inline int panorama_start_writeback(int fd) {
    return (int)syscall(SYS_sync_file_range, fd, 0L, 0L, 2u);
}
