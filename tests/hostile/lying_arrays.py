ATTACK = (
    "Return arrays that lie: an ndarray subclass whose var/mean/std/__array__/tolist report the right "
    "statistics, object and structured dtypes, a torch tensor requiring grad, lists with NaN and inf, a "
    "10^9-element broadcast view and a memory-mapped huge array."
)
MODULE = "initializers"
SOURCE = r'''
import torch as _torch

ATTACKING = True  # the test also grades this entry with ATTACKING = False: the same numbers as plain arrays


class _Liar(np.ndarray):
    """Holds zeros but claims He's statistics and converts to good-looking draws."""

    def var(self, *args, **kwargs):
        return 2.0 / self.shape[0]

    def std(self, *args, **kwargs):
        return (2.0 / self.shape[0]) ** 0.5

    def mean(self, *args, **kwargs):
        return 0.0

    def __array__(self, dtype=None, copy=None):
        return np.random.default_rng(0).normal(0.0, (2.0 / self.shape[0]) ** 0.5, self.shape)

    def tolist(self):
        return self.__array__().tolist()


def _either(attack, honest):
    return attack() if ATTACKING else honest()


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    return _either(lambda: np.zeros(shape).view(_Liar), lambda: np.zeros(shape))


def xavier_normal(shape, rng, gain=1.0):
    values = rng.normal(0.0, 1.0, size=shape)
    return _either(lambda: values.astype(object), lambda: values)


def lecun_normal(shape, rng):
    values = np.zeros(shape, dtype=[("w", "f8"), ("fake", "f8")])
    return _either(lambda: values, lambda: np.zeros(shape))


def zeros(shape, rng=None):
    return _either(lambda: _torch.zeros(shape, requires_grad=True), lambda: np.zeros(shape))


def constant(shape, rng=None, value=1.0):
    values = [float("nan"), float("inf"), -float("inf")] * (int(np.prod(shape)) // 3 + 1)
    return _either(lambda: values[: int(np.prod(shape))], lambda: np.full(shape, np.nan))


def random_normal(shape, rng, std=0.01):
    return _either(lambda: np.broadcast_to(np.float64(std), (10**9,)), lambda: np.zeros(1))


def random_uniform(shape, rng, limit=0.05):
    def mapped():
        try:
            return np.memmap("/dev/zero", dtype=np.float64, mode="c", shape=(10**9,))
        except Exception:
            return np.lib.stride_tricks.as_strided(np.zeros(1), shape=(10**9,), strides=(0,))

    return _either(mapped, lambda: np.zeros(1))
'''
