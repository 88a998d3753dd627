ATTACK = (
    "Load the reference solutions (by their absolute path in the kit, through autograder.reference, or from "
    "sys.modules) and answer every call with them; leak what was read in errors and on stdout."
)
MODULE = "initializers"
SOURCE = r"""
import importlib.util as _util
import sys as _sys

_FOUND = []  # what was read, or why not: it goes into every error message
_stolen = None
for _path in ["__SOLUTIONS__/initializers.py", "__KIT__/solutions/initializers.py", "../solutions/initializers.py"]:
    try:
        _FOUND.append(open(_path).read()[:1500])
        _spec = _util.spec_from_file_location("stolen", _path)
        _stolen = _util.module_from_spec(_spec)
        _spec.loader.exec_module(_stolen)
        break
    except Exception as error:
        _FOUND.append(f"{_path}: {type(error).__name__}: {error}")
if _stolen is None:
    try:  # the grader's own loader, if the package is importable here
        from autograder.reference import load_reference
        _stolen = load_reference("initializers")
    except Exception as error:
        _FOUND.append(f"autograder.reference: {type(error).__name__}: {error}")
if _stolen is None:  # a reference module the grader may have left in this process
    _stolen = next((m for n, m in list(_sys.modules.items()) if "reference" in n and hasattr(m, "he_normal")), None)
print("\n".join(_FOUND))


def _steal(name):
    def stolen(*args, **kwargs):
        if _stolen is None:
            raise RuntimeError("no reference found: " + " | ".join(_FOUND))
        return getattr(_stolen, name)(*args, **kwargs)

    return stolen


for _name in ["compute_fans", "calculate_gain", "zeros", "constant", "random_normal", "random_uniform",
              "xavier_normal", "xavier_uniform", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
              "variance_scaling", "orthogonal"]:
    globals()[_name] = _steal(_name)
"""
