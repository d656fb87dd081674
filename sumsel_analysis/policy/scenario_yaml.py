"""Reading a scenario YAML file into plain values with the line and column of every key and value.

Before the parser runs: size (``MAX_SCENARIO_BYTES``), UTF-8, NUL characters and nesting depth
(``MAX_NESTING_DEPTH``, one linear pass over the characters). Then the tokens are scanned for anchors and
aliases (``&a`` / ``*a``: a few hundred bytes of nested aliases expand to gigabytes), and the composed
node tree is turned into dicts, lists and plain scalars, refusing merge keys, tags other than YAML's plain
scalars / mappings / lists (``!!python/...``, ``!!set``, ``!!binary``), keys that are not text, duplicate
keys (both lines named) and octal / hexadecimal / base-60 integers. Errors are ``ScenarioError`` lines.
"""

import re
from pathlib import Path
from typing import Any

import yaml

from sumsel_analysis.data.paths import is_link_loop
from sumsel_analysis.policy.scenario_schema import ScenarioError

MAX_SCENARIO_BYTES = 64 * 1024  # the largest shipped scenario is under 1 KiB; room for long descriptions
MAX_NESTING_DEPTH = 12
"""Deepest nesting of mappings / lists accepted. The schema needs 4 (top → levers → mandate → events) and
room for list-of-mapping inputs (5–6); PyYAML parses recursively and its scanner slows quadratically with
depth, so a few KB of ``[[[[…`` would take seconds and end in RecursionError. Checked before parsing."""
YAML_LINE_BREAKS = ("\x85", "\u2028", "\u2029")
"""Characters YAML 1.1 treats as line breaks inside a value (NEL, LINE and PARAGRAPH SEPARATOR): refused, since
the parser folds them into a space and a name or description would not read back as written."""

# --- reading a file ------------------------------------------------------------------------------------

_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_MAP_TAG, _SEQ_TAG = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
_ODD_INT = re.compile(r"^[-+]?(0[0-7_]+|0o[0-7_]+|0x[0-9a-fA-F_]+|0b[01_]+|[0-9][0-9_]*(:[0-5]?[0-9])+)$")


def _nesting_depth(text: str, limit: int) -> tuple[int, int] | None:
    """(line, depth) of the first place nesting exceeds ``limit``, by one linear pass over the characters
    (indentation levels and '- ' markers for block nesting, unquoted '[' / '{' for flow nesting); else None."""
    indents: list[int] = []
    flow, quote = 0, ""
    for lineno, line in enumerate(text.split("\n"), 1):
        body = line.lstrip(" ")
        if flow == 0 and not quote and body and not body.startswith("#"):
            col = len(line) - len(body)
            while indents and indents[-1] >= col:
                indents.pop()
            indents.append(col)
            dashes = len(re.match(r"^(?:[-?] +)*", body).group(0).replace(" ", ""))
            if len(indents) + dashes > limit:
                return lineno, len(indents) + dashes
        prev = "\n"
        for i, ch in enumerate(line):
            if quote:
                if ch == quote and not (quote == '"' and line[i - 1] == "\\"):
                    quote = ""
            elif ch == "#" and prev in " \t\n":
                break
            elif ch in "'\"" and prev in " \t\n[{,:-?":
                quote = ch
            elif ch in "[{" and (prev in " \t\n[{,:-?" or flow):
                flow += 1
                if len(indents) + flow > limit:
                    return lineno, len(indents) + flow
            elif ch in "]}" and flow:
                flow -= 1
            if ch not in " \t":
                prev = ch
    return None


def _scan(source: str, text: str) -> None:
    """Scan the YAML tokens (no construction) and refuse anchors and aliases."""
    try:
        for tok in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(tok, (yaml.AnchorToken, yaml.AliasToken)):
                kind = "anchor" if isinstance(tok, yaml.AnchorToken) else "alias"
                raise ScenarioError(source, None,
                                    f"YAML {kind} '{tok.value}' not allowed (write the value out in full)",
                                    tok.start_mark.line + 1, tok.start_mark.column + 1)
    except yaml.YAMLError as e:
        raise _yaml_error(source, e, text) from None


def _yaml_error(source: str, e: yaml.YAMLError, text: str) -> ScenarioError:
    if isinstance(e, yaml.reader.ReaderError):  # a character YAML does not allow (control characters)
        line = text[: e.position].count("\n") + 1
        return ScenarioError(source, None, f"character U+{e.character:04X} is not allowed in YAML (a control "
                                           "character); remove it", line,
                             e.position - (text.rfind("\n", 0, e.position) + 1) + 1)
    mark = getattr(e, "problem_mark", None) or getattr(e, "context_mark", None)
    line, col = (mark.line + 1, mark.column + 1) if mark else (None, None)
    problem = getattr(e, "problem", None) or getattr(e, "context", None) or e
    return ScenarioError(source, None, f"malformed YAML: {problem}", line, col)


def _short(tag: str) -> str:
    """A YAML tag as written in a file (``!!set``, ``!!python/...``)."""
    return tag.replace("tag:yaml.org,2002:", "!!")


def _build(source: str, node: yaml.Node, path: tuple, marks: dict, constructor: yaml.SafeLoader) -> Any:
    """Plain Python values from a composed YAML node, recording (line, column) of every value and key."""
    marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    where = ".".join(map(str, path)) or "<top>"

    def refuse(n: yaml.Node, problem: str):
        raise ScenarioError(source, where, problem, n.start_mark.line + 1, n.start_mark.column + 1)

    if isinstance(node, yaml.MappingNode):
        if node.tag != _MAP_TAG:
            refuse(node, f"YAML tag not allowed: {_short(node.tag)} (write a plain mapping)")
        out, first = {}, {}
        for k, v in node.value:
            if k.tag == "tag:yaml.org,2002:merge":
                refuse(k, "YAML merge key '<<' not allowed (write the values out in full)")
            if not isinstance(k, yaml.ScalarNode) or k.tag != "tag:yaml.org,2002:str":
                shown = repr(k.value) if isinstance(k, yaml.ScalarNode) else "a list or mapping"
                refuse(k, f"keys must be text names, found {shown} (quote it if it is meant as a name)")
            line = k.start_mark.line + 1
            if k.value in first:
                raise ScenarioError(source, ".".join(map(str, path + (k.value,))),
                                    f"duplicate key (first at line {first[k.value]}, again at line {line}); "
                                    "give each key once", line, k.start_mark.column + 1)
            first[k.value] = line
            marks[("key",) + path + (k.value,)] = (line, k.start_mark.column + 1)
            out[k.value] = _build(source, v, path + (k.value,), marks, constructor)
        return out
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ_TAG:
            refuse(node, f"YAML tag not allowed: {_short(node.tag)} (write a plain list)")
        return [_build(source, v, path + (i,), marks, constructor) for i, v in enumerate(node.value)]
    if node.tag not in _PLAIN_TAGS:
        refuse(node, f"YAML tag not allowed: {_short(node.tag)} "
                     "(would construct an object; write a plain value)")
    if node.tag == "tag:yaml.org,2002:int" and _ODD_INT.match(node.value):
        refuse(node, f"number {node.value!r} is octal, hexadecimal, binary or base 60 in YAML; write it in decimal")
    try:
        return constructor.construct_object(node)
    except Exception:  # noqa: BLE001 — an explicit tag on a value it cannot read (!!float abc, !!bool maybe)
        refuse(node, f"{node.value!r} is not a valid {_short(node.tag)} value")


def _read_text(path: Path) -> str:
    """The file's text after the checks that come before parsing (exists, size, UTF-8, no NUL, nesting)."""
    try:
        if not path.exists():
            problem = "is a symbolic link that points to itself (a loop)" if is_link_loop(path) else "does not exist"
            raise ScenarioError(str(path), None, problem)
        if not path.is_file():
            raise ScenarioError(str(path), None, "is not a file")
        size = path.stat().st_size
        if size > MAX_SCENARIO_BYTES:
            raise ScenarioError(path.name, None, f"is {size:,} bytes; a scenario file may be at most "
                                                 f"{MAX_SCENARIO_BYTES:,} bytes")
        data = path.read_bytes()[: MAX_SCENARIO_BYTES + 1]
    except OSError as e:
        if is_link_loop(path):
            raise ScenarioError(str(path), None, "is a symbolic link loop (it points back to itself)") from None
        raise ScenarioError(str(path), None, f"cannot be read: {e.strerror or e}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise ScenarioError(path.name, None, f"not UTF-8 text (byte 0x{data[e.start]:02x}); save the file as UTF-8",
                            line) from None
    if "\x00" in text:
        raise ScenarioError(path.name, None, "contains a NUL character (not a text file)",
                            text[: text.index("\x00")].count("\n") + 1)
    text = text.removeprefix("\ufeff")
    for ch in YAML_LINE_BREAKS:  # YAML reads these as line breaks and folds them: a name would change silently
        if ch in text:
            at = text.index(ch)
            raise ScenarioError(path.name, None, f"character U+{ord(ch):04X} is not allowed in YAML (a line "
                                                 "separator YAML would fold into a space); remove it",
                                text[:at].count("\n") + 1, at - (text.rfind("\n", 0, at) + 1) + 1)
    deep = _nesting_depth(text, MAX_NESTING_DEPTH)
    if deep:
        raise ScenarioError(path.name, None, f"nested more than {MAX_NESTING_DEPTH} levels deep (lists or mappings "
                                             "inside each other); a scenario needs at most 5", deep[0])
    return text


def read_yaml(path: str | Path) -> tuple[Any, dict, str]:
    """(plain data, marks path → (line, column), file name) of a scenario file, refusing what the schema
    cannot express (anchors, tags, non-text keys, duplicate keys) with the line."""
    path = Path(path)
    text = _read_text(path)
    source = path.name
    _scan(source, text)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        raise _yaml_error(source, e, text) from None
    if node is None:
        raise ScenarioError(source, None, "is empty")
    marks: dict = {}
    return _build(source, node, (), marks, yaml.SafeLoader("")), marks, source
