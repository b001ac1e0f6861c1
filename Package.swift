// swift-tools-version: 6.0
import PackageDescription

// Numerical targets share raw buffers across worker threads; Swift 6's strict data-race checking
// would need an unchecked escape on nearly every kernel, so the package builds in Swift 5 mode.
let package = Package(
    name: "neurop",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "neurop", targets: ["neurop"]),
        .library(name: "NeuropCore", targets: ["NeuropCore"]),
        .library(name: "Fields", targets: ["Fields"]),
        .library(name: "Plotting", targets: ["Plotting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CFFTW", path: "Sources/CFFTW"),
        .systemLibrary(name: "CLAPACK", path: "Sources/CLAPACK"),
        .systemLibrary(name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial"),
        .systemLibrary(name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib"),
        .target(name: "NeuropCore", dependencies: ["CFFTW", "CLAPACK"], exclude: ["README.md"]),
        .target(name: "CChannelKernels", exclude: ["README.md"]),
        .target(name: "SpectralKernels", dependencies: ["NeuropCore", "CFFTW", "CLAPACK", "CChannelKernels"], exclude: ["README.md"]),
        .target(name: "ConvolutionKernels", dependencies: ["NeuropCore", "CLAPACK"], exclude: ["README.md"]),
        .target(name: "Autograd", dependencies: ["NeuropCore", "ConvolutionKernels", "SpectralKernels", "CChannelKernels"],
                exclude: ["README.md"]),
        .target(name: "NeuralNetworks", dependencies: ["Autograd", "ConvolutionKernels", "NeuropCore"]),
        .target(name: "FourierOperators", dependencies: ["NeuralNetworks", "Autograd", "SpectralKernels", "NeuropCore", "CChannelKernels"],
                exclude: ["README.md"]),
        .target(name: "DeepONet", dependencies: ["NeuralNetworks", "Autograd", "NeuropCore", "CLAPACK"], exclude: ["README.md"]),
        .target(name: "MultigridOperators", dependencies: ["NeuralNetworks", "Autograd", "ConvolutionKernels", "NeuropCore"],
                exclude: ["README.md"]),
        .target(name: "ReferenceSolvers", dependencies: ["NeuropCore", "CFFTW", "CLAPACK"], exclude: ["README.md"]),
        .target(name: "Fields", dependencies: ["CHDF5", "CZlib", "NeuropCore"], exclude: ["README.md"]),
        .target(name: "Plotting", dependencies: ["CPNG"], exclude: ["README.md"]),
        .target(name: "WalkOnSpheres", dependencies: ["NeuropCore"], exclude: ["README.md"]),
        .target(
            name: "Training",
            dependencies: ["FourierOperators", "DeepONet", "MultigridOperators", "NeuralNetworks", "Autograd", "Fields", "Plotting", "NeuropCore",
                           .product(name: "Yams", package: "Yams")],
            exclude: ["README.md"]),
        .executableTarget(
            name: "neurop",
            dependencies: [
                "NeuropCore", "Fields", "ReferenceSolvers", "Plotting", "WalkOnSpheres", "Training",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Yams", package: "Yams"),
            ]),
        .executableTarget(
            name: "neurop-bench",
            dependencies: ["NeuropCore", "Autograd", "ConvolutionKernels", "SpectralKernels", "NeuralNetworks", "FourierOperators",
                           "DeepONet", "MultigridOperators", "ReferenceSolvers", "WalkOnSpheres", "CFFTW", "CLAPACK"],
            path: "Benchmarks/Sources"),
        .target(name: "NeuropTestSupport", dependencies: ["NeuropCore"], path: "Tests/NeuropTestSupport"),
        .target(name: "CHeapStatistics", path: "Tests/CHeapStatistics"),
        .testTarget(name: "AutogradTests", dependencies: ["Autograd", "ConvolutionKernels", "SpectralKernels", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(
            name: "NeuralNetworksTests",
            dependencies: ["NeuralNetworks", "ConvolutionKernels", "Autograd", "NeuropCore", "NeuropTestSupport", "CHeapStatistics"]),
        .testTarget(
            name: "SpectralKernelsTests", dependencies: ["SpectralKernels", "NeuropCore", "NeuropTestSupport"],
            exclude: ["Fixtures/make_neuraloperator_fixture.py"],
            resources: [.copy("Fixtures/neuraloperator_spectral_conv.json")]),
        .testTarget(
            name: "FourierOperatorsTests",
            dependencies: ["FourierOperators", "NeuralNetworks", "Autograd", "SpectralKernels", "NeuropCore", "NeuropTestSupport"],
            exclude: ["Fixtures/make_neuraloperator_fno_fixture.py"],
            resources: [.copy("Fixtures/neuraloperator_fno.json")]),
        .testTarget(name: "DeepONetTests", dependencies: ["DeepONet", "NeuralNetworks", "Autograd", "ReferenceSolvers", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(
            name: "MultigridOperatorsTests",
            dependencies: ["MultigridOperators", "NeuralNetworks", "Autograd", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(name: "ConvolutionKernelsTests", dependencies: ["ConvolutionKernels", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(name: "ReferenceSolversTests", dependencies: ["ReferenceSolvers", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(name: "WalkOnSpheresTests", dependencies: ["WalkOnSpheres", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(name: "NeuropCoreTests", dependencies: ["NeuropCore", "NeuropTestSupport"]),
        .testTarget(
            name: "FieldsTests", dependencies: ["Fields", "NeuropCore", "NeuropTestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "PlottingTests", dependencies: ["Plotting", "NeuropTestSupport", "NeuropCore"]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "DeepONet", "NeuralNetworks", "Autograd", "Fields", "Plotting", "NeuropCore", "NeuropTestSupport"]),
        .testTarget(name: "NeuropCLITests", dependencies: ["neurop", "NeuropTestSupport", "Fields", "NeuropCore", "Plotting", "WalkOnSpheres", "Training"]),
    ],
    swiftLanguageModes: [.v5]
)
