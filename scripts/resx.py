#!/usr/bin/env python3
"""Adds or updates localized strings in a pair of .resx files (English default + Spanish).

Usage: scripts/resx.py PATH/WITHOUT/EXTENSION KEY "English text" "Texto en español" [KEY EN ES ...]
Creates PATH.resx and PATH.es.resx when missing. Keys are kept sorted so diffs stay small.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def load(path: Path) -> dict:
    if not path.exists():
        return {}
    root = ET.parse(path).getroot()
    return {d.get("name"): (d.findtext("value") or "") for d in root.findall("data")}


def save(path: Path, entries: dict) -> None:
    from xml.sax.saxutils import escape, quoteattr
    lines = HEADER.rstrip().split("\n")[:-1]
    for key in sorted(entries, key=str.lower):
        lines.append(f'  <data name={quoteattr(key)} xml:space="preserve"><value>{escape(entries[key])}</value></data>')
    lines.append("</root>")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv):
    if len(argv) < 5 or (len(argv) - 2) % 3 != 0:
        print(__doc__)
        return 2
    base = Path(argv[1])
    en_path, es_path = base.with_name(base.name + ".resx"), base.with_name(base.name + ".es.resx")
    en, es = load(en_path), load(es_path)
    for i in range(2, len(argv), 3):
        key, en_text, es_text = argv[i], argv[i + 1], argv[i + 2]
        en[key], es[key] = en_text, es_text
    save(en_path, en)
    save(es_path, es)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
