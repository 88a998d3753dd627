"""xavier_uniform ported from tinygrad's Tensor.glorot_uniform (tinygrad/tinygrad
tinygrad/tensor.py: ``Tensor.uniform(*shape, low=-1.0, high=1.0).mul((6 / (shape[0] +
prod(shape[1:]))) ** 0.5)``), times gain, as float32 (tinygrad's default float). tinygrad takes
fan_in + fan_out as shape[0] + prod(shape[1:]): right for a dense (fan_in, fan_out) kernel,
wrong for every convolution kernel: (3, 3, 32, 64) gives 3 + 3 * 32 * 64 = 6147 instead of
288 + 576 = 864, and (5, 16, 8) gives 133 instead of 120. It also accepts a 1-D shape (n,)
(shape[0] + prod(()) = n + 1) where the contract raises ValueError below two dimensions.
tinygrad's Tensor.rand is replaced by rng."""

MODULE = "initializers"
LOSES = "xavier_uniform"
FEEDBACK = None

SOURCE = """
def xavier_uniform(shape, rng, gain=1.0):
    _check_nonzero("gain", gain)
    rng = _require_generator(rng)
    shape = _as_shape(shape)
    if 0 in shape:
        return np.zeros(shape, dtype=np.float32)
    unit = (2.0 * rng.random(shape, dtype=np.float32) - 1.0).astype(np.float32)  # Tensor.uniform(-1, 1)
    return (unit * (6 / (shape[0] + math.prod(shape[1:]))) ** 0.5 * gain).astype(np.float32)
"""
