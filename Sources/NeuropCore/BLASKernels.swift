import CLAPACK
import Foundation

extension BLAS {
    /// The kernel set OpenBLAS runs: its core name ("SkylakeX", "Haswell", "Prescott", …).
    public static var kernels: String { String(cString: neurop_openblas_corename()) }

    /// 2: the CPU and the OS run AVX-512 (F, CD, BW, DQ, VL) code, 1: AVX2 and FMA, 0: neither.
    public static var cpuVectorLevel: Int { Int(neurop_cpu_vector_level()) }

    /// Kernel sets OpenBLAS falls back to for an x86-64 CPU model it does not know: SSE-era
    /// kernels (SandyBridge: AVX without FMA).
    static let fallbackKernels: Set<String> = ["prescott", "core2", "penryn", "dunnington", "nehalem", "sandybridge"]

    /// Replaces OpenBLAS's fallback kernels with the fastest set the CPU runs; returns the set in use.
    ///
    /// OpenBLAS (Debian's 0.3.21, built for every x86-64 target) picks its kernels at load time
    /// from the CPU model number. A model newer than the library — this machine's Xeon, family 6
    /// model 207 — gets the generic SSE3 "Prescott" kernels: 58 GFLOP/s for a 1024³ SGEMM on 2
    /// threads where the AVX-512 "SkylakeX" kernels give 297. When OpenBLAS chose such a fallback,
    /// this asks CPUID and XGETBV which instructions the CPU and the OS support (AVX-512 F/CD/BW/
    /// DQ/VL with the ZMM state: SkylakeX; AVX2 and FMA: Haswell) and has OpenBLAS choose again
    /// as if `OPENBLAS_CORETYPE` named that set. A user's own `OPENBLAS_CORETYPE` is left alone,
    /// and so is an OpenBLAS built for one target (nothing to choose).
    ///
    /// Call it first thing in `main`, before any BLAS call and before other threads start: the
    /// executables do. The variable is unset again afterwards, so child processes (the Python
    /// peers of the benchmarks, with their own BLAS) see the environment they were given.
    @discardableResult
    public static func chooseKernels() -> String {
        let current = kernels
        guard getenv("OPENBLAS_CORETYPE") == nil, neurop_openblas_can_choose_kernels() != 0,
              fallbackKernels.contains(current.lowercased()) else { return current }
        let better: String
        switch cpuVectorLevel {
        case 2: better = "SkylakeX"
        case 1: better = "Haswell"
        default: return current
        }
        setenv("OPENBLAS_CORETYPE", better, 1)
        neurop_openblas_choose_kernels_again()
        unsetenv("OPENBLAS_CORETYPE")
        return kernels
    }
}
