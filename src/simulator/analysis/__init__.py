"""Negotiation analysis: the Pareto frontier, the Nash bargaining point, the zone of
possible agreement and the analysis of a draft for a debrief. Pure: no I/O, no UI. The
utility tables it works on are the scenario's (``simulator.scenario.utility``), below
both the engine and the analysis, so neither imports the other's core."""
