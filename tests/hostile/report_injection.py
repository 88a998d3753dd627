ATTACK = (
    "Inject markup into the reports: exception messages with <script>, a closing </pre></td> and a fake "
    "passed row, ]]> and control characters; a compare_initializers answer with 300 names holding markup, "
    "mathtext and NaN/inf/1e308 values, which the feedback page draws."
)
MODULE = "training"
CHECK = "output_untouched"
SOURCE = r"""
_MARKUP = ('<script>alert("owned")</script></pre></td></tr><tr><td>build_mlp: forged</td><td>9 / 9</td>'
           '<td class="status passed">passed</td></tr> ]]> <![CDATA[ \x1b[32mPASSED\x1b[0m \x00 \ud800 --> <!--')


def build_mlp(layer_sizes, initializer, rng, activation="relu"):
    raise RuntimeError(_MARKUP)


def evaluate(model, X, y):
    raise type("<script>Evil</script>", (RuntimeError,), {})(_MARKUP)


def compare_initializers(initializers, data, *, layer_sizes, activation, epochs, lr, seed=0):
    names = [*initializers, "<script>x</script>", "$\\frac{$", "\\$x$", "_hidden", '"quoted"', "\x1b[31mred"]
    names += [f"extra{i}<img src=x onerror=alert(1)>]]>" for i in range(300)]
    values = [float("nan"), float("inf"), 1e308, -1e300, 5e-324, 0.0, -1.0, 1e-101, 2.0]  # one per layer
    entry = {"loss": values[:epochs], "activation_stds": values[1:], "gradient_norms": values,
             "test_accuracy": [-0.0]}  # the grader's own names too, with answers of the right lengths
    return {name: entry for name in names}
"""
