import Grad

/// Evaluating the loss (and its gradient) at the current parameters or away from them, and the
/// quadratic analysis built on it.
///
/// Every function here leaves the run exactly as it was: the parameters' values and accumulated
/// gradients are restored bit for bit, and random terms draw from a fresh stream started from the
/// run's seed, not from the run's own (see `evaluateLoss`).
extension Session {
    /// Parameters with at most this many values in all are analysed numerically; larger models
    /// would need as many gradient passes for an exact Hessian.
    public static let largestAnalysedModel = 64

    /// The name of every scalar in the flat parameter vector (all parameters' values in order):
    /// `a` for a scalar parameter, `0.weight[3]` for a value inside a tensor.
    public var flatParameterNames: [String] {
        parameters.flatMap { named in
            named.tensor.count == 1 ? [named.name] : (0..<named.tensor.count).map { "\(named.name)[\($0)]" }
        }
    }

    /// The current values of all parameters, flat, in the order of `flatParameterNames`.
    public var flatParameterValues: [Double] {
        parameters.flatMap(\.tensor.data)
    }

    /// The loss at flat parameter values `values` (without recording a graph).
    public func loss(at values: [Double]) -> Double {
        evaluate(at: values, gradient: false).loss
    }

    /// The loss and its flat gradient at flat parameter values `values`. The gradient is NaN where
    /// the loss is not finite.
    public func lossAndGradient(at values: [Double]) -> (loss: Double, gradient: [Double]) {
        evaluate(at: values, gradient: true)
    }

    private func evaluate(at values: [Double], gradient: Bool) -> (loss: Double, gradient: [Double]) {
        let tensors = parameters.map(\.tensor)
        precondition(values.count == tensors.reduce(0) { $0 + $1.count },
                     "loss(at:): \(values.count) values for \(tensors.reduce(0) { $0 + $1.count }) parameter values")
        let savedData = tensors.map(\.data), savedGrads = tensors.map(\.grad)
        defer {
            for (index, tensor) in tensors.enumerated() {
                tensor.data = savedData[index]
                tensor.grad = savedGrads[index]
            }
        }
        var offset = 0
        for tensor in tensors {
            tensor.data = Array(values[offset..<(offset + tensor.count)])
            tensor.grad = nil
            offset += tensor.count
        }
        guard gradient else { return (noGrad { evaluateLoss(backward: false) }, []) }
        let loss = evaluateLoss(backward: true)
        guard loss.isFinite else { return (loss, [Double](repeating: .nan, count: values.count)) }
        return (loss, tensors.flatMap { $0.grad?.data ?? [Double](repeating: 0, count: $0.count) })
    }

    /// Whether the loss is an exact quadratic of the parameters, and if so its Hessian, optimum,
    /// eigenvalues and stable learning rates (see `QuadraticAnalysis`).
    ///
    /// Computed on first use and kept: it depends only on the scene and its data, which never
    /// change within a session (for a quadratic the analysis is the same at every θ). The check runs
    /// around the current parameters, or around zero when they are not finite or beyond 1e6 (after
    /// a divergence). Models whose loss changes from pass to pass (random terms), nets with a hidden
    /// layer (their loss multiplies weights together) and models with more than
    /// `largestAnalysedModel` values are reported as not quadratic without evaluating anything.
    public func quadraticAnalysis() -> QuadraticAnalysis {
        if let cachedQuadraticAnalysis { return cachedQuadraticAnalysis }
        let analysis = analyseLoss()
        cachedQuadraticAnalysis = analysis
        return analysis
    }

    private func analyseLoss() -> QuadraticAnalysis {
        let names = flatParameterNames
        switch scene.model {
        case .formula(_, .some):
            return .notQuadratic(names, "the model adds terms drawn at random on every pass, so the loss is a different "
                                 + "function at every step")
        case .layers(let sizes, _, _) where sizes.count > 2:
            return .notQuadratic(names, "a net with a hidden layer multiplies weights by weights (and passes them through "
                                 + "its activation): its loss is not a quadratic of them")
        case .formula, .layers:
            break
        }
        if let l1 = scene.l1, l1 > 0 {
            return .notQuadratic(names, "the L1 term λ·Σ|p| bends where a parameter crosses 0, so the loss is not a quadratic")
        }
        guard names.count <= Self.largestAnalysedModel else {
            return .notQuadratic(names, "\(names.count) parameter values are too many to analyse exactly "
                                 + "(at most \(Self.largestAnalysedModel))")
        }
        var base = flatParameterValues
        if !allWithin(base, limit: 1e6) || !loss(at: base).isFinite {
            base = [Double](repeating: 0, count: base.count)
        }
        return QuadraticAnalysis.analyze(names: names, at: base) { lossAndGradient(at: $0) }
    }
}

extension Session {
    /// The loss at the current parameters, without recording and without touching the run's
    /// random stream (the state after the last update, for final reports and the status line).
    /// Evaluated once per state of the parameters and kept until they change.
    public func currentLoss() -> Double {
        if let cached = atCurrentParameters.loss, atCurrentParameters.version == parameterVersion { return cached }
        let loss = noGrad { evaluateLoss(backward: false) }
        if atCurrentParameters.version != parameterVersion { atCurrentParameters = (parameterVersion, nil, nil) }
        atCurrentParameters.loss = loss
        return loss
    }

    /// The model's output on the training inputs at the current parameters, without recording.
    public func currentPrediction() -> [Double] {
        modelPrediction()
    }

    /// The gradient of the loss at the current parameters, without stepping (the slope the next
    /// step will use). Accumulated gradients are left as they were. Evaluated once per state of the
    /// parameters and kept until they change.
    public func currentGradients() -> [[Double]] {
        if let cached = atCurrentParameters.gradients, atCurrentParameters.version == parameterVersion { return cached }
        let gradients = evaluateCurrentGradients()
        if atCurrentParameters.version != parameterVersion { atCurrentParameters = (parameterVersion, nil, nil) }
        atCurrentParameters.gradients = gradients
        return gradients
    }

    private func evaluateCurrentGradients() -> [[Double]] {
        let tensors = parameters.map(\.tensor)
        let saved = tensors.map(\.grad)
        defer { for (tensor, grad) in zip(tensors, saved) { tensor.grad = grad } }
        for tensor in tensors { tensor.grad = nil }
        guard evaluateLoss(backward: true).isFinite else {
            return tensors.map { [Double](repeating: .nan, count: $0.count) }
        }
        return tensors.map { $0.grad?.data ?? [Double](repeating: 0, count: $0.count) }
    }
}
