import NeuropCore

/// Elementwise arithmetic with broadcasting. The gradient of a broadcast operand is the output
/// gradient summed over the axes it was stretched along (`Tensor.reduced(toShape:)`).
extension Variable {
    public static func + (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return result(a.value + b.value, [a, b]) { g in [g.reduced(toShape: sa), g.reduced(toShape: sb)] }
    }

    public static func - (a: Variable, b: Variable) -> Variable {
        let (sa, sb) = (a.shape, b.shape)
        return result(a.value - b.value, [a, b]) { g in [g.reduced(toShape: sa), (-g).reduced(toShape: sb)] }
    }

    public static func * (a: Variable, b: Variable) -> Variable {
        let (x, y) = (a.value, b.value)
        let (needA, needB) = (a.isRecorded, b.isRecorded)
        return result(x * y, [a, b]) { g in
            [needA ? (g * y).reduced(toShape: x.shape) : nil, needB ? (g * x).reduced(toShape: y.shape) : nil]
        }
    }

    public static func / (a: Variable, b: Variable) -> Variable {
        let (x, y) = (a.value, b.value)
        let (needA, needB) = (a.isRecorded, b.isRecorded)
        return result(x / y, [a, b]) { g in
            [needA ? (g / y).reduced(toShape: x.shape) : nil,
             needB ? Tensor.zip(g * x, y) { gx, v in -gx / (v * v) }.reduced(toShape: y.shape) : nil]
        }
    }

    public static func + (a: Variable, s: Float) -> Variable { result(a.value + s, [a]) { g in [g] } }
    public static func - (a: Variable, s: Float) -> Variable { result(a.value - s, [a]) { g in [g] } }
    public static func * (a: Variable, s: Float) -> Variable { result(a.value * s, [a]) { g in [g * s] } }
    public static func * (s: Float, a: Variable) -> Variable { a * s }
    public static prefix func - (a: Variable) -> Variable { result(-a.value, [a]) { g in [-g] } }
}
