// Linux calls that Swift's Glibc module does not export.
#define _GNU_SOURCE
#include <unistd.h>

#include <stdio.h>

// Makes standard output line-buffered even when it is not a terminal.
static inline void panorama_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }

#include <stdlib.h>
#include <sys/mman.h>

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

#include <fcntl.h>

// Starts writing the dirty pages of a file to disk without waiting, so that a later
// sync finds little left to do.
static inline int panorama_start_writeback(int fd) {
    return sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}
