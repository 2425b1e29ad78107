"""kg: turn news articles about legal policy into a legal-provision knowledge graph."""

__version__ = "0.1.0"
