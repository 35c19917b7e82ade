"""Negotiation analysis: utilities, acceptability and (later) the Pareto frontier, the
Nash bargaining point and the zone of possible agreement. Pure: no I/O, no UI."""
