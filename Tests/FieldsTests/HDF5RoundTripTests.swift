import Foundation
import Testing
@testable import Fields

@Suite("HDF5 layer round trips")
struct HDF5RoundTripTests {
    @Test("float32, float64, int64, int32 and uint8 datasets read back equal, in nested groups")
    func datasetsRoundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("round.h5")
        let floats: [Float] = (0..<24).map { Float($0) * 0.25 - 3 }
        let doubles: [Double] = (0..<6).map { Double($0) / 3 }
        let longs: [Int64] = [Int64.min, -1, 0, 1, Int64.max]
        let ints: [Int32] = [-7, 0, 7, Int32.max]
        let bytes: [UInt8] = [0, 1, 254, 255]
        do {
            let file = try HDF5File(creatingAt: path)
            try file.createDataset("parameters/layers.0/weight", values: floats, shape: [2, 3, 4])
            try file.createDataset("doubles", values: doubles, shape: [2, 3])
            try file.createDataset("longs", values: longs)
            try file.createDataset("ints", values: ints)
            try file.createDataset("bytes", values: bytes)
        }
        let file = try HDF5File(openingAt: path)
        #expect(try file.dataset("/parameters/layers.0/weight").read(Float.self) == floats)
        #expect(try file.group("parameters").group("layers.0").dataset("weight").shape == [2, 3, 4])
        #expect(try file.dataset("doubles").read(Double.self) == doubles)
        #expect(try file.dataset("longs").read(Int64.self) == longs)
        #expect(try file.dataset("ints").read(Int32.self) == ints)
        #expect(try file.dataset("bytes").read(UInt8.self) == bytes)
        #expect(try file.dataset("doubles").elementType == .float64)
        #expect(try file.dataset("bytes").elementType == .uint8)
        #expect(try file.datasetPaths() == ["/bytes", "/doubles", "/ints", "/longs", "/parameters/layers.0/weight"])
    }

    @Test("every attribute kind round-trips on the root, a group and a dataset")
    func attributesRoundTrip() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("attributes.h5")
        let values: [String: HDF5AttributeValue] = [
            "text": .string("Darcy flow — κ ∈ [3, 12]\nline two"),
            "empty": .string(""),
            "count": .int64(-9_007_199_254_740_993),
            "scale": .double(1.0e-300),
            "shape": .int64Array([85, 85, 1]),
            "times": .doubleArray([0, 0.25, 1e10]),
        ]
        do {
            let file = try HDF5File(creatingAt: path)
            let group = try file.createGroup("optimizer/adam")
            let dataset = try file.createDataset("w", values: [Float](repeating: 1, count: 4))
            for object in [file.root, group, dataset] as [HDF5Object] {
                for (name, value) in values { try object.setAttribute(name, value) }
            }
            try dataset.setAttribute("count", .int64(5)) // replaces the earlier value
        }
        let file = try HDF5File(openingAt: path)
        let dataset = try file.dataset("w")
        for object in [file.root, try file.group("optimizer/adam"), dataset] as [HDF5Object] {
            #expect(try object.attributeNames() == values.keys.sorted())
            for (name, value) in values where !(object === dataset && name == "count") {
                #expect(try object.attribute(name) == value, "\(name) on \(object.path)")
            }
        }
        #expect(try dataset.int64Attribute("count") == 5)
        #expect(try file.root.stringAttribute("text") == "Darcy flow — κ ∈ [3, 12]\nline two")
        #expect(try file.root.doubleAttribute("scale") == 1.0e-300)
        #expect(try file.root.attributes() == values)
    }

    @Test("a hyperslab read of a middle range equals the right slice")
    func hyperslabRead() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("slab.h5")
        let all: [Float] = (0..<(40 * 3 * 5)).map(Float.init)
        do {
            let file = try HDF5File(creatingAt: path)
            try file.createDataset("samples", values: all, shape: [40, 3, 5],
                                   options: HDF5DatasetOptions(chunkShape: [4, 3, 5], shuffle: true, deflateLevel: 6))
        }
        do { // read-only; closed before the file is reopened for writing
            let dataset = try HDF5File(openingAt: path).dataset("samples")
            let middle = try dataset.read(Float.self, start: [10, 0, 0], count: [10, 3, 5])
            #expect(middle == Array(all[(10 * 15)..<(20 * 15)]))
            // An interior block: samples 7..<9, channel 1, points 2..<5.
            let block = try dataset.read(Float.self, start: [7, 1, 2], count: [2, 1, 3])
            var expected: [Float] = []
            for sample in [7, 8] {
                for x in 2..<5 { expected.append(Float(sample * 15 + 5 + x)) }
            }
            #expect(block == expected)
        }
        // Writing a slab in the middle changes only that slab.
        let writable = try HDF5File(openingAt: path, mode: .readWrite).dataset("samples")
        try writable.write([Float](repeating: -1, count: 5), start: [20, 2, 0], count: [1, 1, 5])
        let after = try writable.read(Float.self)
        #expect(after[(20 * 15 + 10)..<(20 * 15 + 15)].allSatisfy { $0 == -1 })
        #expect(after[(20 * 15 + 5)] == all[20 * 15 + 5])
    }

    @Test("appending in several calls grows the first axis and keeps every row")
    func appendInSeveralCalls() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("append.h5")
        var written: [Double] = []
        do {
            let file = try HDF5File(creatingAt: path)
            let dataset = try file.createDataset(
                "rows", elementType: .float64, shape: [0, 2, 3],
                options: HDF5DatasetOptions(shuffle: true, deflateLevel: 1, extensibleFirstAxis: true))
            for rows in [1, 3, 2, 5] {
                let chunk = (0..<(rows * 6)).map { Double(written.count + $0) + 0.5 }
                let extent = try dataset.append(chunk)
                written += chunk
                #expect(extent == written.count / 6)
            }
            #expect(try dataset.maxShape == [nil, 2, 3])
        }
        let dataset = try HDF5File(openingAt: path).dataset("rows")
        #expect(try dataset.shape == [11, 2, 3])
        #expect(try dataset.read(Double.self) == written)
    }

    @Test("chunk shape, shuffle and deflate level are really set, and info reports them")
    func chunkingAndFilters() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("filters.h5")
        do {
            let file = try HDF5File(creatingAt: path)
            let compressed = try file.createDataset(
                "compressed", elementType: .float32, shape: [0, 1, 16, 16],
                options: HDF5DatasetOptions(chunkShape: [2, 1, 16, 16], shuffle: true, deflateLevel: 7,
                                            extensibleFirstAxis: true))
            try compressed.setAttribute("axes", "sample,channel,x,y")
            try file.createDataset("plain", values: [Int64](0..<10))
            try file.createDataset("deflateOnly", values: [Float](repeating: 0, count: 64), shape: [8, 8],
                                   options: HDF5DatasetOptions(deflateLevel: 1))
        }
        let file = try HDF5File(openingAt: path)
        let info = try file.info(ofDataset: "compressed")
        #expect(info.path == "/compressed")
        #expect(info.shape == [0, 1, 16, 16])
        #expect(info.maxShape == [nil, 1, 16, 16])
        #expect(info.elementType == .float32)
        #expect(info.chunkShape == [2, 1, 16, 16])
        #expect(info.filters == HDF5Filters(shuffle: true, deflateLevel: 7))
        #expect(info.attributes == ["axes": .string("sample,channel,x,y")])
        let plain = try file.info(ofDataset: "plain")
        #expect(plain.chunkShape == nil)
        #expect(plain.filters == .none)
        #expect(plain.maxShape == [10])
        let deflateOnly = try file.info(ofDataset: "deflateOnly")
        #expect(deflateOnly.filters == HDF5Filters(shuffle: false, deflateLevel: 1))
        #expect(deflateOnly.chunkShape == [8, 8]) // automatic: whole rows, all 8 fit in one chunk
    }

    @Test("dimension scales: a 1-D dataset made a scale and attached to an axis")
    func dimensionScales() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("scales.h5")
        do {
            let file = try HDF5File(creatingAt: path)
            let field = try file.createDataset("field", values: [Float](repeating: 0, count: 12), shape: [3, 4])
            let x = try file.createDataset("x", values: [0.0, 1, 2, 3])
            try x.makeDimensionScale(name: "x coordinate")
            try field.attachDimensionScale(x, toAxis: 1)
        }
        let file = try HDF5File(openingAt: path)
        let field = try file.info(ofDataset: "field")
        #expect(field.attachedScales == [nil, "/x"])
        #expect(field.attributeNames == ["DIMENSION_LIST"])
        #expect(field.attributes.isEmpty) // references are not an HDF5AttributeValue
        let x = try file.info(ofDataset: "x")
        #expect(x.dimensionScaleName == "x coordinate")
        #expect(x.attributes["CLASS"] == .string("DIMENSION_SCALE"))
        #expect(try file.dataset("field").isDimensionScale == false)
    }

    @Test("automatic sample chunks hold whole samples and stay within 1 MiB")
    func chunkShapeChoice() {
        // Darcy 85×85 float32 = 28.2 KiB per sample: 3 samples reach the 64 KiB target.
        #expect(ChunkShape.forSamples(sampleShape: [1, 85, 85], elementSize: 4, sampleCount: nil) == [3, 1, 85, 85])
        // 128×128 float32 = 64 KiB: one sample per chunk.
        #expect(ChunkShape.forSamples(sampleShape: [1, 128, 128], elementSize: 4, sampleCount: nil) == [1, 1, 128, 128])
        // Tiny samples: at most 64 per chunk; a fixed count caps it further.
        #expect(ChunkShape.forSamples(sampleShape: [2], elementSize: 4, sampleCount: nil) == [64, 2])
        #expect(ChunkShape.forSamples(sampleShape: [1, 32, 32], elementSize: 4, sampleCount: 5) == [5, 1, 32, 32])
        // 1 MiB exactly: one sample.
        #expect(ChunkShape.forSamples(sampleShape: [1, 512, 512], elementSize: 4, sampleCount: nil) == [1, 1, 512, 512])
        // 10 × 512 × 512 float64 = 20 MiB: cut along the leading axes until ≤ 1 MiB.
        let big = ChunkShape.forSamples(sampleShape: [10, 512, 512], elementSize: 8, sampleCount: nil)
        #expect(big == [1, 1, 256, 512])
        #expect(big.reduce(8, *) <= ChunkShape.maxBytes)
    }
}
