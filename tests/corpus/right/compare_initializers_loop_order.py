"""compare_initializers that measures gradient norms before activation stds (both at
initialization, neither changes the model), evaluates with the loss discarded, and builds each
result with dict(...) - the same numbers as the reference in a different order of calls."""

MODULE = "training"

SOURCE = """
def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    X_train, y_train, X_test, y_test = data
    out = {}
    for name in initializers:
        rng = np.random.default_rng(seed)
        net = build_mlp(layer_sizes, initializers[name], rng, activation=activation)
        grad_norms = gradient_norms(net, X_train, y_train)
        act_stds = activation_stds(net, X_train)
        losses = train(net, X_train, y_train, epochs=epochs, lr=lr, seed=seed)["loss"]
        _, acc = evaluate(net, X_test, y_test)
        out[name] = dict(loss=losses, test_accuracy=acc, activation_stds=act_stds, gradient_norms=grad_norms)
    return out
"""
