#if os(Linux)
/// glibc's `mallopt` (malloc.h, which the Glibc module does not import) and its two parameters
/// (`M_TRIM_THRESHOLD` = −1, `M_MMAP_THRESHOLD` = −3 in malloc.h, part of glibc's stable ABI).
@_silgen_name("mallopt") private func mallopt(_ parameter: Int32, _ value: Int32) -> Int32
private let trimThreshold: Int32 = -1, mmapThreshold: Int32 = -3
#endif

/// Keeps the memory of freed tensors in the process for the next allocation.
///
/// glibc serves blocks above its mmap threshold (128 KiB, rising to at most 32 MiB as such blocks
/// are freed) straight from the kernel and returns them on `free`; the next tensor of that size
/// then page-faults and the kernel zeroes every page again. Training allocates the same large
/// tensors every step: `clear_page` took 8 % of MgNO's training step and the kernel 12 % of it in
/// all, 4 % with blocks kept on the heap (`perf record`, `neurop-bench mgno`). Peak resident memory
/// is unchanged; memory is not handed back between steps. Call once at startup, before threads.
public enum HeapReuse {
    public static func enable() {
        #if os(Linux)
        _ = mallopt(mmapThreshold, 1 << 30)
        _ = mallopt(trimThreshold, Int32.max)
        #endif
    }
}
