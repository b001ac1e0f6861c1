import CHDF5

/// An open group or dataset of an HDF5 file: the common base that carries its path, the file it
/// lives in, and the attribute operations (see `HDF5Object+Attributes.swift`).
///
/// The HDF5 identifier is closed when the last reference to the object goes away; the file stays
/// open as long as any object opened from it is alive.
public class HDF5Object {
    let handle: HDF5Handle

    /// Absolute path inside the file (`/` for the root group).
    public let path: String

    /// Path of the file on disk.
    public let filePath: String

    init(handle: HDF5Handle, path: String, filePath: String) {
        self.handle = handle
        self.path = path
        self.filePath = filePath
    }

    var id: hid_t { handle.id }

    /// "group '/' in data.h5" / "dataset '/inputs' in data.h5", used in error messages.
    var objectDescription: String {
        let kind = handle.kind == .dataset ? "dataset" : "group"
        return "\(kind) '\(path)' in \(filePath)"
    }

    /// Joins `name` (relative, or absolute when it starts with `/`) to this object's path.
    func absolutePath(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        return path.hasSuffix("/") ? path + name : path + "/" + name
    }
}
