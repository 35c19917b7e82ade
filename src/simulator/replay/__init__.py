"""Replay scripts: human-writable YAML sessions (moves in order, with expectations about
the outcome) for handouts, golden tests and research."""
