import Foundation
import Testing
@testable import Fields

/// An independent reader (the HDF5 project's `h5dump`) reads a file neurop wrote.
@Suite("h5dump reads neurop field files")
struct H5DumpTests {
    static let h5dumpAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/h5dump")

    @Test("root attributes have the written values and types", .enabled(if: h5dumpAvailable))
    func rootAttributes() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("darcy.h5")
        _ = try FieldFileWriterTests.writeSmallDarcy(to: path)
        let dump = squeezed(try h5dump(["-A", path]))
        #expect(dump.contains(#"ATTRIBUTE "format" { DATATYPE H5T_STRING { STRSIZE H5T_VARIABLE; STRPAD H5T_STR_NULLTERM; CSET H5T_CSET_UTF8; CTYPE H5T_C_S1; } DATASPACE SCALAR DATA { (0): "neurop.fields" } }"#))
        #expect(dump.contains(#"ATTRIBUTE "format_version" { DATATYPE H5T_STD_I64LE DATASPACE SCALAR DATA { (0): 1 } }"#))
        #expect(dump.contains(#"ATTRIBUTE "seed" { DATATYPE H5T_STD_I64LE DATASPACE SCALAR DATA { (0): 20250101 } }"#))
        #expect(dump.contains(#"(0): "darcy" }"#))
        #expect(dump.contains(#"(0): "neurop-tests 0.1" }"#))
        #expect(dump.contains(#"(0): "2025-01-31T12:00:00Z" }"#))
        #expect(dump.contains(#"(0): "pde: darcy resolution: 3 " }"#)) // the YAML's newlines squeezed
        #expect(dump.contains(#"(0): "sample,channel,x,y" }"#))
    }

    @Test("dataset shape, chunking, filters and dimension-scale attributes", .enabled(if: h5dumpAvailable))
    func datasetHeaderAndScales() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("darcy.h5")
        _ = try FieldFileWriterTests.writeSmallDarcy(to: path)
        let inputs = squeezed(try h5dump(["-p", "-H", "-d", "/inputs", path]))
        #expect(inputs.contains("DATATYPE H5T_IEEE_F32LE"))
        #expect(inputs.contains("DATASPACE SIMPLE { ( 2, 1, 3, 2 ) / ( H5S_UNLIMITED, 1, 3, 2 ) }"))
        #expect(inputs.contains("CHUNKED ( 64, 1, 3, 2 )"))
        #expect(inputs.contains("FILTERS { PREPROCESSING SHUFFLE COMPRESSION DEFLATE { LEVEL 4 } }"))
        #expect(inputs.contains(#"ATTRIBUTE "DIMENSION_LIST""#))

        let all = squeezed(try h5dump(["-A", path]))
        #expect(all.contains(#"(0): (), (), (DATASET"#) && all.contains(#""/x"), (DATASET"#))
        let x = squeezed(try h5dump(["-A", "-d", "/x", path]))
        #expect(x.contains(#"ATTRIBUTE "CLASS""#) && x.contains(#"(0): "DIMENSION_SCALE""#))
        #expect(x.contains(#"ATTRIBUTE "NAME""#) && x.contains(#"(0): "x" }"#))
        #expect(x.contains(#"ATTRIBUTE "REFERENCE_LIST""#))
        #expect(x.contains(#""/inputs", 2 }"#)) // attached to axis 2 of inputs
    }

    @Test("data values of small datasets", .enabled(if: h5dumpAvailable))
    func dataValues() throws {
        let folder = try TemporaryFolder()
        let path = folder.path("darcy.h5")
        _ = try FieldFileWriterTests.writeSmallDarcy(to: path)
        let inputs = squeezed(try h5dump(["-y", "-w", "0", "-A", "0", "-d", "/inputs", path]))
        #expect(inputs.contains("DATA { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 }"))
        let outputs = squeezed(try h5dump(["-y", "-w", "0", "-A", "0", "-d", "/outputs", path]))
        #expect(outputs.contains("DATA { -1, -0.5, 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5 }"))
        let x = squeezed(try h5dump(["-y", "-w", "0", "-A", "0", "-d", "/x", path]))
        #expect(x.contains("DATATYPE H5T_IEEE_F64LE DATASPACE SIMPLE { ( 3 ) / ( 3 ) } DATA { 0, 0.5, 1 }"))
    }
}
