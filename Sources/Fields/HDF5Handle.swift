import CHDF5

/// Owns one HDF5 identifier and closes it when the last Swift reference goes away.
///
/// `parent` keeps the identifier this one was opened from (ultimately the file) alive, so a
/// dataset that outlives its `HDF5File` value still has an open file underneath.
final class HDF5Handle {
    enum Kind {
        case file, group, dataset
    }

    let id: hid_t
    let kind: Kind
    let parent: HDF5Handle?

    init(id: hid_t, kind: Kind, parent: HDF5Handle?) {
        self.id = id
        self.kind = kind
        self.parent = parent
    }

    deinit {
        HDF5Library.sync {
            switch kind {
            case .file: _ = H5Fclose(id)
            case .group: _ = H5Gclose(id)
            case .dataset: _ = H5Dclose(id)
            }
            _ = HDF5Library.takeErrorDetail()
        }
    }
}
