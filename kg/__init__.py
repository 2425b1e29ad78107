"""kg: turn news articles about legal policy into a legal-provision knowledge graph.

    import kg

    kg.build(["seeds"], "out")                          # writes out/graph.ttl and out/graph.html
    kg.query("out/graph.ttl", preset="statements").rows
    kg.validate("out/graph.ttl").conforms
    print(kg.evaluate(["tests/cases"], gold="tests/cases").table())

The verbs are described in ``kg.api``; errors a user can make raise ``kg.errors.KgError``.
"""
import sys
import types

from kg.api import build, evaluate, query, validate

__version__ = "0.1.0"
__all__ = ["build", "query", "validate", "evaluate", "__version__"]


class _Package(types.ModuleType):
    """kg's module type: ``kg.query``, ``kg.validate`` and ``kg.evaluate`` stay the verbs.

    Importing a submodule binds it as an attribute of its package, and three verbs share their
    module's name (kg/query.py, kg/validate.py, kg/evaluate.py), so importing those modules would
    replace the verbs. The modules are still imported by name: ``from kg.query import run_preset``."""

    def __setattr__(self, name: str, value: object) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
