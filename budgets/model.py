"""A budget and what was measured against it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    name: str
    value: float | None  # None: could not be measured (see note)
    limit: float | None  # None: reported, not checked
    at_most: bool = True  # the value must be <= limit (else >=)
    unit: str = ""
    note: str = ""

    @property
    def status(self) -> str:
        if self.value is None:
            return "FAIL" if self.limit is not None else "SKIP"
        if self.limit is None:
            return "INFO"
        ok = self.value <= self.limit if self.at_most else self.value >= self.limit
        return "PASS" if ok else "FAIL"

    def line(self) -> str:
        value = "—" if self.value is None else f"{self.value:g}{self.unit}"
        limit = "" if self.limit is None else f" ({'≤' if self.at_most else '≥'} {self.limit:g}{self.unit})"
        note = f"  {self.note}" if self.note else ""
        return f"{self.status:4}  {self.name}: {value}{limit}{note}"


def failed(measures) -> list[Measure]:
    return [m for m in measures if m.status == "FAIL"]
