ATTACK = (
    "Honest control: the reference solution, except that he_normal spins forever and he_uniform sleeps for "
    "10^6 seconds; only these two functions may lose points."
)
MODULE = "initializers"
VICTIMS = ("he_normal", "he_uniform")
SOURCE = r"""
import time as _time


def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    while True:
        pass


def he_uniform(shape, rng, negative_slope=0.0, mode="fan_in"):
    _time.sleep(10**6)
"""
