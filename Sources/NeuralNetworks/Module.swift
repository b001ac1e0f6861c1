import Autograd
import NeuropCore

/// A piece of a network: it owns named parameters and maps variables to variables.
///
/// Parameter names are paths (`layers.2.spectral.weight`): a container prefixes the names of its
/// children with their own, so the list can be saved to and loaded from a checkpoint by name.
public protocol Module: AnyObject {
    /// Every parameter of the module and its children, with its path.
    var namedParameters: [(name: String, parameter: Parameter)] { get }
}

extension Module {
    public var parameters: [Parameter] { namedParameters.map(\.parameter) }

    /// Total number of scalar parameters.
    public var parameterCount: Int { namedParameters.reduce(0) { $0 + $1.parameter.value.count } }

    public func zeroGradients() {
        for p in parameters { p.zeroGradient() }
    }

    /// The parameters of `children`, each prefixed by its name (`"\(name).\(inner)"`).
    public static func nest(_ children: [(String, Module)]) -> [(name: String, parameter: Parameter)] {
        children.flatMap { prefix, child in child.namedParameters.map { ("\(prefix).\($0.name)", $0.parameter) } }
    }

    /// Copies values into the parameters by name; every parameter must be present with its shape.
    public func load(_ values: [String: Tensor]) throws {
        for (name, p) in namedParameters {
            guard let v = values[name] else { throw ModuleError.missingParameter(name) }
            guard v.shape == p.value.shape else { throw ModuleError.shapeMismatch(name, expected: p.value.shape, found: v.shape) }
            p.value = v
        }
    }
}

public enum ModuleError: Error, CustomStringConvertible, Equatable {
    case missingParameter(String)
    case shapeMismatch(String, expected: [Int], found: [Int])

    public var description: String {
        switch self {
        case .missingParameter(let n): return "parameter '\(n)' is missing from the saved values"
        case .shapeMismatch(let n, let e, let f): return "parameter '\(n)' has shape \(f) in the saved values, the model needs \(e)"
        }
    }
}
