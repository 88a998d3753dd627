"""The catalogue of mistakes the hidden suite knows how to name, each written once.

``MISTAKES`` maps a short id (``"kernel-reshaped"``) to the sentence a teacher would write about it.
A hidden test whose evidence singles out one of these mistakes sets that id on its result
(``TestResult.mistake``); feedback shows the sentence, and the class summary counts students by id.

A test names a mistake only when its evidence separates it from every other mistake the suite
knows; when two would explain what it measured, it names none (``only``). The sentence follows the
test's facts in its output (``explain``), so every report that shows a test's output shows it;
``facts`` takes it off again, for a report that shows each sentence once.
"""

from __future__ import annotations

#: the mistake of a test that the student's NotImplementedError failed: the function is not written yet
NOT_WRITTEN = "not-written"

MISTAKES: dict[str, str] = {
    NOT_WRITTEN: "This function is not written yet: it still raises NotImplementedError. Write it, then run the "
    "public tests.",
    # initializers: the variance of the draws
    "fans-swapped": "The fans are swapped: fan_in is used where fan_out belongs, or fan_out where fan_in belongs. "
    "Take (fan_in, fan_out) from compute_fans in the kit's (fan_in, fan_out) order.",
    "fan-in-for-xavier": "Xavier's rule averages the two fans, but only fan_in is used. Divide by "
    "(fan_in + fan_out) / 2.",
    "fans-summed": "The fans are summed where their average belongs, so the factor 2 is missing. Divide by "
    "(fan_in + fan_out) / 2, or multiply by 2 / (fan_in + fan_out).",
    "receptive-field-ignored": "The fans come from the last two dimensions only, so a convolution kernel's "
    "receptive field is ignored. Multiply both fans by the product of the kernel dimensions.",
    "variance-as-std": "The variance is passed where the standard deviation belongs (a square root is missing). "
    "Pass sqrt(Var) as the scale of the normal.",
    "std-as-variance": "The standard deviation is used as the variance (there is one square root too many). "
    "Take the square root of the variance once, not twice.",
    "truncation-uncorrected": "The normal is truncated at 2 sigma without the 0.8796 correction, so the variance "
    "is too small. Divide the standard deviation by TRUNCATED_NORMAL_STD before truncating.",
    "uniform-bound-sqrt-var": "The uniform bound is sqrt(Var) instead of sqrt(3 Var). A uniform draw on [-b, b] "
    "has variance b^2 / 3, so use b = sqrt(3 Var).",
    "uniform-from-zero": "The draws come from U(0, limit) instead of U(-limit, limit). Draw from -limit to limit "
    "so that the mean is 0.",
    "he-factor-missing": "The factor 2 of He's rule is missing. He's variance is 2 / ((1 + a^2) fan).",
    "gain-ignored": "The gain argument is ignored. Multiply the standard deviation (or the bound) by gain.",
    "gain-on-variance": "The gain multiplies the variance instead of the standard deviation. Multiply the "
    "standard deviation by gain, so that the variance grows by gain^2.",
    "slope-ignored": "The negative_slope argument is ignored. He's variance is 2 / ((1 + a^2) fan) with "
    "a = negative_slope.",
    "slope-not-squared": "The negative slope is not squared: the variance uses 1 + a instead of 1 + a^2. Square "
    "negative_slope.",
    "scale-ignored": "The scale argument is ignored. The variance is scale / fan.",
    "mode-ignored": "The mode argument is ignored and fan_in is always used. Use the fan that mode names.",
    "std-param-as-variance": "The std argument is used as the variance. Pass std itself as the scale of the normal.",
    "wrong-family": "The draws come from another distribution family than the one asked for (for example normal "
    "draws where uniform ones were asked). Draw from the family the function's name and docstring give.",
    # initializers: orthogonal
    "orthogonal-gain": "The orthogonal matrix is not scaled by gain exactly once. Multiply the orthonormal "
    "matrix by gain, once.",
    "orthogonal-sign": "QR's Q without the sign correction, or an SVD's U alone, is not uniformly random: some "
    "entries' signs are predictable. Multiply Q's columns by the signs of R's diagonal, or take U @ Vt.",
    # training.py: build_mlp
    "kernel-reshaped": "The kernel is reshaped to torch's (out, in) layout instead of transposed, which scrambles "
    "the weights. Use the transpose, kernel.T.",
    "default-init-left": "The initializer's weights never reach the layers: torch's default initialization is "
    "left in place. Copy the initializer's kernel, transposed, into each layer's weight.",
    "default-bias-left": "The biases keep torch's default random initialization. Set every bias to zero.",
    "activation-on-output": "There is an activation after the last Linear layer. The network must return "
    "logits, so put activations only between Linear layers.",
    "rng-not-passed": "The rng passed to build_mlp is not the one given to the initializer. Pass that very rng "
    "to the initializer for every layer.",
    "rng-per-layer": "A new generator is made for each layer, so the layers repeat or ignore the rng's stream. "
    "Use the one rng for every layer in turn.",
    # training.py: measurements
    "accuracy-percent": "The accuracy is returned in percent. Return a fraction between 0 and 1.",
    "loss-summed": "The loss is summed over the samples. Return the mean cross-entropy.",
    "stds-before-activation": "The standard deviations are measured before the activation. Measure each hidden "
    "layer's output after its activation.",
    "stds-output-layer": "The output layer is measured too. Return one standard deviation per hidden layer only.",
    "norms-reversed": "The gradient norms are in reverse order. Return them first layer first.",
    "norms-of-weights": "These are the norms of the weights, not of their gradients. Take the norm of each "
    "weight's gradient of the loss.",
    # training.py: train
    "zero-grad-missing": "The gradients are never reset: optimizer.zero_grad() is missing, so they pile up across "
    "steps. Call it before each backward pass.",
    "batch-loss-summed": "The training loss is summed over the batch instead of averaged, so every step is too "
    "large. Use the mean cross-entropy, F.cross_entropy's default.",
    "optimizer-not-stepping": "The weights never change: the optimizer does not step the model's parameters. "
    "Give the optimizer model.parameters() and call optimizer.step() after each backward pass.",
    # training.py: pre-trained weights
    "checkpoint-error-escapes": "A file that is not a checkpoint ends in torch's own error instead of a "
    "ValueError. Catch what torch.load raises and raise a ValueError that names the file.",
    "checkpoint-unpickled": "The checkpoint was unpickled without weights_only=True, so the code it carried ran. "
    "Read checkpoints with torch.load(path, weights_only=True), never pickle.load or weights_only=False.",
    "checkpoint-contents-unchecked": "What the file held is returned without a check that it is a mapping of names "
    "to tensors. Raise ValueError for anything else: a list, a bare tensor, a number among the tensors.",
    "body-transposed": "A body layer is copied transposed. Both networks are torch modules in the same (out, in) "
    "layout: copy each weight as it is, with copy_.",
    "biases-not-copied": "The body's weights are copied but not its biases. A layer's pre-trained bias belongs "
    "with its weight: copy both.",
    "head-copied": "The head is copied from the source too. The last layer answers the source task's question; "
    "leave the target's head as its initializer made it.",
    "storage-shared": "The target's parameters are the source's own tensors, so training the target changes the "
    "source. Copy the values into the target's parameters (copy_ under torch.no_grad(), or a clone).",
    "freeze-ignored": "With freeze=True the body can still be trained. Set requires_grad=False on the body's "
    "parameters, or leave them out of what you return.",
    "head-frozen": "The head cannot be trained: it is frozen or missing from what you return. Freeze only the "
    "body's layers and return the head's parameters.",
    "frozen-always": "With freeze=False the body is still frozen. Fine-tuning trains every layer: return all of "
    "the target's parameters, each with requires_grad=True.",
    "frozen-by-zero-lr": "The body is frozen by a learning rate of 0 while the optimizer still holds it. Gradients "
    "are still computed for it, and a scheduler or a new learning rate unfreezes it. Use requires_grad=False or "
    "leave the body out of the optimizer.",
    "transposed-body-accepted": "A body layer whose shape matches only transposed was copied anyway. Two layers "
    "with swapped fans compute different things; raise ValueError naming the layer.",
    "rng-global": "The draws depend on NumPy's global random state. Draw only from the rng passed in, never from "
    "np.random's functions.",
    "rng-ignored": "The rng argument is ignored: the draws come from a fixed seed or from a generator made inside "
    "the function. Draw only from the rng passed in.",
}


def explain(facts: str, mistake: str) -> str:
    """A failing test's output: its ``facts``, then the sentence of ``mistake`` if it names one.
    ``KeyError`` for an id not in the catalogue, so that a test cannot name an unlisted mistake."""
    if not mistake:
        return facts
    facts = facts.rstrip()
    end = "" if facts.endswith((".", "?", "!", ":")) else "."
    return f"{facts}{end} {MISTAKES[mistake]}"


def facts(output: str, mistake: str) -> str:
    """``output`` without the sentence ``explain`` added for ``mistake``: what the test measured."""
    sentence = MISTAKES.get(mistake, "")
    if sentence and output.endswith(" " + sentence):
        return output[: -len(sentence) - 1]
    return output


def only(candidates) -> str:
    """The one mistake that ``candidates`` (ids of the mistakes that explain the evidence, in any
    number, repeats allowed) leave, or "" when none or more than one does."""
    distinct = set(candidates) - {""}
    return distinct.pop() if len(distinct) == 1 else ""
