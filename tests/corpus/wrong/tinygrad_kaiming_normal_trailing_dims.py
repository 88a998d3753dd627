"""he_normal ported faithfully from tinygrad's Tensor.kaiming_normal (tinygrad/tinygrad
tinygrad/tensor.py: std = sqrt(2 / (1 + a^2)) / sqrt(prod(shape[1:])), default a = 0.01, then
Tensor.normal = std * Tensor.randn, tinygrad's Box-Muller), float32. tinygrad's fan is
prod(shape[1:]), the fan_in of its (out, in, *kernel) weights; on the contract's layout that is
fan_out for a dense kernel ((512, 128) gives 128) and 3 * 32 * 64 = 6144 for a (3, 3, 32, 64)
kernel. There is no mode: mode is accepted (and checked) but ignored. The default slope is 0.01
instead of the contract's 0. tinygrad's Tensor.rand is replaced by rng."""

MODULE = "initializers"
LOSES = "he_normal"
FEEDBACK = None

SOURCE = """
def he_normal(shape, rng, negative_slope=0.01, mode="fan_in"):
    _check_choice("mode", mode, ("fan_in", "fan_out"))
    rng = _require_generator(rng)
    shape = _as_shape(shape, min_rank=2)
    if 0 in shape:
        return np.zeros(shape, dtype=np.float32)
    std = math.sqrt(2.0 / (1 + negative_slope**2)) / math.sqrt(math.prod(shape[1:]))
    src = rng.random((2, *shape), dtype=np.float32)
    randn = np.cos(src[0] * np.float32(2 * math.pi)) * np.sqrt(np.log(1 - src[1]) * np.float32(-2))
    return (np.float32(std) * randn).astype(np.float32)
"""
