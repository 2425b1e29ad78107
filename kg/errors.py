"""The errors kg reports to its users.

Each carries a one-line message; the CLI prints ``kg: error: <message>`` and exits 2, so library
code raises these instead of exiting or printing.
"""


class KgError(Exception):
    """Base of every error kg reports to a user (one-line message)."""


class InputError(KgError):
    """An input file or argument cannot be read or understood."""


class QueryError(KgError):
    """A SPARQL query is malformed, refused or names an unknown preset."""


class ValidationError(KgError):
    """A graph does not conform to the shapes."""


class OutputError(KgError):
    """An output cannot be written."""
