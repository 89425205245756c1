"""Writing records out as one YAML or JSON document, a record at a time."""

import json
from collections.abc import Callable, Iterator, Sequence
from itertools import chain
from typing import Any

import yaml

from factcheck.importers.native import FORMAT_VERSION, VERSION_FIELD
from factcheck.importers.yaml_reader import yaml_resolvers

Record = dict[str, Any]
Write = Callable[[str], None]
Sections = Sequence[tuple[str, Iterator[Record]]]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Quotes any text that a reader, by YAML 1.1 or 1.2 rules, could take for something
    else (``2019``, ``yes``, ``1e5``); writes text of several lines as a block."""


_Dumper.yaml_implicit_resolvers = yaml_resolvers(_Dumper.yaml_implicit_resolvers)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)
# Long texts stay on one line: easier to search and to compare.
_WIDTH = 1 << 20


def _first(records: Iterator[Record]) -> Iterator[Record] | None:
    """``records``, or None when there are none."""
    first = next(records, None)
    return None if first is None else chain([first], records)


def write_yaml(sections: Sections, write: Write) -> dict[str, int]:
    counts: dict[str, int] = {}
    write(f"{VERSION_FIELD}: {FORMAT_VERSION}\n")
    for name, records in sections:
        found = _first(records)
        if found is None:
            continue
        write(f"\n{name}:\n")
        counts[name] = 0
        for record in found:
            write(
                yaml.dump(
                    [record],
                    Dumper=_Dumper,
                    allow_unicode=True,
                    sort_keys=False,
                    default_flow_style=False,
                    width=_WIDTH,
                )
            )
            counts[name] += 1
    return counts


def write_json(sections: Sections, write: Write) -> dict[str, int]:
    """The same text as ``json.dumps(document, indent=2, ensure_ascii=False)``, a record at
    a time."""
    counts: dict[str, int] = {}
    write(f'{{\n  "{VERSION_FIELD}": {FORMAT_VERSION}')
    for name, records in sections:
        found = _first(records)
        if found is None:
            continue
        write(f',\n  "{name}": [\n')
        counts[name] = 0
        for record in found:
            text = json.dumps(record, indent=2, ensure_ascii=False)
            separator = ",\n" if counts[name] else ""
            write(separator + "\n".join("    " + line for line in text.split("\n")))
            counts[name] += 1
        write("\n  ]")
    write("\n}\n")
    return counts
