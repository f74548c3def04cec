"""verweven: lawful, explainable analysis for the Dutch integral approach to undermining crime."""

__version__ = "0.1.0"
