"""The wire format between the grader and a worker: plain data only, both ways.

Nothing that comes back from a worker is unpickled: unpickling runs code. A message is a frame:
a JSON header plus one payload of raw array bytes (`encode` / `decode`), checked for size and
shape on arrival. The grader (sandbox.remote) and the worker (sandbox.worker) both use it.
"""

import json
import math
import re
import struct

import numpy as np

# A value is encoded as a JSON tree plus one payload of raw bytes for the arrays:
#   None, bool, int, float (nan and inf included), str, list   -> themselves
#   tuple                       -> {"tuple": [items]}
#   dict with str keys          -> {"dict": {key: item}}
#   ndarray or numpy scalar of a plain dtype (bool, numbers, fixed-size strings)
#                               -> {"array": [dtype, shape, offset, is_scalar]}, bytes in the payload
#   ndarray of Python objects   -> {"objects": [shape, [items]]}
#   anything else               -> {"unsupported": type name}
# The decoder accepts exactly these shapes and nothing else.

# The grader decodes and checks every message a worker sends, so these bound its memory too.
MAX_MESSAGE_BYTES = 64 * 2**20     # one message, header and arrays together
MAX_HEADER_BYTES = 8 * 2**20       # the JSON part of one message
MAX_DEPTH = 64                     # nesting of lists, tuples and dicts
MAX_STRING = 10_000                # characters kept of a returned string
MAX_INT_DIGITS = 1000              # larger ints arrive as an unsupported marker
ALIGNMENT = 16                     # array bytes start at multiples of this in the payload
PLAIN_DTYPE = re.compile(r"[<>|=]?[biufcSU]\d{1,4}")   # numbers, bools, fixed-size strings
FRAME = struct.Struct("!IQ")       # header length, payload length


class CodecError(ValueError):
    """A value that cannot be encoded, or a message that is not a valid encoding."""


class TooLarge(CodecError):
    """A value whose encoding exceeds MAX_MESSAGE_BYTES."""


class Unsupported:
    """Stands for a value of a type the codec does not carry; only its type name survives.

    Each type name gets its own subclass named like the original type (see `unsupported`), so a
    check that reports `type(value).__name__` says the same thing as when it ran in-process.
    """
    __slots__ = ()
    type_name = "object"

    def __repr__(self):
        return f"<a {self.type_name} object (its value could not be sent)>"

    # Two markers of the same type are equal: all that is known of either is its type.
    def __eq__(self, other):
        return type(other) is type(self)

    def __hash__(self):
        return hash(self.type_name)


_unsupported_types = {}


def unsupported(type_name):
    """An instance of the marker class standing for values of type `type_name`."""
    name = re.sub(r"[^\w.]", "_", str(type_name))[:100] or "object"
    if name not in _unsupported_types:
        if len(_unsupported_types) > 1000:   # a flood of distinct names: stop making classes
            name = "object"
        _unsupported_types.setdefault(
            name, type(name, (Unsupported,), {"__slots__": (), "type_name": name}))
    return _unsupported_types[name]()


def type_name_of(value):
    """The name of a value's type, read without running any code the value's class defines."""
    try:
        return type.__dict__["__name__"].__get__(type(value))
    except Exception:  # a name that is not a string: a marker still needs some name
        return "object"


# NumPy functions the encoder uses, bound before a submission could patch the module.
_asarray, _ascontiguousarray, _as_plain_view = np.asarray, np.ascontiguousarray, np.ndarray.view


class _Encoder:
    def __init__(self, max_bytes):
        self.max_bytes = max_bytes
        self.size = 0           # header estimate plus payload, checked against max_bytes
        self.buffers = []       # (offset, contiguous array)
        self.payload_size = 0

    def grow(self, amount):
        self.size += amount
        if self.size > self.max_bytes:
            raise TooLarge(f"the value takes more than {self.max_bytes // 2**20} MB")

    def encode(self, value, depth=0):
        # Exact type checks, and the base classes' own methods on subclasses: encoding never
        # calls a method a submission defined.
        self.grow(8)
        if depth >= MAX_DEPTH:
            return {"unsupported": "deeply_nested_value"}
        # issubclass on the real type: isinstance would believe a faked __class__.
        kind = type(value)
        if value is None or kind is bool:
            return value
        if issubclass(kind, (np.ndarray, np.generic)):
            return self.encode_numpy(value, depth)
        if issubclass(kind, int):
            value = int.__int__(value)
            if value.bit_length() > MAX_INT_DIGITS * 3:
                return {"unsupported": "int"}
            self.grow(value.bit_length() // 3)
            return value
        if issubclass(kind, float):
            return float.__float__(value)
        if issubclass(kind, str):
            text = str.__str__(value)[:MAX_STRING]
            self.grow(len(text))
            return text
        if issubclass(kind, list):
            return [self.encode(item, depth + 1) for item in list.__iter__(value)]
        if issubclass(kind, tuple):
            return {"tuple": [self.encode(item, depth + 1) for item in tuple.__iter__(value)]}
        if issubclass(kind, dict):
            items = list(dict.items(value))
            if not all(type(key) is str for key, _ in items):
                return {"unsupported": type_name_of(value)}
            for key, _ in items:
                self.grow(len(key))
            return {"dict": {key: self.encode(item, depth + 1) for key, item in items}}
        if issubclass(kind, Unsupported):
            return {"unsupported": kind.type_name}
        return {"unsupported": type_name_of(value)}

    def encode_numpy(self, value, depth):
        is_scalar = issubclass(type(value), np.generic)
        array = _asarray(value) if is_scalar else _as_plain_view(value, np.ndarray)
        if array.dtype.kind == "O":
            items = [self.encode(item, depth + 1) for item in array.reshape(-1).tolist()]
            return {"objects": [list(array.shape), items]}
        dtype = array.dtype.str
        if not PLAIN_DTYPE.fullmatch(dtype):
            return {"unsupported": type_name_of(value)}
        self.grow(array.nbytes + ALIGNMENT)
        offset = -self.payload_size % ALIGNMENT + self.payload_size
        self.buffers.append((offset, _ascontiguousarray(array)))
        self.payload_size = offset + array.nbytes
        return {"array": [dtype, list(array.shape), offset, is_scalar]}

    def payload(self):
        data = bytearray(self.payload_size)
        for offset, array in self.buffers:
            data[offset:offset + array.nbytes] = array.reshape(-1).view(np.uint8).data
        return data


def encode(message, max_bytes=MAX_MESSAGE_BYTES):
    """The frame (bytes) for `message`, a dict of plain data; values are encoded by the codec.

    `message["value"]`, if present, is encoded with the codec; the other entries are control
    fields of plain JSON. Raises TooLarge when the frame would exceed `max_bytes`.
    """
    encoder = _Encoder(max_bytes)
    header = dict(message)
    if "value" in header:
        header["value"] = encoder.encode(header["value"])
    text = json.dumps(header, allow_nan=True, separators=(",", ":")).encode("utf-8")
    if len(text) > MAX_HEADER_BYTES or len(text) + encoder.payload_size > max_bytes:
        raise TooLarge(f"the value takes more than {max_bytes // 2**20} MB")
    return b"".join((FRAME.pack(len(text), encoder.payload_size), text, encoder.payload()))


def frame_sizes(prefix, max_bytes=MAX_MESSAGE_BYTES):
    """(header length, payload length) from the first FRAME.size bytes of a frame, checked."""
    header_size, payload_size = FRAME.unpack(prefix)
    if header_size > MAX_HEADER_BYTES or header_size + payload_size > max_bytes:
        raise CodecError(f"a message of {header_size + payload_size} bytes is over the limit")
    return header_size, payload_size


def decode(header_bytes, payload):
    """The message (a dict) from a frame's header and payload (a bytearray), checked.

    Raises CodecError for anything that is not a valid encoding, whatever is wrong with it.
    """
    try:
        header = json.loads(bytes(header_bytes).decode("utf-8"))
    except (ValueError, RecursionError) as error:
        raise CodecError(f"the message is not valid JSON ({type(error).__name__})") from None
    if not isinstance(header, dict):
        raise CodecError("the message is not a JSON object")
    if "value" in header:
        try:
            header["value"] = _decode_value(header["value"], payload, 0)
        except CodecError:
            raise
        except Exception as error:   # NumPy refusing a dtype, shape or size it was sent
            raise CodecError(f"the value is malformed ({type(error).__name__})") from None
    return header


def _decode_value(node, payload, depth):
    if depth > MAX_DEPTH:
        raise CodecError("the value is nested too deeply")
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode_value(item, payload, depth + 1) for item in node]
    if not isinstance(node, dict) or len(node) != 1:
        raise CodecError("a node of the value is malformed")
    (tag, body), = node.items()
    if tag == "tuple" and isinstance(body, list):
        return tuple(_decode_value(item, payload, depth + 1) for item in body)
    if tag == "dict" and isinstance(body, dict):
        return {key: _decode_value(item, payload, depth + 1) for key, item in body.items()}
    if tag == "array" and isinstance(body, list) and len(body) == 4:
        return _decode_array(*body, payload)
    if tag == "objects" and isinstance(body, list) and len(body) == 2:
        shape, items = body
        shape = _checked_shape(shape)
        if not isinstance(items, list) or len(items) != math.prod(shape):
            raise CodecError("an object array has the wrong number of items")
        array = np.empty(len(items), dtype=object)
        for index, item in enumerate(items):
            array[index] = _decode_value(item, payload, depth + 1)
        return array.reshape(shape)
    if tag == "unsupported" and isinstance(body, str):
        return unsupported(body)
    raise CodecError(f"unknown node {tag!r} in the value")


def _checked_shape(shape):
    if (not isinstance(shape, list) or len(shape) > 32
            or not all(type(size) is int and 0 <= size < 2**40 for size in shape)):
        raise CodecError("an array has an invalid shape")
    return tuple(shape)


def _decode_array(dtype, shape, offset, is_scalar, payload):
    if not isinstance(dtype, str) or not PLAIN_DTYPE.fullmatch(dtype):
        raise CodecError(f"an array has a dtype the codec does not carry: {str(dtype)[:40]!r}")
    shape = _checked_shape(shape)
    try:
        dtype = np.dtype(dtype)   # the pattern lets through some NumPy refuses ("i0")
    except TypeError:
        raise CodecError(f"an array has a dtype NumPy does not know: {dtype[:40]!r}") from None
    size = math.prod(shape) * dtype.itemsize
    if type(offset) is not int or offset < 0 or offset + size > len(payload):
        raise CodecError("an array's bytes are outside the message")
    if dtype.itemsize == 0:
        array = np.zeros(shape, dtype=dtype)
    else:
        array = np.frombuffer(payload, dtype=dtype, count=math.prod(shape), offset=offset)
        array = array.reshape(shape)
    if is_scalar is True and shape == ():
        return array[()]
    return array


# --------------------------------------------------------------------------------------------
# Frames over a blocking socket (the worker's and the zygote's side)
# --------------------------------------------------------------------------------------------


def receive_exactly(sock, size):
    """`size` bytes from a blocking socket, or None at end of file."""
    data = bytearray(size)
    view = memoryview(data)
    received = 0
    while received < size:
        count = sock.recv_into(view[received:])
        if count == 0:
            return None
        received += count
    return data


def receive(sock):
    """The next message from a blocking socket, or None at end of file."""
    prefix = receive_exactly(sock, FRAME.size)
    if prefix is None:
        return None
    header_size, payload_size = frame_sizes(prefix)
    body = receive_exactly(sock, header_size + payload_size)
    if body is None:
        return None
    view = memoryview(body)
    return decode(view[:header_size], view[header_size:])
