ATTACK = "Never finish importing: training.py sleeps for 10^6 seconds at import (initializers.py is the stub)."
MODULE = "training"
SOURCE = r"""
import time as _time

_time.sleep(10**6)
"""
