/// Advances a row-major multi-index over `extents` by one (the last axis fastest, wrapping into
/// earlier axes): the odometer that strided loops over tensors of any rank share.
public func advance(_ index: inout [Int], within extents: [Int]) {
    var axis = extents.count - 1
    while axis >= 0 {
        index[axis] += 1
        if index[axis] < extents[axis] { return }
        index[axis] = 0
        axis -= 1
    }
}
