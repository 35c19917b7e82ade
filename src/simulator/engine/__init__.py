"""The negotiation engine: moves, state, rules and sessions. Pure and deterministic:
the same scenario, seed and moves always give the same state."""
