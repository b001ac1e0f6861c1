import FourierOperators
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

    /// The operators neurop ships, one per `ModelConfiguration.Kind`.
    public static let standard = ModelFactory { configuration, rng in
        switch configuration.architecture {
        case .fno:
            // The FNO lands on branch `fno`; until it is merged the kind is parsed but cannot be built.
            throw ConfigurationError.inconsistent(detail: "model.kind fno is not built into this neurop yet",
                                                  fix: "merge branch fno")
        }
    }
}
