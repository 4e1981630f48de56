"""Shared fixtures: the repository root, the seed, and one pipeline/registry per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_13e5bbda91499c74.txt"


@pytest.fixture(scope="session")
def nlp():
    from statemint.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def registry():
    from statemint.parties import load_registry

    return load_registry()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_analysis(seed_text, nlp, registry):
    from statemint.api import analyze

    return analyze(seed_text, parties=registry, nlp=nlp, doc="seed")
