"""The student reported the test loss after training (one float from evaluate) under "loss"
instead of the per-epoch training history returned by train. Caught by the public
compare_initializers test (len of "loss")."""

MODULE = "training"
LOSES = "compare_initializers"
FEEDBACK = None

SOURCE = """
def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    X_train, y_train, X_test, y_test = data
    results = {}
    for name, initializer in initializers.items():
        model = build_mlp(layer_sizes, initializer, np.random.default_rng(seed), activation=activation)
        stds = activation_stds(model, X_train)
        norms = gradient_norms(model, X_train, y_train)
        train(model, X_train, y_train, epochs=epochs, lr=lr, seed=seed)
        test_loss, test_accuracy = evaluate(model, X_test, y_test)
        results[name] = {
            "loss": test_loss,
            "test_accuracy": test_accuracy,
            "activation_stds": stds,
            "gradient_norms": norms,
        }
    return results
"""
