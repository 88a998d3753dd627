"""The student trained each model first and only then measured activation_stds (and
gradient_norms), so the reported numbers describe the trained network instead of the network at
initialization. The public tests (zero initialization stays at zero activations) do not catch it."""

MODULE = "training"
LOSES = "compare_initializers"
FEEDBACK = None

SOURCE = """
def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    X_train, y_train, X_test, y_test = data
    results = {}
    for name, initializer in initializers.items():
        model = build_mlp(layer_sizes, initializer, np.random.default_rng(seed), activation=activation)
        history = train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        results[name] = {
            "loss": history["loss"],
            "test_accuracy": evaluate(model, X_test, y_test)[1],
            "activation_stds": activation_stds(model, X_train),
            "gradient_norms": gradient_norms(model, X_train, y_train),
        }
    return results
"""
