ATTACK = (
    "Honest control: the reference solution, except that he_normal asks for 50 GB and then grows a list "
    "until MemoryError; every other function must keep all its points."
)
MODULE = "initializers"
VICTIMS = ("he_normal",)
SOURCE = r"""
def he_normal(shape, rng, negative_slope=0.0, mode="fan_in"):
    try:
        np.ones((50_000_000_000,))
    except MemoryError:
        pass
    grown = []
    while True:
        grown.append(np.empty(10**8, dtype=np.uint8))
"""
