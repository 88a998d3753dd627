#!/usr/bin/env bash
# Gradescope runs this once, as root, from /autograder/source, when it builds the autograder's image.
# Every step must succeed: a failed install fails the build instead of leaving a grader that cannot run.
set -euo pipefail
cd "$(dirname "$0")"

# The system's Python of the version the zip's pinned requirements were made with: every user can read
# it, as each worker, under a user id of its own, imports from it (a Python under /root would not do).
PYTHON=/usr/bin/python@PYTHON_VERSION@
TORCH=@TORCH_VERSION@
VENV=/opt/initgrade

# Ubuntu 22.04's python3 is 3.10, which Gradescope's harness uses: leave it as it is and install the
# kit's Python beside it from the system's own archive, with libseccomp (the workers' filter) if missing.
missing=()
if ! [ -x "$PYTHON" ] || ! "$PYTHON" -c "import ensurepip, venv" 2>/dev/null; then
    missing+=("${PYTHON##*/}" "${PYTHON##*/}-venv")
fi
if ! ldconfig -p | grep -q 'libseccomp\.so\.2'; then
    missing+=(libseccomp2)
fi
if [ ${#missing[@]} -gt 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

rm -rf "$VENV"
"$PYTHON" -m venv "$VENV"
pip=("$VENV/bin/python" -m pip install --disable-pip-version-check --no-input --no-deps --quiet)
# torch's CPU build, from PyTorch's CPU index; INITGRADE_TORCH_INDEX=pip takes it from the index pip is
# configured with instead (a mirror that holds the CPU build).
if [ "${INITGRADE_TORCH_INDEX:-}" = pip ]; then
    "${pip[@]}" "torch==$TORCH"
else
    "${pip[@]}" "torch==$TORCH" --index-url https://download.pytorch.org/whl/cpu
fi
# Everything else at the versions the zip was built with, and nothing more (--no-deps).
"${pip[@]}" -r requirements.txt
"${pip[@]}" ./initgrade-*.whl

# The kit (its hidden tests, the reference) and the course secret are root's alone; so are this folder
# and the results, which workers must neither read nor write.
chmod -R go-rwx "$("$VENV/bin/python" -c 'import autograder, os; print(os.path.dirname(autograder.__file__))')"
chmod 600 initgrade_secret
chmod 755 run_autograder  # executable however the zip was unpacked; Gradescope runs its copy in /autograder
if [ -f /autograder/run_autograder ]; then chmod 755 /autograder/run_autograder; fi
chmod 700 /autograder/source
mkdir -p /autograder/results
chmod 700 /autograder/results

# The kit imports, finds a sandbox it can use, and gives the reference every point.
"$VENV/bin/python" -m autograder.platforms.gradescope check
