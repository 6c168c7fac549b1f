"""hatsugen (発言): check a post against a public servant's social-media policy before it
is sent. A small ctypes wrapper around libhatsugen (the C API, docs/C-API.md).

    >>> from hatsugen import Checker
    >>> checker = Checker()                                    # built-in jp-local-gov pack
    >>> report = checker.check("ここだけの話、来年度の人事案が決まったよ", device="work")
    >>> report["verdict"]
    'block'
    >>> sorted({f["rule"] for f in report["findings"]})[:1]
    ['confidential.deliberation']

Typed reports: ``checker.check_report(text, {"device": "work"})`` returns a
:class:`Report` (frozen dataclasses, see :mod:`hatsugen.report`).

The library is found through the environment variable ``HATSUGEN_LIB`` (a path to
``libhatsugen.so``), else next to this module (the wheel ships it there), else in the
install bundle this module came in, else in ``$CARGO_TARGET_DIR/release`` or the
repository's ``target/release``, else by the system loader (``libhatsugen.so.0.1``).

A :class:`Checker` is immutable and thread-safe: share one between threads (ctypes releases
the GIL during the check). Spans in reports are UTF-8 byte offsets; :func:`span_text`
turns one into the ``str`` it covers.
"""

from __future__ import annotations

import ctypes
import datetime as _dt
import json
import os
import pathlib
from typing import Any, Dict, Mapping, Optional, Union

from .report import Finding, Message, PolicyRef, Report, Severity, Skipped, Span, Suggestion, Verdict

__all__ = [
    "Checker",
    "Report",
    "Finding",
    "Span",
    "Message",
    "Suggestion",
    "Skipped",
    "PolicyRef",
    "Verdict",
    "Severity",
    "Context",
    "HatsugenError",
    "PolicyError",
    "ContextError",
    "TextError",
    "span_text",
    "version",
]

# Status codes (include/hatsugen.h).
OK = 0
NULL_ARGUMENT = 1
INVALID_ARGUMENT = 2
INVALID_UTF8 = 3
TEXT_TOO_LARGE = 4
INVALID_CONTEXT = 5
POLICY_SYNTAX = 6
POLICY_INVALID = 7
UNKNOWN_BUILTIN = 8
POLICY_TOO_LARGE = 9
POLICY_ERROR = 10


class HatsugenError(Exception):
    """A call into libhatsugen failed.

    Attributes: ``status`` (the C status code), ``status_name`` (``"invalid context"``),
    ``message``, ``line`` and ``column`` (1-based; 0 when the input has no position),
    ``key_path`` (for policy errors, the dotted key, or ``None``).
    """

    def __init__(self, status, status_name, message, line=0, column=0, key_path=None):
        self.status = status
        self.status_name = status_name
        self.message = message
        self.line = line
        self.column = column
        self.key_path = key_path
        where = f" at line {line}, column {column}" if line else ""
        super().__init__(f"{status_name}{where}: {message}")


class PolicyError(HatsugenError):
    """The policy TOML is malformed or invalid, or names an unknown built-in pack."""


class ContextError(HatsugenError):
    """The context is invalid (unknown field or value, bad time)."""


class TextError(HatsugenError):
    """The text is not valid UTF-8 or is over the policy's size limit."""


Context = Mapping[str, Any]
"""A post's context: the JSON context fields (``time``, ``device``, ``account``, ``status``,
``role``, ``audience``, ``recipients``, ``recipient_relation``, ``channel``, ``profile``,
``platform``, ``attachments``, ``schedule``) as a mapping."""

_POLICY_STATUSES = {POLICY_SYNTAX, POLICY_INVALID, UNKNOWN_BUILTIN, POLICY_TOO_LARGE, POLICY_ERROR}


class _Error(ctypes.Structure):
    pass


class _Checker(ctypes.Structure):
    pass


_size_t = ctypes.c_size_t
_char_p = ctypes.POINTER(ctypes.c_char)


def _find_library():
    explicit = os.environ.get("HATSUGEN_LIB")
    if explicit:
        return explicit
    here = pathlib.Path(__file__).resolve()
    candidates = [here.parent / "libhatsugen.so"]  # inside the wheel
    up = here.parents
    # inside an install bundle: PREFIX/share/hatsugen/bindings/python/hatsugen/__init__.py
    if len(up) > 5 and up[3].name == "hatsugen" and up[4].name == "share":
        candidates.append(up[5] / "lib" / "libhatsugen.so")
    if os.environ.get("CARGO_TARGET_DIR"):
        candidates.append(pathlib.Path(os.environ["CARGO_TARGET_DIR"]) / "release" / "libhatsugen.so")
    if len(up) > 3:
        candidates.append(up[3] / "target" / "release" / "libhatsugen.so")
    for c in candidates:
        if c.exists():
            return str(c)
    return "libhatsugen.so.0.1"


def _load(path):
    try:
        lib = ctypes.CDLL(path)
    except OSError as e:
        raise OSError(
            f"cannot load libhatsugen from `{path}` ({e}); set HATSUGEN_LIB to the path of libhatsugen.so"
        ) from e
    e, c = ctypes.POINTER(_Error), ctypes.POINTER(_Checker)
    sigs = {
        "hatsugen_version": ([], ctypes.c_char_p),
        "hatsugen_status_str": ([ctypes.c_uint], ctypes.c_char_p),
        "hatsugen_error_status": ([e], ctypes.c_uint),
        "hatsugen_error_message": ([e], ctypes.c_char_p),
        "hatsugen_error_line": ([e], _size_t),
        "hatsugen_error_column": ([e], _size_t),
        "hatsugen_error_key_path": ([e], ctypes.c_char_p),
        "hatsugen_error_free": ([e], None),
        "hatsugen_checker_new_default": ([ctypes.POINTER(c)], ctypes.c_uint),
        "hatsugen_checker_new_builtin": (
            [ctypes.c_char_p, _size_t, ctypes.POINTER(c), ctypes.POINTER(e)],
            ctypes.c_uint,
        ),
        "hatsugen_checker_new_from_toml": (
            [ctypes.c_char_p, _size_t, ctypes.POINTER(c), ctypes.POINTER(e)],
            ctypes.c_uint,
        ),
        "hatsugen_checker_max_text_bytes": ([c], _size_t),
        "hatsugen_checker_policy_id": ([c], ctypes.c_char_p),
        "hatsugen_checker_policy_version": ([c], ctypes.c_char_p),
        "hatsugen_checker_free": ([c], None),
        "hatsugen_check_json": (
            [c, ctypes.c_char_p, _size_t, ctypes.c_char_p, _size_t,
             ctypes.POINTER(_char_p), ctypes.POINTER(_size_t), ctypes.POINTER(e)],
            ctypes.c_uint,
        ),
        "hatsugen_string_free": ([_char_p], None),
    }
    for name, (args, res) in sigs.items():
        fn = getattr(lib, name)
        fn.argtypes = args
        fn.restype = res
    return lib


_lib = None


def _library():
    global _lib
    if _lib is None:
        _lib = _load(_find_library())
    return _lib


def version() -> str:
    """The version of the loaded library (``"0.1.0"``)."""
    return _library().hatsugen_version().decode()


def _raise(lib, status, err):
    """Turns a failed call's status and error object into an exception (and frees it)."""
    name = lib.hatsugen_status_str(status).decode()
    if err:
        message = lib.hatsugen_error_message(err).decode("utf-8", "replace")
        line = lib.hatsugen_error_line(err)
        column = lib.hatsugen_error_column(err)
        key = lib.hatsugen_error_key_path(err)
        lib.hatsugen_error_free(err)
    else:
        message, line, column, key = name, 0, 0, None
    cls = HatsugenError
    if status in _POLICY_STATUSES:
        cls = PolicyError
    elif status == INVALID_CONTEXT:
        cls = ContextError
    elif status in (INVALID_UTF8, TEXT_TOO_LARGE):
        cls = TextError
    raise cls(status, name, message, line, column, key.decode() if key else None)


def _utf8(value: Union[str, bytes, bytearray]) -> bytes:
    return bytes(value) if isinstance(value, (bytes, bytearray)) else str(value).encode("utf-8")


def _context_value(value: Any) -> Any:
    if isinstance(value, _dt.datetime):
        if value.tzinfo is None:
            raise ValueError("`time` needs a time zone (e.g. datetime.now(timezone.utc))")
        return value.isoformat()
    return value


def _context_json(context: Union[None, str, bytes, Context], extra: Mapping[str, Any]) -> bytes:
    """The context as JSON bytes: a JSON text as is, a mapping (plus keyword fields) encoded."""
    if isinstance(context, (str, bytes, bytearray)):
        if extra:
            raise TypeError("give the context as a JSON text or as fields, not both")
        return _utf8(context)
    if context is not None and not isinstance(context, Mapping):
        raise TypeError(f"a context is a mapping or a JSON text, not {type(context).__name__}")
    merged: Dict[str, Any] = dict(context or {})
    merged.update(extra)
    ctx = {k: _context_value(v) for k, v in merged.items() if v is not None}
    return json.dumps(ctx, ensure_ascii=False).encode("utf-8")


class Checker:
    """A compiled policy. ``Checker()`` is the built-in ``jp-local-gov`` pack;
    ``Checker(policy=TOML_TEXT)`` compiles a policy (usually
    ``extends = "builtin:jp-local-gov"`` plus local differences); ``Checker.builtin(name)``
    and ``Checker.from_file(path)`` are the other ways in.

    Raises :class:`PolicyError` (with ``line`` and ``column``) for a bad policy.
    """

    def __init__(self, policy: Union[None, str, bytes] = None, *, builtin: Optional[str] = None) -> None:
        lib = _library()
        self._lib = lib
        self._ptr = None
        out = ctypes.POINTER(_Checker)()
        err = ctypes.POINTER(_Error)()
        if policy is not None and builtin is not None:
            raise ValueError("give `policy` or `builtin`, not both")
        if builtin is not None:
            name = _utf8(builtin)
            status = lib.hatsugen_checker_new_builtin(name, len(name), ctypes.byref(out), ctypes.byref(err))
        elif policy is not None:
            toml = _utf8(policy)
            status = lib.hatsugen_checker_new_from_toml(toml, len(toml), ctypes.byref(out), ctypes.byref(err))
        else:
            status = lib.hatsugen_checker_new_default(ctypes.byref(out))
        if status != OK:
            _raise(lib, status, err)
        self._ptr = out

    @classmethod
    def builtin(cls, name: str) -> "Checker":
        """The built-in pack ``name`` (``"jp-local-gov"``, ``"urayasu"``)."""
        return cls(builtin=name)

    @classmethod
    def from_file(cls, path: Union[str, "os.PathLike[str]"]) -> "Checker":
        """The policy in the TOML file at ``path``."""
        return cls(policy=pathlib.Path(path).read_bytes())

    @property
    def policy_id(self) -> str:
        """The policy's ``id`` (``"jp-local-gov"``)."""
        return self._lib.hatsugen_checker_policy_id(self._handle()).decode()

    @property
    def policy_version(self) -> str:
        """The policy's ``version``."""
        return self._lib.hatsugen_checker_policy_version(self._handle()).decode()

    @property
    def max_text_bytes(self) -> int:
        """The longest text this checker accepts, in UTF-8 bytes (``limits.max_text_bytes``)."""
        return self._lib.hatsugen_checker_max_text_bytes(self._handle())

    def _handle(self):
        if not self._ptr:
            raise ValueError("the checker is closed")
        return self._ptr

    def check_json(self, text: Union[str, bytes], context: Union[None, str, bytes, Context] = None, /, **fields: Any) -> str:
        """Checks ``text`` (``str``, or UTF-8 ``bytes``) and returns the report JSON exactly as
        the CLI prints it. The context is a JSON text (``'{"device":"work"}'``), a mapping
        (``{"device": "work"}``) or keyword fields (``device="work"``); a mapping and keyword
        fields are merged.

        Raises :class:`ContextError` for an unknown field or value and :class:`TextError`
        for invalid UTF-8 or a text over the size limit.
        """
        lib = self._lib
        data = _utf8(text)
        ctx = _context_json(context, fields)
        out = _char_p()
        out_len = _size_t()
        err = ctypes.POINTER(_Error)()
        status = lib.hatsugen_check_json(
            self._handle(), data, len(data), ctx, len(ctx),
            ctypes.byref(out), ctypes.byref(out_len), ctypes.byref(err),
        )
        if status != OK:
            _raise(lib, status, err)
        try:
            return ctypes.string_at(out, out_len.value).decode("utf-8")
        finally:
            lib.hatsugen_string_free(out)

    def check(self, text: Union[str, bytes], context: Union[None, str, bytes, Context] = None, /, **fields: Any) -> Dict[str, Any]:
        """Checks ``text`` and returns the report as a ``dict`` (the report JSON, parsed).

        The context is a mapping given positionally (``check(text, {"device": "work"})``),
        keyword fields (``check(text, device="work")``), both (merged), or a JSON text. The
        fields are the JSON context fields: ``time`` (RFC 3339 ``str`` or aware
        ``datetime``), ``device``, ``account``, ``status``, ``role``, ``audience``,
        ``recipients``, ``recipient_relation``, ``channel``, ``profile``, ``platform``,
        ``attachments``, ``schedule``. ``None`` values are left out.

        Raises :class:`ContextError` for an unknown field or value and :class:`TextError`
        for invalid UTF-8 or a text over the size limit.
        """
        return json.loads(self.check_json(text, context, **fields))

    def check_report(self, text: Union[str, bytes], context: Union[None, str, bytes, Context] = None, /, **fields: Any) -> Report:
        """Like :meth:`check`, returning a typed :class:`Report` (frozen dataclasses)."""
        return Report.from_json(self.check_json(text, context, **fields))

    def close(self) -> None:
        """Frees the checker now (it is also freed when garbage-collected)."""
        if self._ptr:
            self._lib.hatsugen_checker_free(self._ptr)
            self._ptr = None

    def __enter__(self) -> "Checker":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def span_text(text: str, span: Union[Mapping[str, int], Span]) -> str:
    """The part of ``text`` (``str``) that a report span (UTF-8 byte offsets) covers."""
    if isinstance(span, Span):
        return span.text(text)
    data = text.encode("utf-8")
    return data[span["start"]:span["end"]].decode("utf-8")
