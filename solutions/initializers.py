"""Weight initializers for neural networks, written with NumPy.

Shape convention (used by every function here):

* a dense kernel has shape ``(fan_in, fan_out)``: one row per input unit, one column per output
  unit, so ``x @ W`` maps a batch of inputs to a batch of outputs;
* a convolution kernel has shape ``(*kernel, in_channels, out_channels)``, e.g. ``(3, 3, 32, 64)``.

Every initializer returns a new ``ndarray`` of exactly ``shape`` and of dtype float64 (as here) or
float32, for any number of dimensions from 2 up (a 3-d convolution kernel has 5). Randomness comes
only from the ``numpy.random.Generator`` passed as ``rng``: never from the global ``np.random``
state, and never from a generator the function makes itself. The same generator state therefore
always gives the same weights.

Names are accepted exactly as listed (``mode="fan_in"``, not ``"FAN_IN"`` or ``"in"``), and only
those listed: an argument the docstrings do not allow raises ``ValueError`` (or ``TypeError``, for
a value of the wrong type such as ``None`` where a name is expected).
"""

from __future__ import annotations

import math
import numbers

import numpy as np

#: Standard deviation of a standard normal truncated to [-2, 2]. Dividing the target standard
#: deviation by it makes a normal truncated at two standard deviations keep the target variance.
TRUNCATED_NORMAL_STD = 0.87962566103423978

MODES = ("fan_in", "fan_out", "fan_avg")
DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")
NONLINEARITIES = ("linear", "sigmoid", "tanh", "relu", "leaky_relu", "selu")


def _as_shape(shape, *, min_rank: int = 0) -> tuple[int, ...]:
    """Return ``shape`` as a tuple of ints, or raise ``ValueError`` saying what is allowed."""
    try:
        dims = (shape,) if isinstance(shape, numbers.Integral) else tuple(shape)
    except TypeError:
        dims = (None,)  # not a sequence: rejected just below with the same message
    if not all(isinstance(d, numbers.Integral) and not isinstance(d, bool) and d >= 0 for d in dims):
        raise ValueError(f"shape must be a sequence of non-negative integers; received {shape!r}")
    if len(dims) < min_rank:
        raise ValueError(
            f"shape must have at least {min_rank} dimensions, (fan_in, fan_out) or "
            f"(*kernel, in_channels, out_channels); received {shape!r}"
        )
    return tuple(int(d) for d in dims)


def _require_generator(rng) -> np.random.Generator:
    """Return ``rng`` if it is a ``numpy.random.Generator``; raise ``TypeError`` otherwise."""
    if not isinstance(rng, np.random.Generator):
        raise TypeError(
            f"rng must be a numpy.random.Generator (e.g. np.random.default_rng(0)); received {type(rng).__name__}"
        )
    return rng


def _check_choice(name: str, value, allowed: tuple[str, ...]) -> None:
    """Raise ``ValueError`` unless ``value`` is one of ``allowed``."""
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise ValueError(f"{name} must be one of {choices}; received {value!r}")


def _check_positive(name: str, value) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite real number greater than zero."""
    if not (_is_real(value) and math.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a positive finite number; received {value!r}")


def _check_nonzero(name: str, value) -> None:
    """Raise ``ValueError`` unless ``value`` is a finite real number other than zero."""
    if not (_is_real(value) and math.isfinite(value) and value != 0):
        raise ValueError(f"{name} must be a nonzero finite number; received {value!r}")


def _is_real(value) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def compute_fans(shape) -> tuple[int, int]:
    """Return ``(fan_in, fan_out)`` of a weight tensor of ``shape``.

    The receptive field is the product of all dimensions but the last two (1 for a dense
    kernel), and::

        fan_in  = shape[-2] * receptive_field
        fan_out = shape[-1] * receptive_field

    This is the convention of Keras's ``compute_fans``: ``(fan_in, fan_out)`` for dense
    kernels, ``(*kernel, in_channels, out_channels)`` for convolution kernels.

    Raises ``ValueError`` for a shape with fewer than two dimensions.

    >>> compute_fans((512, 128))
    (512, 128)
    >>> compute_fans((3, 3, 32, 64))
    (288, 576)
    """
    ### BEGIN SOLUTION
    dims = _as_shape(shape, min_rank=2)
    receptive_field = math.prod(dims[:-2])
    return dims[-2] * receptive_field, dims[-1] * receptive_field
    ### END SOLUTION


def calculate_gain(nonlinearity: str, param=None) -> float:
    """Return the recommended gain (a multiplier of the weights' standard deviation) for a
    nonlinearity:

    =============  ==========================================
    linear         1
    sigmoid        1
    tanh           5/3
    relu           sqrt(2)
    leaky_relu     sqrt(2 / (1 + a^2)), a = ``param`` (0.01 when None)
    selu           3/4
    =============  ==========================================

    These are the values PyTorch's ``torch.nn.init.calculate_gain`` uses for these names (it also
    knows layer names such as "conv2d"; this function does not). Raises ``ValueError`` for any other
    nonlinearity or spelling, and for a ``param`` that is not a number.

    >>> round(calculate_gain("relu"), 6)
    1.414214
    """
    ### BEGIN SOLUTION
    _check_choice("nonlinearity", nonlinearity, NONLINEARITIES)
    if nonlinearity == "leaky_relu":
        slope = 0.01 if param is None else param
        if not (_is_real(slope) and math.isfinite(slope)):
            raise ValueError(f"param (the negative slope) must be a finite number; received {param!r}")
        return math.sqrt(2.0 / (1.0 + slope**2))
    return {"linear": 1.0, "sigmoid": 1.0, "tanh": 5.0 / 3.0, "relu": math.sqrt(2.0), "selu": 0.75}[nonlinearity]
    ### END SOLUTION


def zeros(shape, rng=None) -> np.ndarray:
    """Return all-zero weights of ``shape``. ``rng`` is accepted and ignored.

    Zero weights never break symmetry: every unit of a layer computes the same output and
    receives the same update, so the units stay copies of each other. Zero is fine for biases.

    >>> zeros((2, 3)).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    ### BEGIN SOLUTION
    return np.zeros(_as_shape(shape), dtype=np.float64)
    ### END SOLUTION


def constant(shape, rng=None, value: float = 1.0) -> np.ndarray:
    """Return weights of ``shape`` all equal to ``value``. ``rng`` is accepted and ignored.

    Like zeros, a constant never breaks symmetry.

    >>> constant((2, 2), value=0.5).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    ### BEGIN SOLUTION
    if not (_is_real(value) and math.isfinite(value)):
        raise ValueError(f"value must be a finite number; received {value!r}")
    return np.full(_as_shape(shape), float(value), dtype=np.float64)
    ### END SOLUTION


def random_normal(shape, rng, std: float = 0.01) -> np.ndarray:
    """Draw weights from N(0, std^2), a fixed standard deviation whatever the layer size.

    Raises ``ValueError`` unless ``std`` > 0.

    >>> round(float(random_normal((256, 256), np.random.default_rng(0)).std()), 3)
    0.01
    """
    ### BEGIN SOLUTION
    _check_positive("std", std)
    return _require_generator(rng).normal(0.0, std, size=_as_shape(shape))
    ### END SOLUTION


def random_uniform(shape, rng, limit: float = 0.05) -> np.ndarray:
    """Draw weights from U(-limit, limit), whose variance is limit^2 / 3.

    Raises ``ValueError`` unless ``limit`` > 0.

    >>> bool(np.abs(random_uniform((100, 100), np.random.default_rng(0))).max() <= 0.05)
    True
    """
    ### BEGIN SOLUTION
    _check_positive("limit", limit)
    return _require_generator(rng).uniform(-limit, limit, size=_as_shape(shape))
    ### END SOLUTION


def variance_scaling(
    shape, rng, scale: float = 1.0, mode: str = "fan_in", distribution: str = "truncated_normal"
) -> np.ndarray:
    """Draw weights whose variance is ``scale / n``, the family every fan-based rule belongs to.

    ``n`` is fan_in, fan_out or fan_avg = (fan_in + fan_out) / 2 for ``mode`` "fan_in",
    "fan_out", "fan_avg". ``distribution``:

    * "truncated_normal": N(0, s^2) restricted to [-2s, 2s], with
      s = sqrt(scale / n) / 0.87962566103423978, so that the truncated draws have variance
      scale / n (this is what Keras's GlorotNormal, HeNormal and LecunNormal do);
    * "untruncated_normal": N(0, scale / n);
    * "uniform": U(-b, b) with b = sqrt(3 * scale / n).

    Glorot normal is (scale=1, "fan_avg"), He normal (scale=2, "fan_in"), LeCun normal
    (scale=1, "fan_in"). Raises ``ValueError`` for scale <= 0, and for a mode or distribution not
    spelled exactly as above (Keras's and JAX's "normal" included).

    >>> w = variance_scaling((512, 128), np.random.default_rng(0), scale=2.0)
    >>> round(float(w.var()), 4), bool(np.abs(w).max() <= 2 * np.sqrt(2 / 512) / TRUNCATED_NORMAL_STD)
    (0.0039, True)
    """
    ### BEGIN SOLUTION
    _check_positive("scale", scale)
    _check_choice("mode", mode, MODES)
    _check_choice("distribution", distribution, DISTRIBUTIONS)
    rng = _require_generator(rng)
    fan_in, fan_out = compute_fans(shape)
    dims = _as_shape(shape)
    if math.prod(dims) == 0:
        return np.zeros(dims)  # nothing to draw: an empty array of the shape asked for
    n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2}[mode]
    variance = scale / n
    if distribution == "uniform":
        bound = math.sqrt(3.0 * variance)
        return rng.uniform(-bound, bound, size=dims)
    if distribution == "untruncated_normal":
        return rng.normal(0.0, math.sqrt(variance), size=dims)
    return _truncated_normal(dims, rng, math.sqrt(variance) / TRUNCATED_NORMAL_STD)
    ### END SOLUTION


def _truncated_normal(shape: tuple[int, ...], rng: np.random.Generator, std: float) -> np.ndarray:
    """Draw N(0, std^2) restricted to [-2 std, 2 std], redrawing only the values outside."""
    ### BEGIN SOLUTION
    values = rng.normal(0.0, std, size=shape)
    outside = np.abs(values) > 2.0 * std
    while outside.any():
        values[outside] = rng.normal(0.0, std, size=int(outside.sum()))
        outside = np.abs(values) > 2.0 * std
    return values
    ### END SOLUTION


def xavier_normal(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot normal: draw from N(0, gain^2 * 2 / (fan_in + fan_out)), untruncated.

    Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
    networks": Var(W) = 1/fan_in keeps the forward signal's variance, Var(W) = 1/fan_out keeps
    the backward gradient's; 2/(fan_in + fan_out) = 1/fan_avg is the compromise. This is
    PyTorch's ``xavier_normal_``; Keras's ``GlorotNormal`` truncates (see ``variance_scaling``).

    >>> round(float(xavier_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 2/640
    0.0031
    """
    ### BEGIN SOLUTION
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=gain**2, mode="fan_avg", distribution="untruncated_normal")
    ### END SOLUTION


def xavier_uniform(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot uniform: draw from U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)).

    The bound gives the same variance as ``xavier_normal``, since Var(U(-b, b)) = b^2 / 3.
    Glorot & Bengio (2010).

    >>> bool(np.abs(xavier_uniform((64, 32), np.random.default_rng(0))).max() <= np.sqrt(6 / 96))
    True
    """
    ### BEGIN SOLUTION
    _check_nonzero("gain", gain)
    return variance_scaling(shape, rng, scale=gain**2, mode="fan_avg", distribution="uniform")
    ### END SOLUTION


def he_normal(shape, rng, negative_slope: float = 0.0, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming normal: draw from N(0, 2 / ((1 + a^2) * fan)), untruncated.

    He et al. (2015), "Delving Deep into Rectifiers": a ReLU zeroes half of its inputs, which
    halves the second moment each layer passes on; doubling the variance (2/fan instead of
    1/fan) compensates. A leaky ReLU with negative slope ``a`` = ``negative_slope`` loses less,
    hence the factor 1/(1 + a^2). ``mode`` "fan_in" (default) keeps the forward signal's
    variance, "fan_out" the backward gradient's. This is PyTorch's ``kaiming_normal_``. Raises
    ``ValueError`` for any other mode (other letter cases and "fan_avg" included) and for a
    ``negative_slope`` that is not a number.

    >>> round(float(he_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 2/512
    0.0039
    """
    ### BEGIN SOLUTION
    return _he(shape, rng, negative_slope, mode, "untruncated_normal")
    ### END SOLUTION


def he_uniform(shape, rng, negative_slope: float = 0.0, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming uniform: draw from U(-b, b) with b = sqrt(6 / ((1 + a^2) * fan)).

    Same variance as ``he_normal`` (b = sqrt(3 * Var)); He et al. (2015). This is PyTorch's
    ``kaiming_uniform_`` (whose ``nn.Linear`` default a = sqrt(5) is not He's rule). Raises
    ``ValueError`` as ``he_normal`` does.

    >>> bool(np.abs(he_uniform((128, 64), np.random.default_rng(0))).max() <= np.sqrt(6 / 128))
    True
    """
    ### BEGIN SOLUTION
    return _he(shape, rng, negative_slope, mode, "uniform")
    ### END SOLUTION


def _he(shape, rng, negative_slope, mode: str, distribution: str) -> np.ndarray:
    """Shared body of ``he_normal`` and ``he_uniform``: variance 2 / ((1 + a^2) * fan)."""
    ### BEGIN SOLUTION
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    if not (_is_real(negative_slope) and math.isfinite(negative_slope)):
        raise ValueError(f"negative_slope must be a finite number; received {negative_slope!r}")
    scale = 2.0 / (1.0 + negative_slope**2)
    return variance_scaling(shape, rng, scale=scale, mode=mode, distribution=distribution)
    ### END SOLUTION


def lecun_normal(shape, rng) -> np.ndarray:
    """LeCun normal: draw from N(0, 1 / fan_in), untruncated.

    LeCun et al. (1998), "Efficient BackProp": unit variance in gives unit variance out for
    units that are roughly linear around zero (tanh, scaled sigmoids); it is also the
    initialization that SELU networks need to self-normalize (Klambauer et al., 2017). It is not
    a rule for (leaky) ReLU, which needs He's factor 2.

    >>> round(float(lecun_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 1/512
    0.002
    """
    ### BEGIN SOLUTION
    return variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="untruncated_normal")
    ### END SOLUTION


def lecun_uniform(shape, rng) -> np.ndarray:
    """LeCun uniform: draw from U(-b, b) with b = sqrt(3 / fan_in), variance 1 / fan_in.

    LeCun et al. (1998).

    >>> bool(np.abs(lecun_uniform((300, 10), np.random.default_rng(0))).max() <= 0.1)
    True
    """
    ### BEGIN SOLUTION
    return variance_scaling(shape, rng, scale=1.0, mode="fan_in", distribution="uniform")
    ### END SOLUTION


def orthogonal(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Orthogonal initialization: a random (semi-)orthogonal matrix times ``gain``.

    The tensor is viewed as a matrix of ``prod(shape[:-1])`` rows and ``shape[-1]`` columns.
    Take the QR decomposition of a Gaussian matrix with the larger side as rows and multiply each
    column of Q by the sign of R's matching diagonal entry (without this correction Q is not
    uniformly distributed); transpose when there are fewer rows than columns. The smaller side is
    then orthonormal: W^T W = gain^2 I when rows >= columns, W W^T = gain^2 I otherwise.
    Saxe et al. (2014), "Exact solutions to the nonlinear dynamics of learning in deep linear
    neural networks": orthogonal weights keep every singular value at ``gain``, so the norm of a
    signal neither grows nor shrinks through many linear layers.

    >>> w = orthogonal((128, 64), np.random.default_rng(0))
    >>> bool(np.allclose(w.T @ w, np.eye(64)))
    True
    """
    ### BEGIN SOLUTION
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    dims = _as_shape(shape, min_rank=2)
    rows, cols = math.prod(dims[:-1]), dims[-1]
    if rows * cols == 0:
        return np.zeros(dims)  # nothing to draw: an empty array of the shape asked for
    q, r = np.linalg.qr(rng.standard_normal((max(rows, cols), min(rows, cols))))
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    if rows < cols:
        q = q.T
    return gain * q.reshape(dims)
    ### END SOLUTION
