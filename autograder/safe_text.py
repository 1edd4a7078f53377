"""Text a submission controls, made safe wherever it goes: terminal, JSON, CSV, feedback files.

A submission controls what it prints, its exception messages, its file and folder names and its
notebook's contents. Written raw, such text can crash a write (a lone surrogate, bytes that are
not UTF-8 in a file name) or act on the instructor's terminal (an escape sequence that moves the
cursor and rewrites a score, a bidirectional override that reorders a line). `clean` turns
every such character into a visible escape (\\x1b, \\ud800); newlines and tabs stay.
"""

import os
import re

# Control characters but newline and tab (C0, DEL, C1: escape sequences start with ESC or
# CSI), lone surrogates, and the invisible characters that reorder or hide text.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u061c\u200b-\u200f"
                    "\u202a-\u202e\u2060-\u2069\ufeff]")
LINE_BREAKS = re.compile("[\n\t]")


def escape(match):
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clean(text):
    """`text` with every unsafe character as a visible escape; newlines and tabs kept."""
    return UNSAFE.sub(escape, text.replace("\r\n", "\n"))


def one_line(text):
    """`text` cleaned, its newlines and tabs escaped too: for one line of a table."""
    return LINE_BREAKS.sub(escape, clean(text))


def spreadsheet_cell(text):
    """`text` for a CSV cell that a spreadsheet shows as text: one starting with = + - or @
    would be run as a formula (a file named `=HYPERLINK(...).py`), so it gets a leading '."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@") else text


def path_text(path):
    """A path as text that names it alone: bytes that are not UTF-8 as \\xff escapes, and a
    backslash doubled so that no escape can be mistaken for a name's own characters."""
    raw = os.fsencode(path).replace(b"\\", b"\\\\")
    return clean(raw.decode("utf-8", errors="backslashreplace"))


def clean_tree(value):
    """A record (dicts, lists, strings, numbers) with every string and key cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean_tree(key): clean_tree(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_tree(item) for item in value]
    return value
