"""Weight initializers for neural networks, written with NumPy.

Shape convention (used by every function here):

* a dense kernel has shape ``(fan_in, fan_out)``: one row per input unit, one column per output
  unit, so ``x @ W`` maps a batch of inputs to a batch of outputs;
* a convolution kernel has shape ``(*kernel, in_channels, out_channels)``, e.g. ``(3, 3, 32, 64)``.

Every initializer returns a new float64 ``ndarray`` of exactly ``shape``. Randomness comes only
from the ``numpy.random.Generator`` passed as ``rng``: never from the global ``np.random`` state,
and never from a generator the function makes itself. The same generator state therefore always
gives the same weights.
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


# ---------------------------------------------------------------------------------------------
# my helpers
# ---------------------------------------------------------------------------------------------


def _is_number(x) -> bool:
    """True for a finite real number (bools don't count)."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool) and math.isfinite(x)


def _shape_tuple(shape) -> tuple[int, ...]:
    """Turn ``shape`` into a tuple of ints, e.g. [64, 32] -> (64, 32). A single int is allowed."""
    if isinstance(shape, numbers.Integral) and not isinstance(shape, bool):
        shape = (shape,)
    try:
        dims = tuple(shape)
    except TypeError:
        raise ValueError(f"shape must be a tuple of non-negative integers, got {shape!r}") from None
    for d in dims:
        if isinstance(d, bool) or not isinstance(d, numbers.Integral) or d < 0:
            raise ValueError(f"shape must be a tuple of non-negative integers, got {shape!r}")
    return tuple(int(d) for d in dims)


def _check_rng(rng) -> None:
    # only the generator we are given may be used, so make sure it really is one
    if not isinstance(rng, np.random.Generator):
        raise TypeError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")


def _fans(shape, mode: str) -> float:
    """The fan that ``mode`` picks: fan_in, fan_out or their average."""
    fan_in, fan_out = compute_fans(shape)
    if mode == "fan_in":
        return fan_in
    elif mode == "fan_out":
        return fan_out
    elif mode == "fan_avg":
        return (fan_in + fan_out) / 2
    raise ValueError(f"mode must be 'fan_in', 'fan_out' or 'fan_avg', got {mode!r}")


def _std(scale: float, fan: float) -> float:
    """Standard deviation for Var(W) = scale / fan."""
    if fan == 0:
        return 0.0  # an empty kernel: nothing will be drawn anyway
    return math.sqrt(scale / fan)


def _normal(shape, rng, std: float) -> np.ndarray:
    """N(0, std^2) draws from rng."""
    _check_rng(rng)
    return rng.standard_normal(_shape_tuple(shape)) * std


def _uniform(shape, rng, bound: float) -> np.ndarray:
    """U(-bound, bound) draws from rng: rng.random is in [0, 1), stretch it to [-bound, bound)."""
    _check_rng(rng)
    return rng.random(_shape_tuple(shape)) * 2 * bound - bound


def _check_gain(gain) -> None:
    if not _is_number(gain) or gain == 0:
        raise ValueError(f"gain must be a nonzero finite number, got {gain!r}")


# ---------------------------------------------------------------------------------------------
# the assignment
# ---------------------------------------------------------------------------------------------


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
    dims = _shape_tuple(shape)
    if len(dims) < 2:
        raise ValueError(
            f"need a shape with at least 2 dimensions, (fan_in, fan_out) or "
            f"(*kernel, in_channels, out_channels), got {shape!r}"
        )
    receptive_field = 1
    for d in dims[:-2]:  # kernel dimensions (none for a dense layer)
        receptive_field *= d
    fan_in = dims[-2] * receptive_field
    fan_out = dims[-1] * receptive_field
    return fan_in, fan_out


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

    These are the values PyTorch's ``torch.nn.init.calculate_gain`` uses. Raises ``ValueError``
    for any other nonlinearity, and for a ``param`` that is not a number.

    >>> round(calculate_gain("relu"), 6)
    1.414214
    """
    if param is not None and not _is_number(param):
        raise ValueError(f"param must be a finite number (or None), got {param!r}")
    if nonlinearity == "linear" or nonlinearity == "sigmoid":
        return 1.0
    elif nonlinearity == "tanh":
        return 5.0 / 3.0
    elif nonlinearity == "relu":
        return math.sqrt(2.0)
    elif nonlinearity == "leaky_relu":
        a = 0.01 if param is None else param
        return math.sqrt(2.0 / (1.0 + a * a))
    elif nonlinearity == "selu":
        return 0.75
    else:
        raise ValueError(f"unknown nonlinearity {nonlinearity!r}; choose one of {', '.join(NONLINEARITIES)}")


def zeros(shape, rng=None) -> np.ndarray:
    """Return all-zero weights of ``shape``. ``rng`` is accepted and ignored.

    Zero weights never break symmetry: every unit of a layer computes the same output and
    receives the same update, so the units stay copies of each other. Zero is fine for biases.

    >>> zeros((2, 3)).tolist()
    [[0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]
    """
    return np.zeros(_shape_tuple(shape), dtype=np.float64)


def constant(shape, rng=None, value: float = 1.0) -> np.ndarray:
    """Return weights of ``shape`` all equal to ``value``. ``rng`` is accepted and ignored.

    Like zeros, a constant never breaks symmetry.

    >>> constant((2, 2), value=0.5).tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """
    if not _is_number(value):
        raise ValueError(f"value must be a finite number, got {value!r}")
    return np.full(_shape_tuple(shape), float(value), dtype=np.float64)


def random_normal(shape, rng, std: float = 0.01) -> np.ndarray:
    """Draw weights from N(0, std^2), a fixed standard deviation whatever the layer size.

    Raises ``ValueError`` unless ``std`` > 0.

    >>> round(float(random_normal((256, 256), np.random.default_rng(0)).std()), 3)
    0.01
    """
    if not _is_number(std) or std <= 0:
        raise ValueError(f"std must be a positive number, got {std!r}")
    return _normal(shape, rng, std)


def random_uniform(shape, rng, limit: float = 0.05) -> np.ndarray:
    """Draw weights from U(-limit, limit), whose variance is limit^2 / 3.

    Raises ``ValueError`` unless ``limit`` > 0.

    >>> bool(np.abs(random_uniform((100, 100), np.random.default_rng(0))).max() <= 0.05)
    True
    """
    if not _is_number(limit) or limit <= 0:
        raise ValueError(f"limit must be a positive number, got {limit!r}")
    return _uniform(shape, rng, limit)


def xavier_normal(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot normal: draw from N(0, gain^2 * 2 / (fan_in + fan_out)), untruncated.

    Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
    networks": Var(W) = 1/fan_in keeps the forward signal's variance, Var(W) = 1/fan_out keeps
    the backward gradient's; 2/(fan_in + fan_out) = 1/fan_avg is the compromise. This is
    PyTorch's ``xavier_normal_``; Keras's ``GlorotNormal`` truncates (see ``variance_scaling``).

    >>> round(float(xavier_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 2/640
    0.0031
    """
    _check_gain(gain)
    # 1 / fan_avg is the same as 2 / (fan_in + fan_out)
    std = abs(gain) * _std(1.0, _fans(shape, "fan_avg"))
    return _normal(shape, rng, std)


def xavier_uniform(shape, rng, gain: float = 1.0) -> np.ndarray:
    """Xavier/Glorot uniform: draw from U(-b, b) with b = gain * sqrt(6 / (fan_in + fan_out)).

    The bound gives the same variance as ``xavier_normal``, since Var(U(-b, b)) = b^2 / 3.
    Glorot & Bengio (2010).

    >>> bool(np.abs(xavier_uniform((64, 32), np.random.default_rng(0))).max() <= np.sqrt(6 / 96))
    True
    """
    _check_gain(gain)
    fan_in, fan_out = compute_fans(shape)
    bound = abs(gain) * math.sqrt(6.0 / (fan_in + fan_out)) if fan_in + fan_out > 0 else 0.0
    return _uniform(shape, rng, bound)


def _he_std(shape, negative_slope, mode: str) -> float:
    """std of He's rule: sqrt(2 / ((1 + a^2) * fan)). He only has fan_in and fan_out modes."""
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode for He initialization must be 'fan_in' or 'fan_out', got {mode!r}")
    if not _is_number(negative_slope):
        raise ValueError(f"negative_slope must be a finite number, got {negative_slope!r}")
    return _std(2.0 / (1.0 + negative_slope**2), _fans(shape, mode))


def he_normal(shape, rng, negative_slope: float = 0.0, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming normal: draw from N(0, 2 / ((1 + a^2) * fan)), untruncated.

    He et al. (2015), "Delving Deep into Rectifiers": a ReLU zeroes half of its inputs, which
    halves the second moment each layer passes on; doubling the variance (2/fan instead of
    1/fan) compensates. A leaky ReLU with negative slope ``a`` = ``negative_slope`` loses less,
    hence the factor 1/(1 + a^2). ``mode`` "fan_in" (default) keeps the forward signal's
    variance, "fan_out" the backward gradient's. This is PyTorch's ``kaiming_normal_``.

    >>> round(float(he_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 2/512
    0.0039
    """
    return _normal(shape, rng, _he_std(shape, negative_slope, mode))


def he_uniform(shape, rng, negative_slope: float = 0.0, mode: str = "fan_in") -> np.ndarray:
    """He/Kaiming uniform: draw from U(-b, b) with b = sqrt(6 / ((1 + a^2) * fan)).

    Same variance as ``he_normal`` (b = sqrt(3 * Var)); He et al. (2015). This is PyTorch's
    ``kaiming_uniform_``.

    >>> bool(np.abs(he_uniform((128, 64), np.random.default_rng(0))).max() <= np.sqrt(6 / 128))
    True
    """
    # uniform on [-b, b] has variance b^2 / 3, so b = sqrt(3) * std
    return _uniform(shape, rng, math.sqrt(3.0) * _he_std(shape, negative_slope, mode))


def lecun_normal(shape, rng) -> np.ndarray:
    """LeCun normal: draw from N(0, 1 / fan_in), untruncated.

    LeCun et al. (1998), "Efficient BackProp": unit variance in gives unit variance out for
    units that are roughly linear around zero (tanh, scaled sigmoids); it is also the
    initialization that SELU networks need to self-normalize (Klambauer et al., 2017). It is not
    a rule for (leaky) ReLU, which needs He's factor 2.

    >>> round(float(lecun_normal((512, 128), np.random.default_rng(0)).var()), 4)  # 1/512
    0.002
    """
    return _normal(shape, rng, _std(1.0, _fans(shape, "fan_in")))


def lecun_uniform(shape, rng) -> np.ndarray:
    """LeCun uniform: draw from U(-b, b) with b = sqrt(3 / fan_in), variance 1 / fan_in.

    LeCun et al. (1998).

    >>> bool(np.abs(lecun_uniform((300, 10), np.random.default_rng(0))).max() <= 0.1)
    True
    """
    return _uniform(shape, rng, _std(3.0, _fans(shape, "fan_in")))


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
    (scale=1, "fan_in"). Raises ``ValueError`` for scale <= 0 or an unknown mode or
    distribution.

    >>> w = variance_scaling((512, 128), np.random.default_rng(0), scale=2.0)
    >>> round(float(w.var()), 4), bool(np.abs(w).max() <= 2 * np.sqrt(2 / 512) / TRUNCATED_NORMAL_STD)
    (0.0039, True)
    """
    if not _is_number(scale) or scale <= 0:
        raise ValueError(f"scale must be a positive number, got {scale!r}")
    if distribution not in DISTRIBUTIONS:
        raise ValueError(f"distribution must be one of {', '.join(DISTRIBUTIONS)}, got {distribution!r}")
    std = _std(scale, _fans(shape, mode))  # _fans checks the mode and the shape

    if distribution == "untruncated_normal":
        return _normal(shape, rng, std)
    if distribution == "uniform":
        return _uniform(shape, rng, math.sqrt(3.0) * std)
    # truncation at 2 sigma cuts the variance down by 0.8796^2, so start from a wider normal
    return _truncated_normal(_shape_tuple(shape), rng, std / TRUNCATED_NORMAL_STD)


def _truncated_normal(shape: tuple[int, ...], rng: np.random.Generator, std: float) -> np.ndarray:
    """Draw N(0, std^2) restricted to [-2 std, 2 std], redrawing only the values outside."""
    _check_rng(rng)
    z = rng.standard_normal(math.prod(shape))  # work in units of std, flat
    redo = np.flatnonzero(np.abs(z) > 2.0)
    while redo.size > 0:
        z[redo] = rng.standard_normal(redo.size)
        redo = redo[np.abs(z[redo]) > 2.0]  # only the new draws can still be outside
    return z.reshape(shape) * std


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
    # I used the SVD instead of QR: for a Gaussian matrix A = U S V^T, the factor U V^T is
    # (semi-)orthogonal and uniformly distributed, so no sign fix is needed.
    _check_gain(gain)
    _check_rng(rng)
    dims = _shape_tuple(shape)
    if len(dims) < 2:
        raise ValueError(f"orthogonal needs a shape with at least 2 dimensions, got {shape!r}")
    rows = math.prod(dims[:-1])
    cols = dims[-1]
    if rows == 0 or cols == 0:
        return np.zeros(dims)

    tall = (max(rows, cols), min(rows, cols))  # more rows than columns
    a = rng.standard_normal(tall)
    u, _, vt = np.linalg.svd(a, full_matrices=False)
    q = u @ vt  # orthonormal columns
    if rows < cols:
        q = q.T  # wide kernel: orthonormal rows instead
    return gain * q.reshape(dims)
