#!/bin/sh
# Print the path of a Python >= 3.12 interpreter, trying candidates by running them (a pyenv shim
# may exist on PATH and still fail). Order: $PYTHON alone if given, else python3, python3.13, python3.12, pyenv's own.
check() {
    "$1" -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1
}
if [ -n "${PYTHON:-}" ]; then
    if check "$PYTHON"; then
        command -v "$PYTHON" 2>/dev/null || echo "$PYTHON"
        exit 0
    fi
    echo "PYTHON=$PYTHON does not run as Python 3.12 or newer." >&2
    exit 1
fi
tried=""
for candidate in python3 python3.13 python3.12; do
    tried="$tried $candidate"
    if check "$candidate"; then
        command -v "$candidate" 2>/dev/null || echo "$candidate"
        exit 0
    fi
done
# pyenv's interpreters, even when pyenv itself is not on PATH (a cron job, a CI runner).
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
if [ -d "$root/versions" ]; then
    for candidate in "$root"/versions/3.13*/bin/python3 "$root"/versions/3.12*/bin/python3; do
        [ -x "$candidate" ] || continue
        tried="$tried $candidate"
        if check "$candidate"; then
            echo "$candidate"
            exit 0
        fi
    done
fi
echo "Tremplin needs Python 3.12 or newer. Tried:$tried" >&2
echo "Install python3.12+ (e.g. 'apt-get install python3' on Debian 13 / Ubuntu 24.04) or run: make PYTHON=/path/to/python3.12 ..." >&2
exit 1
