import CPNG
import Foundation

extension PNGImage {
    /// Writes the image as an 8-bit PNG at `path`, atomically: the bytes go to `PATH.partial`,
    /// which is renamed to `PATH` only when complete, so an interrupted run never leaves a
    /// truncated figure under the final name. An existing file at `path` is replaced.
    ///
    /// Uses libpng's simplified API (`png_image_write_to_stdio`), which traps libpng's errors
    /// itself; a failure becomes a `PlottingError` naming the file and the reason.
    public func write(to path: String) throws {
        let directory = (path as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        if !directory.isEmpty {
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw PlottingError.noSuchDirectory(path: directory)
            }
        }
        let partial = path + ".partial"
        guard let file = fopen(partial, "wb") else {
            throw PlottingError.writeFailed(path: path, reason: "cannot create \(partial): \(String(cString: strerror(errno)))")
        }
        var image = png_image()
        image.version = neurop_png_image_version()
        image.width = png_uint_32(width)
        image.height = png_uint_32(height)
        image.format = format == .rgb ? neurop_png_format_rgb() : neurop_png_format_rgba()
        let written = pixels.withUnsafeBytes { bytes in
            png_image_write_to_stdio(&image, file, 0, bytes.baseAddress, png_int_32(width * format.channels), nil)
        }
        let libpngMessage = Self.message(of: &image)
        png_image_free(&image)
        let closed = fclose(file) == 0
        let closeReason = closed ? "" : String(cString: strerror(errno))
        guard written != 0, closed else {
            unlink(partial)
            throw PlottingError.writeFailed(path: path, reason: written == 0 ? "libpng: \(libpngMessage)" : closeReason)
        }
        guard rename(partial, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(partial)
            throw PlottingError.writeFailed(path: path, reason: "cannot rename \(partial) into place: \(reason)")
        }
    }

    /// Reads a PNG of any colour type and bit depth, converted by libpng to 8-bit RGB, or RGBA
    /// when the file has an alpha channel (transparency).
    public init(contentsOf path: String) throws {
        guard FileManager.default.fileExists(atPath: path) else {
            throw PlottingError.readFailed(path: path, reason: "no such file")
        }
        var image = png_image()
        image.version = neurop_png_image_version()
        guard png_image_begin_read_from_file(&image, path) != 0 else {
            let message = Self.message(of: &image)
            png_image_free(&image)
            throw PlottingError.readFailed(path: path, reason: "libpng: \(message)")
        }
        let hasAlpha = image.format & neurop_png_format_flag_alpha() != 0
        let format: PixelFormat = hasAlpha ? .rgba : .rgb
        image.format = hasAlpha ? neurop_png_format_rgba() : neurop_png_format_rgb()
        let width = Int(image.width), height = Int(image.height)
        var pixels = [UInt8](repeating: 0, count: width * height * format.channels)
        let finished = pixels.withUnsafeMutableBytes { bytes in
            png_image_finish_read(&image, nil, bytes.baseAddress, png_int_32(width * format.channels), nil)
        }
        let message = Self.message(of: &image)
        png_image_free(&image)
        guard finished != 0 else {
            throw PlottingError.readFailed(path: path, reason: "libpng: \(message)")
        }
        try self.init(width: width, height: height, format: format, pixels: pixels)
    }

    /// The NUL-terminated `message` field libpng fills on failure.
    private static func message(of image: inout png_image) -> String {
        withUnsafeBytes(of: &image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
    }
}
