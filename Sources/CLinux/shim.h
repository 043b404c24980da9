// Linux calls that Swift's Glibc module does not export.
#define _GNU_SOURCE
#include <unistd.h>

// Flushes every dirty page of the file system holding `fd` in one call.
static inline int panorama_syncfs(int fd) { return syncfs(fd); }

#include <stdio.h>

// Makes standard output line-buffered even when it is not a terminal.
static inline void panorama_line_buffer_stdout(void) { setvbuf(stdout, NULL, _IOLBF, 0); }
