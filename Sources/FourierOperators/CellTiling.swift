import NeuropCore

/// How the fused kernels walk channel-first tensors `[B, C, N]` (all spatial axes flattened into
/// N cells): tasks of at most `cellsPerTask` cells of one sample, run in parallel, each walked in
/// tiles of at most `tileCells` cells that are copied into contiguous scratch rows.
///
/// Tiles are copied because the rows of a sample lie `4N` bytes apart — 16 KB on a 64² grid —
/// and reading 32 such rows in place aliases in the L1 cache (the channel mixing ran at a quarter
/// of its in-cache speed). The split depends only on the shape, never on the thread count, and
/// per-task partial sums are added in task order, so results are bitwise the same for any number
/// of threads.
struct CellTiling {
    static let tileCells = 256
    static let cellsPerTask = 4096

    let batch: Int
    let cells: Int

    init(batch: Int, cells: Int) {
        self.batch = batch
        self.cells = cells
    }

    /// `[B, C, n…]` → (B, N).
    init(shape: [Int]) {
        self.init(batch: shape[0], cells: shape.dropFirst(2).reduce(1, *))
    }

    var tasksPerSample: Int { (cells + Self.cellsPerTask - 1) / Self.cellsPerTask }
    var taskCount: Int { batch * tasksPerSample }

    /// Runs `body(task, sample, tiles)` for every task in parallel; `tiles` lists the task's
    /// consecutive cell ranges of at most `tileCells` cells.
    func forEachTask(_ body: @escaping (_ task: Int, _ sample: Int, _ tiles: [Range<Int>]) -> Void) {
        let (cells, perSample) = (self.cells, tasksPerSample)
        ThreadPool.shared.parallelFor(taskCount) { task in
            let sample = task / perSample
            let start = (task % perSample) * Self.cellsPerTask
            let end = min(cells, start + Self.cellsPerTask)
            let tiles = stride(from: start, to: end, by: Self.tileCells).map { $0..<min(end, $0 + Self.tileCells) }
            body(task, sample, tiles)
        }
    }

    /// Copies rows `channels` of sample `sample`, cells `tile`, of a `[B, C, N]` tensor (C = `stride`
    /// rows per sample) into `destination` rows `tileCells` apart.
    func gather(_ source: UnsafePointer<Float>, rowsPerSample: Int, rows: Range<Int>, sample: Int, tile: Range<Int>,
                into destination: UnsafeMutablePointer<Float>) {
        for (i, row) in rows.enumerated() {
            (destination + i * Self.tileCells).update(from: source + (sample * rowsPerSample + row) * cells + tile.lowerBound,
                                                      count: tile.count)
        }
    }

    /// The inverse of `gather`.
    func scatter(_ source: UnsafePointer<Float>, into destination: UnsafeMutablePointer<Float>, rowsPerSample: Int,
                 rows: Range<Int>, sample: Int, tile: Range<Int>) {
        for (i, row) in rows.enumerated() {
            (destination + (sample * rowsPerSample + row) * cells + tile.lowerBound).update(from: source + i * Self.tileCells,
                                                                                            count: tile.count)
        }
    }
}
