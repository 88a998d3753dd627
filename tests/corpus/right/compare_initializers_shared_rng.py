"""compare_initializers that makes one generator from the seed and builds every model from it in
turn, instead of a fresh np.random.default_rng(seed) per model. The contract's seed still fixes
every model, so this is accepted."""

MODULE = "training"

SOURCE = """
def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    X_train, y_train, X_test, y_test = data
    rng = np.random.default_rng(seed)
    report = {}
    for name, initializer in initializers.items():
        model = build_mlp(layer_sizes, initializer, rng, activation=activation)
        stds = activation_stds(model, X_train)
        norms = gradient_norms(model, X_train, y_train)
        history = train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        _, accuracy = evaluate(model, X_test, y_test)
        report[name] = {"loss": history["loss"], "test_accuracy": accuracy, "activation_stds": stds,
                        "gradient_norms": norms}
    return report
"""
