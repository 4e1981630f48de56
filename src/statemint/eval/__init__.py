"""Scoring statemint against gold annotations: the gold model, brat standoff, scores and their tables."""
