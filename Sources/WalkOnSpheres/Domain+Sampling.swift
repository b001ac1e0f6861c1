import NeuropCore

extension Domain {
    /// `count` points uniform in the domain, by rejection from the bounding box. Each coordinate is
    /// rounded to Float32 before the inside test, so that a float32 file stores exactly the points
    /// the walks start from. Draws only from `rng`.
    public func uniformPoints(count: Int, using rng: inout RandomStream) -> [Vector] {
        let (lower, upper) = boundingBox
        var points: [Vector] = []
        points.reserveCapacity(count)
        while points.count < count {
            var x = Vector.zero
            for axis in 0..<Vector.dimension { x[axis] = lower[axis] + (upper[axis] - lower[axis]) * rng.uniform() }
            x = x.roundedToFloat32
            if contains(x) { points.append(x) }
        }
        return points
    }
}
