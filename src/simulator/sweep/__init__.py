"""Sweeps: a grid of scenario variants times a range of seeds, every session played by the
computer, one CSV row per session, resumable, aggregated in a fixed order.

``spec`` is the sweep file's model and its grid (no YAML); ``loading`` reads a sweep file
(the edge); ``rows`` owns the CSV format, resuming and the aggregates; ``running`` plays
the sessions on local processes or a Dask cluster.
"""
