"""Scoring statemint against gold annotations: `gold` (the model and JSON Lines gold), `brat` (brat
standoff), `loading` (either format), `scoring` (quotes, speakers, stances), `tables` (the text report)."""

from statemint.eval.gold import QUOTE_KINDS, GoldDocument, GoldQuote, GoldStance, load_gold
from statemint.eval.loading import load_any_gold
from statemint.eval.scoring import score_quotes, score_stances, unmatched
from statemint.eval.summary import evaluation
from statemint.eval.tables import format_evaluation

__all__ = ["QUOTE_KINDS", "GoldDocument", "GoldQuote", "GoldStance", "evaluation", "format_evaluation",
           "load_any_gold", "load_gold", "score_quotes", "score_stances", "unmatched"]
