"""A fast yes for valid records: one function a kind, generated from its declaration.

`odesk.core.records.validate` walks a kind's `Field` tree value by value, ready to name the
field at fault. Nearly every revision pushed or pulled is valid, and that walk was a sixth of
the trust server's CPU on a push and most of the time the client spends checking a pulled page.
So each kind's declaration is also turned, once at import, into straight-line Python that only
answers "certainly valid": True when the precise walk would accept the record; False for
anything it would refuse and for what it leaves to the walk (a tombstone, a type without a
test here), after which `validate` runs the walk to accept the record or name the error. The
generated text comes only from the declarations in odesk.core.records, never from input (as
`dataclasses` builds its methods).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol


class _Spec(Protocol):
    """odesk.core.records.Field, read by shape so that module can import this one."""

    @property
    def type(self) -> str: ...
    @property
    def required(self) -> bool: ...
    @property
    def nullable(self) -> bool: ...
    @property
    def item(self) -> Any: ...
    @property
    def fields(self) -> Mapping[str, Any]: ...


# The precise walk's own tests of one value: type name -> function(value, spec) -> None when
# right (a message, or whatever else, when wrong). A string type's test is only given strings.
Checks = Mapping[str, Callable[[Any, Any], object]]
# Quick tests written into the generated text instead of a call: type name -> function(name,
# var, spec) -> a Python expression over the variable ``var`` that is true only when the
# type's test would answer None (right); ``name(value)`` gives a name for a value the
# expression uses. When the expression is false the test itself runs, so an expression may be
# narrower than the test (a string with a line break goes to the test) but never wider.
Quick = Mapping[str, Callable[[Callable[[Any], str], str, Any], str]]

_MISSING = object()


class _Writer:
    def __init__(self, checks: Checks, strings: frozenset[str], quick: Quick) -> None:
        self.lines: list[str] = []
        self.names: dict[str, Any] = {"_MISSING": _MISSING}
        self.checks = checks
        self.strings = strings
        self.quick = quick
        self.count = 0

    def name(self, value: Any) -> str:
        self.count += 1
        key = f"_k{self.count}"
        self.names[key] = value
        return key

    def var(self) -> str:
        self.count += 1
        return f"v{self.count}"

    def emit(self, depth: int, line: str) -> None:
        self.lines.append("    " * depth + line)

    def value(self, depth: int, var: str, spec: _Spec) -> None:
        """Lines that return False unless ``var`` (not None) is right for ``spec``."""
        kind = spec.type
        if kind in self.checks:
            if kind in self.strings:
                self.emit(depth, f"if type({var}) is not str: return False")
            check, given = self.name(self.checks[kind]), self.name(spec)
            quick = self.quick.get(kind)
            if quick is None:
                self.emit(depth, f"if {check}({var}, {given}) is not None: return False")
            else:
                # No call for the common right value: a tenth of a note's check.
                self.emit(depth, f"if not ({quick(self.name, var, spec)}):")
                self.emit(depth + 1, f"if {check}({var}, {given}) is not None: return False")
        elif kind == "list":
            item = self.var()
            self.emit(depth, f"if type({var}) is not list: return False")
            self.emit(depth, f"for {item} in {var}:")
            self.present(depth + 1, item, spec.item)
        elif kind == "object":
            self.emit(depth, f"if type({var}) is not dict: return False")
            self.fields(depth, var, spec.fields, frozenset())
        else:  # a type without a test here: the precise walk decides
            self.emit(depth, "return False")

    def present(self, depth: int, var: str, spec: _Spec) -> None:
        """A value that is there (a list's item): None is right only when nullable."""
        if spec.nullable:
            self.emit(depth, f"if {var} is not None:")
            self.value(depth + 1, var, spec)
        else:
            self.emit(depth, f"if {var} is None: return False")
            self.value(depth, var, spec)

    def fields(
        self, depth: int, obj: str, specs: Mapping[str, _Spec], extra: frozenset[str]
    ) -> None:
        known = self.name(frozenset(specs) | extra)
        self.emit(depth, f"if not {obj}.keys() <= {known}: return False")
        for field_name, spec in specs.items():
            var = self.var()
            if spec.required:
                self.emit(depth, f"{var} = {obj}.get({field_name!r})")
                self.emit(depth, f"if {var} is None: return False")
                self.value(depth, var, spec)
            elif spec.nullable:
                self.emit(depth, f"{var} = {obj}.get({field_name!r})")
                self.emit(depth, f"if {var} is not None:")
                self.value(depth + 1, var, spec)
            else:  # may be absent, but not null
                self.emit(depth, f"{var} = {obj}.get({field_name!r}, _MISSING)")
                self.emit(depth, f"if {var} is None: return False")
                self.emit(depth, f"if {var} is not _MISSING:")
                self.value(depth + 1, var, spec)


def compile_check(
    name: str,
    specs: Mapping[str, _Spec],
    extra: frozenset[str],
    checks: Checks,
    strings: frozenset[str],
    prelude: Callable[[dict], bool] | None = None,
    quick: Quick | None = None,
) -> Callable[[dict], bool]:
    """A function(record) -> bool: True only if every field of ``specs`` is right and no field
    outside ``specs`` and ``extra`` is there. ``checks`` holds the scalar types' tests, those of
    the types in ``strings`` given only strings, each after its ``quick`` expression if it has
    one (see Quick); lists and objects are written out; ``prelude`` runs first, for what the
    declarations do not say (the envelope's revision fields)."""
    writer = _Writer(checks, strings, quick or {})
    writer.emit(0, f"def {name}(record):")
    if prelude is not None:
        writer.emit(1, f"if not {writer.name(prelude)}(record): return False")
    writer.fields(1, "record", specs, extra)
    writer.emit(1, "return True")
    namespace = dict(writer.names)
    exec("\n".join(writer.lines), namespace)  # noqa: S102 - text made from our declarations
    function: Callable[[dict], bool] = namespace[name]
    return function
