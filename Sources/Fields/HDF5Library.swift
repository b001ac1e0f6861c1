import CHDF5
import Foundation

/// Process-wide access to the HDF5 C library.
///
/// Every call into HDF5 made by Fields runs inside `sync`, which holds one recursive lock (so the
/// module is safe to use from several threads even with a non-thread-safe HDF5 build) and turns
/// off HDF5's automatic error-stack printing for the calling thread (the setting is per thread in
/// thread-safe builds), so the library never writes to stderr. Failures are read from the error
/// stack and turned into `HDF5Error.library`.
enum HDF5Library {
    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the HDF5 lock, with automatic error printing off.
    @discardableResult
    static func sync<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        neurop_silence_errors()
        return try body()
    }

    /// The current thread's HDF5 error stack as one phrase ("unable to open file (file signature
    /// not found)"), then clears the stack. Returns a generic phrase when the stack is empty.
    static func takeErrorDetail() -> String {
        var outer = [CChar](repeating: 0, count: 256)
        var inner = [CChar](repeating: 0, count: 256)
        neurop_take_error(&outer, &inner, 256)
        let outerText = String(cString: outer)
        let innerText = String(cString: inner)
        switch (outerText.isEmpty, innerText.isEmpty || innerText == outerText) {
        case (true, true): return "the HDF5 library reported a failure without details"
        case (true, false): return innerText
        case (false, true): return outerText
        case (false, false): return "\(outerText) (\(innerText))"
        }
    }

    /// Throws `HDF5Error.library` when `status` is negative; returns it otherwise.
    @discardableResult
    static func check<S: BinaryInteger>(_ status: S, _ operation: @autoclosure () -> String,
                                        _ object: @autoclosure () -> String) throws -> S {
        if status < 0 {
            throw HDF5Error.library(operation: operation(), object: object(), detail: takeErrorDetail())
        }
        return status
    }

    static var defaultPropertyList: hid_t { neurop_H5P_DEFAULT() }
}

/// `[Int]` ↔ `[hsize_t]` conversions used at the C boundary.
extension Array where Element == Int {
    var hsizes: [hsize_t] { map { hsize_t($0) } }
}

extension Array where Element == hsize_t {
    var ints: [Int] { map { Int($0) } }
}

/// Renders a shape as `[3, 1, 8, 8]`.
func describeShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
