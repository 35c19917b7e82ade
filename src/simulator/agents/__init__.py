"""Computer players: delegations that negotiate from their private briefs, and a
mediator that tables compromise texts. Deterministic under the session seed; every
decision carries a one-line explanation in plain words (and no private numbers)."""
