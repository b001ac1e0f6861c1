import DeepONet
import FourierOperators
import MultigridOperators
import NeuralNetworks
import NeuropCore

/// Builds the operator a model configuration describes (channels resolved), drawing its initial
/// weights from `rng`. The pipeline takes the factory as a value so tests can train small
/// operators of their own through the same code.
public struct ModelFactory {
    public let make: (ModelConfiguration, inout RandomStream) throws -> any FieldOperator

    public init(_ make: @escaping (ModelConfiguration, inout RandomStream) throws -> any FieldOperator) {
        self.make = make
    }

    /// The operators neurop ships, one per `ModelConfiguration.Kind` (configurations are validated
    /// when parsed, so the models' preconditions hold).
    public static let standard = ModelFactory { configuration, rng in
        switch configuration.architecture {
        case .fno(let c): return FNO(c, rng: &rng)
        case .deeponet(let c): return try DeepONetFieldOperator(c, rng: &rng)
        case .mgno(let c): return MgNO(c, rng: &rng)
        }
    }
}
