"""The spaCy side: loading the pipeline once per process and running it with exact caches."""

from statemint.nlp.pipeline import DEFAULT_MODEL, load_pipeline

__all__ = ["DEFAULT_MODEL", "load_pipeline"]
