"""The shipped scenarios, replay scripts, sweep files and the JSON Schema of scenario files.

This folder is installed as the package ``simulator.shipped`` (see ``pyproject.toml``):
an editable install reads it here, a wheel carries it inside the package.
"""
