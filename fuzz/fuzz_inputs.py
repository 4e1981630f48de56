"""atheris fuzz target for the input decoder and the JSON Lines reader (statemint.io.inputs).

Checks, on arbitrary bytes: decoding either gives text that can be written as UTF-8 or says the
bytes are binary; valid UTF-8 is returned unchanged; JSON Lines give exactly one item (a document or
a skipped entry) per non-blank line, never an exception. Run by hand (see the README):

    .venv/bin/python fuzz/fuzz_inputs.py -max_total_time=600 fuzz/corpus/inputs
"""

from __future__ import annotations

import io
import json
import sys

import atheris

with atheris.instrument_imports():
    from statemint.io.inputs import BinaryData, Document, Skipped, decode, iter_documents, read_jsonl


def check_decode(data: bytes) -> None:
    try:
        text, encoding = decode(data)
    except BinaryData:
        return
    assert isinstance(text, str) and isinstance(encoding, str)
    text.encode("utf-8")  # no lone surrogates: the output step must be able to write it
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        try:
            exact = data.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            assert text == exact and encoding == "utf-8", (encoding,)


def check_items(items: list, expected: int) -> None:
    assert len(items) == expected, (len(items), expected)
    for item in items:
        assert isinstance(item, (Document, Skipped)), item
        item.id.encode("utf-8")
        if isinstance(item, Document):
            item.text.encode("utf-8")
            if item.holder is not None:
                item.holder.encode("utf-8")
        else:
            assert item.reason and "\n" not in item.reason


def check_jsonl(data: bytes) -> None:
    lines = io.BytesIO(data).readlines()
    expected = sum(1 for line in lines if line.strip())
    check_items(list(read_jsonl(io.BytesIO(data), "in.jsonl")), expected)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    mode, rest = data[0] % 4, data[1:]  # the first byte picks the check
    if mode == 0:
        check_decode(rest)
        check_items(list(iter_documents(["-"], stdin=io.BytesIO(rest))), 1)
    elif mode == 1:
        check_jsonl(rest)
    elif mode == 2:
        # well-formed JSON Lines whose fields are fuzzed values of any type
        values = rest.decode("utf-8", "replace").split("\x00")
        lines = []
        for value in values:
            try:
                parsed = json.loads(value)
            except (ValueError, RecursionError):
                parsed = value
            lines.append(json.dumps({"id": parsed, "text": parsed, "holder": parsed}).encode())
        check_jsonl(b"\n".join(lines))
    else:
        # a text in the legacy encodings people have on disk
        text = rest.decode("latin-1")
        for encoding in ("cp1252", "latin-1", "utf-16", "utf-8-sig"):
            check_decode(text.encode(encoding, "ignore"))


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
