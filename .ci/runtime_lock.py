"""Print the part of the lock file a user's install needs: the entries (pins and hashes)
of every distribution the project needs at run time, with the extras named on the
command line, and of everything those need in turn.

    python .ci/runtime_lock.py requirements-lock.txt [EXTRA ...] > runtime.txt

The closure is read from the package metadata of the environment running this script,
which must hold the project and the whole lock (the development venv does), so the
install stays reproducible from the one lock file while test and lint tools stay out.
"""

from __future__ import annotations

import re
import sys
from importlib.metadata import PackageNotFoundError, requires

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = "quantum-negotiation-simulator"


def closure(extras: set[str]) -> set[str]:
    """The canonical names of the distributions ``PROJECT[extras]`` needs here, itself
    not included."""
    needed: set[str] = set()
    pending: list[tuple[str, frozenset[str]]] = [(PROJECT, frozenset(extras))]
    seen: set[tuple[str, frozenset[str]]] = set()
    while pending:
        name, wanted = pending.pop()
        if (name, wanted) in seen:
            continue
        seen.add((name, wanted))
        try:
            lines = requires(name) or []
        except PackageNotFoundError:
            sys.exit(f"runtime_lock: {name} is not installed in {sys.prefix}")
        for line in lines:
            requirement = Requirement(line)
            marker = requirement.marker
            if marker is not None and not any(
                marker.evaluate({"extra": extra}) for extra in (wanted or {""})
            ):
                continue
            dependency = canonicalize_name(requirement.name)
            needed.add(dependency)
            pending.append((dependency, frozenset(requirement.extras)))
    return needed


def entries(lock: str) -> list[tuple[str, str]]:
    """The lock's entries as (canonical name, text with its hash lines)."""
    found: list[tuple[str, str]] = []
    for block in re.split(r"\n(?=[^\s#])", lock):
        match = re.match(r"([A-Za-z0-9][A-Za-z0-9._-]*)==", block)
        if match:
            found.append((canonicalize_name(match.group(1)), block.rstrip("\n")))
    return found


def main() -> None:
    lock_path, *extras = sys.argv[1:]
    with open(lock_path, encoding="utf-8") as file:
        lock = entries(file.read())
    needed = closure(set(extras))
    missing = needed - {name for name, _ in lock}
    if missing:
        sys.exit(f"runtime_lock: {lock_path} pins none of {', '.join(sorted(missing))}")
    print(f"# The run-time part of {lock_path} (extras: {', '.join(extras) or 'none'}).")
    for name, text in lock:
        if name in needed:
            print(text)


if __name__ == "__main__":
    main()
