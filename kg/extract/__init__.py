"""The extractors: one module per kind of fact, each a pure function of a parsed document."""
