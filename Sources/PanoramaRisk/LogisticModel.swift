import Foundation

/// A logistic regression on standardised features, fitted by Newton's method (iteratively
/// reweighted least squares) with an L2 penalty on the coefficients.
///
/// Newton's method on this convex problem is deterministic and converges in a handful of
/// iterations, so the same rows always give the same model. Each feature is centred and
/// scaled by its training mean and standard deviation; a constant column gets scale 1 and,
/// through the penalty, a coefficient of 0.
public struct LogisticModel: Codable, Sendable, Equatable {
    public var features: [RiskFeature]
    public var means: [Double]
    public var scales: [Double]
    /// Coefficients on the standardised features.
    public var coefficients: [Double]
    public var intercept: Double

    public enum FitError: Error, Equatable {
        /// Every label is the same: there is nothing to tell apart.
        case oneClass(positives: Int, rows: Int)
        case noRows
    }

    /// Fits `labels` (0 or 1) on the rows of `matrix`; `penalty` is the L2 weight λ in
    /// `−loglik + λ/2 · Σβ²`.
    public static func fit(_ matrix: FeatureMatrix, labels: [Float], penalty: Double = 1, iterations: Int = 25) throws(FitError) -> LogisticModel {
        let rows = matrix.rows
        let width = matrix.features.count
        guard rows > 0 else { throw .noRows }
        let positives = labels.reduce(0) { $0 + ($1 > 0.5 ? 1 : 0) }
        guard positives > 0 && positives < rows else { throw .oneClass(positives: positives, rows: rows) }
        var means = [Double](repeating: 0, count: width)
        var squares = [Double](repeating: 0, count: width)
        for row in 0..<rows {
            for column in 0..<width {
                let value = Double(matrix[row, column])
                means[column] += value
                squares[column] += value * value
            }
        }
        var scales = [Double](repeating: 1, count: width)
        for column in 0..<width {
            means[column] /= Double(rows)
            let variance = max(0, squares[column] / Double(rows) - means[column] * means[column])
            scales[column] = variance > 1e-12 ? variance.squareRoot() : 1
        }
        // Parameters: intercept first, then the coefficients.
        let size = width + 1
        var beta = [Double](repeating: 0, count: size)
        let rate = Double(positives) / Double(rows)
        beta[0] = log(rate / (1 - rate))
        var z = [Double](repeating: 1, count: size)
        /// The penalised negative log-likelihood at `parameters`.
        func objective(_ parameters: [Double]) -> Double {
            var total = 0.0
            for row in 0..<rows {
                var eta = parameters[0]
                for column in 0..<width { eta += parameters[column + 1] * (Double(matrix[row, column]) - means[column]) / scales[column] }
                // log(1 + e^eta) − y·eta, computed without overflow.
                total += (eta > 0 ? eta + log1p(exp(-eta)) : log1p(exp(eta))) - Double(labels[row]) * eta
            }
            for index in 1..<size { total += penalty / 2 * parameters[index] * parameters[index] }
            return total
        }
        var current = objective(beta)
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: size)
            var hessian = [Double](repeating: 0, count: size * size)
            for row in 0..<rows {
                z[0] = 1
                for column in 0..<width { z[column + 1] = (Double(matrix[row, column]) - means[column]) / scales[column] }
                var eta = 0.0
                for index in 0..<size { eta += beta[index] * z[index] }
                let p = 1 / (1 + exp(-eta))
                let residual = Double(labels[row]) - p
                let weight = max(p * (1 - p), 1e-12)
                for i in 0..<size {
                    gradient[i] += residual * z[i]
                    let wz = weight * z[i]
                    for j in i..<size { hessian[i * size + j] += wz * z[j] }
                }
            }
            for i in 1..<size {
                gradient[i] -= penalty * beta[i]
                hessian[i * size + i] += penalty
            }
            for i in 0..<size { for j in 0..<i { hessian[i * size + j] = hessian[j * size + i] } }
            let step = Self.solve(hessian, gradient, size: size)
            // Newton's step, halved until the objective improves: plain Newton can overshoot
            // when rare positives sit far out on a feature.
            var scale = 1.0
            var improved = false
            while scale > 1e-6 {
                let candidate = zip(beta, step).map { $0 + scale * $1 }
                let value = objective(candidate)
                if value <= current {
                    let change = current - value
                    beta = candidate
                    current = value
                    improved = change > 1e-9 * max(1, abs(value))
                    break
                }
                scale /= 2
            }
            if !improved { break }
        }
        return LogisticModel(
            features: matrix.features, means: means, scales: scales, coefficients: Array(beta[1...]), intercept: beta[0])
    }

    /// Solves `a · x = b` for a symmetric positive definite `a` (Cholesky).
    static func solve(_ a: [Double], _ b: [Double], size: Int) -> [Double] {
        var l = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0...i {
                var sum = a[i * size + j]
                for k in 0..<j { sum -= l[i * size + k] * l[j * size + k] }
                if i == j {
                    l[i * size + i] = sum > 1e-300 ? sum.squareRoot() : 1e-150
                } else {
                    l[i * size + j] = sum / l[j * size + j]
                }
            }
        }
        var y = [Double](repeating: 0, count: size)
        for i in 0..<size {
            var sum = b[i]
            for k in 0..<i { sum -= l[i * size + k] * y[k] }
            y[i] = sum / l[i * size + i]
        }
        var x = [Double](repeating: 0, count: size)
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = y[i]
            for k in (i + 1)..<size { sum -= l[k * size + i] * x[k] }
            x[i] = sum / l[i * size + i]
        }
        return x
    }

    /// The coefficients on the features as given (not standardised) and the intercept to go with them.
    public var rawCoefficients: (coefficients: [Double], intercept: Double) {
        let raw = zip(coefficients, scales).map { $0 / $1 }
        let intercept = self.intercept - zip(raw, means).reduce(0) { $0 + $1.0 * $1.1 }
        return (raw, intercept)
    }

    /// The probability for one row of features, in `features` order.
    public func probability(_ row: ArraySlice<Float>) -> Double {
        var eta = intercept
        for (offset, value) in row.enumerated() {
            eta += coefficients[offset] * (Double(value) - means[offset]) / scales[offset]
        }
        return 1 / (1 + exp(-eta))
    }

    /// Probabilities for every row of a matrix with the same features.
    public func probabilities(_ matrix: FeatureMatrix) -> [Double] {
        let width = features.count
        return matrix.values.withUnsafeBufferPointer { values in
            (0..<matrix.rows).map { row in
                var eta = intercept
                for column in 0..<width {
                    eta += coefficients[column] * (Double(values[row * width + column]) - means[column]) / scales[column]
                }
                return 1 / (1 + exp(-eta))
            }
        }
    }

    /// How much each feature moves this row's log-odds away from the average customer's,
    /// largest first; only the features that raise it.
    public func raisers(_ row: ArraySlice<Float>) -> [(feature: RiskFeature, value: Float, contribution: Double)] {
        var found: [(RiskFeature, Float, Double)] = []
        for (offset, value) in row.enumerated() {
            let contribution = coefficients[offset] * (Double(value) - means[offset]) / scales[offset]
            if contribution > 0 { found.append((features[offset], value, contribution)) }
        }
        return found.sorted { ($0.2, $1.0.rawValue) > ($1.2, $0.0.rawValue) }
    }
}
