#ifndef CHEAP_STATISTICS_H
#define CHEAP_STATISTICS_H
#include <malloc.h>
#include <stddef.h>

/// Bytes the process holds from malloc right now, over every arena and mmapped block (glibc's
/// mallinfo2; Swift's Glibc module does not import malloc.h).
static inline size_t neurop_heap_bytes_in_use(void) {
    struct mallinfo2 m = mallinfo2();
    return m.uordblks + m.hblkhd;
}

#endif
