"""Hostile and broken files are refused with one clear, located message.

Each case is a file an author might produce by accident or an attacker on purpose; the
loader must refuse it with a ``ScenarioError`` naming the file (never another
exception), and the CLI must print that message without a traceback.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.datafiles import reader
from simulator.datafiles.located import DataFileError
from simulator.scenario_files import ScenarioError, load_scenario

ALIAS_BOMB = "\n".join(
    ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    + [
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]"
        for i in range(9)
    ]
)

CASES: dict[str, tuple[bytes, str]] = {
    "alias_bomb": (ALIAS_BOMB.encode(), "anchors"),
    "alias_only": (b"id: x\ntitle: *ref\n", "aliases"),
    "deep_nesting_flow": (b"a: " + b"[" * 5000 + b"]" * 5000 + b"\n", "nested too deeply"),
    "deep_nesting_block": (
        "".join(f"{'  ' * i}k{i}:\n" for i in range(200)).encode() + b"  " * 200 + b"v: 1\n",
        "nested too deeply",
    ),
    "binary_junk": (bytes(range(256)) * 8, "binary file"),
    "not_utf8": ("title: caf\u00e9\n".encode("latin-1"), "not UTF-8"),
    "python_tag": (b"id: !!python/object/apply:os.system ['echo pwned']\n", "tag"),
    "custom_tag": (b"id: !include other.yaml\n", "tag"),
    "tabs": (b"id: x\nterms:\n\t- id: y\n", "tabs"),
    "unclosed_quote": (b'id: "quantum\ntitle: x\n', "not valid YAML"),
    "empty": (b"", "empty"),
    "only_comments": (b"# nothing here\n\n", "empty"),
    "bare_list": (b"- a\n- b\n", "not a list"),
    "bare_string": (b"just some words\n", "not a single str value"),
    "duplicate_key": (b"id: a\ntitle: t\nid: b\n", "duplicate key 'id'"),
    "two_documents": (b"id: a\n---\nid: b\n", "more than one YAML document"),
    "merge_key": (b"base: {a: 1}\nother:\n  <<: {a: 2}\n", "merge keys"),
    "complex_key": (b"? [a, b]\n: c\n", "key must be text"),
    "huge_number": (b"id: x\nround_limit: 1.0e+400\n", "infinite"),
    "long_int": (b"n: " + b"9" * 5000 + b"\n", "too large"),
    "control_character": (b"id: x\ntitle: 'a\x07b'\n", "U+0007"),
    "escaped_terminal_title": (
        b'id: x\nactors:\n  - name: "\\e]0;PWNED\\a\\e[2JUnited"\n',
        "control character (\\x1b)",
    ),
    "escaped_c1_csi": (b'id: x\ntitle: "a\\x9b31mb"\n', "control character (\\x9b)"),
    "escaped_in_key": (b'id: x\n"k\\x1b": 1\n', "control character"),
    "tag_on_mapping": (b"id: x\nrules: !!str\n  a: 1\n", "does not fit a mapping"),
    "empty_int_tag": (b'id: x\nstep: !!int ""\n', "cannot read"),
    "bool_tag_junk": (b"id: x\nstep: !!bool maybe\n", "cannot read"),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_refused(tmp_path: Path, name: str) -> None:
    """Each hostile or broken file is refused with a located message naming the file."""
    content, expected = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    messages = [str(problem) for problem in caught.value.problems]
    assert messages
    assert all(message.startswith(f"{path}:") for message in messages), messages
    assert any(expected in problem.message for problem in caught.value.problems), messages


def test_oversized_file_refused_without_reading_it(tmp_path: Path) -> None:
    """A file over the size limit is refused from its size alone."""
    path = tmp_path / "big.yaml"
    with path.open("wb") as stream:
        stream.truncate(30 * 1024 * 1024)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    assert "30.0 MB" in str(caught.value)
    assert caught.value.problems[0].code == "too-large"


def test_oversized_text_refused(tmp_path: Path) -> None:
    """Bytes over the size limit are refused even when the size was not known up front."""
    with pytest.raises(DataFileError):
        reader.parse_bytes(b"a: 1\n" * (reader.MAX_BYTES // 5 + 1), "big.yaml")


def test_missing_file(tmp_path: Path) -> None:
    """A file that does not exist is reported as such."""
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(str(tmp_path / "nope.yaml"))


def test_directory_instead_of_file(tmp_path: Path) -> None:
    """A directory is reported as not being a scenario file."""
    with pytest.raises(ScenarioError, match="directory"):
        load_scenario(str(tmp_path))


def test_error_position_points_at_the_problem(tmp_path: Path) -> None:
    """A syntax error names the line and column where it was found."""
    path = tmp_path / "dup.yaml"
    path.write_text("id: a\ntitle: t\n  summary: s\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    assert caught.value.problems[0].mark.line == 3


def test_nothing_is_executed(tmp_path: Path) -> None:
    """A Python tag that would run a command constructs nothing and runs nothing."""
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.yaml"
    path.write_text(f"id: !!python/object/apply:os.system ['touch {marker}']\n")
    with pytest.raises(ScenarioError):
        load_scenario(str(path))
    assert not marker.exists()


@pytest.mark.parametrize("name", ["alias_bomb", "binary_junk", "python_tag", "deep_nesting_flow"])
def test_cli_refuses_without_traceback(tmp_path: Path, name: str) -> None:
    """The validate command prints a one-screen message naming the file, exit status 2."""
    content, _ = CASES[name]
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "simulator", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    assert len(result.stderr.splitlines()) <= 24


def test_file_that_is_not_a_scenario_is_not_quoted(tmp_path: Path) -> None:
    """A file that is not a scenario (a password file, say) is refused without any of
    its content in the message."""
    path = tmp_path / "passwd.yaml"
    path.write_text("root:x:0:0:root:/root:/bin/bash\n")
    with pytest.raises(ScenarioError) as caught:
        load_scenario(str(path))
    assert all(
        "root" not in str(problem).replace(str(tmp_path), "") for problem in caught.value.problems
    )


def test_fifo_is_refused_not_waited_on(tmp_path: Path) -> None:
    """A FIFO named like a scenario is refused at once (reading it would block)."""
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    with pytest.raises(ScenarioError, match="not a regular file"):
        load_scenario(str(path))
