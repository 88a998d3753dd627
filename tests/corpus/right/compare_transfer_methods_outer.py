"""compare_transfer looping over methods first and label counts second: every network is built from
its own np.random.default_rng(seed), so the order changes nothing."""

MODULE = "training"

SOURCE = """
def compare_transfer(source, data, *, scratch_initializer, head_initializer, label_counts, epochs, lr, seed=0):
    X_pool, y_pool, X_test, y_test = data
    outputs = int(max(np.max(y_pool), np.max(y_test))) + 1
    sizes = [layer.in_features for layer in _linear_layers(source)] + [outputs]
    results = {}
    for method in ("scratch", "frozen", "fine_tuned"):
        losses, starts, accuracies = [], [], []
        for k in label_counts:
            X_k, y_k = _first_per_class(X_pool, y_pool, k)
            if method == "scratch":
                model = build_mlp(sizes, scratch_initializer, np.random.default_rng(seed))
                trainable = model.parameters()
            else:
                model = build_mlp(sizes, head_initializer, np.random.default_rng(seed))
                trainable = transfer_weights(source, model, freeze=(method == "frozen"))
            history = train(model, X_k, y_k, epochs=epochs, lr=lr, seed=seed, parameters=trainable)
            losses.append(history["loss"])
            starts.append(history["initial_loss"])
            accuracies.append(evaluate(model, X_test, y_test)[1])
        results[method] = {"loss": losses, "initial_loss": starts, "test_accuracy": accuracies}
    return results
"""
