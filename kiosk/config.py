"""Station settings: declared once in a typed table, loaded without any global.

Every setting is one :class:`Setting` row of :data:`SETTINGS` (name, type, default,
description). :func:`load_settings` builds an immutable :class:`Settings` from three layers,
later ones winning:

1. the defaults of the table;
2. the station file, a TOML file of **flat top-level keys** (no ``[kiosk]`` table), e.g.::

       station_id = "cms-belleville-01"
       language = "fr"
       idle_timeout_s = 90
       kiosk_mode = true

   Values must have the TOML type of the setting (a string for a path, an integer for an
   int, ``true``/``false`` for a bool); an unknown key is an error;
3. environment variables named ``KIOSK_<NAME_UPPER>`` (``KIOSK_IDLE_TIMEOUT_S=90``), always
   text, converted by the setting's type. ``KIOSK_*`` variables that name no setting are
   ignored: the environment is shared with launch scripts, so only the file is strict.

For settings that may be unset (``Path | None``, ``str | None``), an empty string in the file
or the environment means ``None``. Paths accept ``~`` (the ``HOME`` of the given environment).
A relative ``data_dir`` is made absolute against the current directory; every other relative
path is resolved against ``data_dir`` (so the default ``log_file`` is
``<data_dir>/logs/kiosk.log``).

The settings object is passed explicitly to whoever needs it; nothing here is a singleton.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, ClassVar, Generic, Literal, TypeVar, get_args

from kiosk.domain.errors import KioskError

T = TypeVar("T")

Language = Literal["fr", "en"]
LogLevel = Literal["TRAFFIC", "DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"]

ENV_PREFIX = "KIOSK_"
PRIVATE_DIR_MODE = 0o700


class SettingsError(KioskError):
    """A setting (or the station file itself) could not be read or has a bad value.

    Attributes:
        name: The setting concerned, or None when the whole station file is unreadable.
        source: Where the value came from: the station file path or the environment variable.
        value: The offending value as read (None when there is none).
        reason: What is wrong, for logs and the technician.
    """

    def __init__(
        self, name: str | None, source: str, value: object, reason: str, *, secret: bool = False
    ) -> None:
        self.name = name
        self.source = source
        self.value = value
        self.reason = reason
        where = f"{name} ({source})" if name is not None else source
        shown = "<hidden>" if secret else repr(value)
        super().__init__(f"{where}: {reason} (value: {shown})")


class UnsafeDirectoryError(KioskError):
    """A private directory (data, logs) cannot be made safe: not ours, or not a directory.

    Attributes:
        path: The directory concerned.
        reason: What is wrong with it.
    """

    def __init__(self, path: Path, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(f"{path}: {reason}")


# --- types --------------------------------------------------------------------------------


class SettingType(ABC, Generic[T]):
    """How a setting's value is read from TOML and from text, and checked.

    Conversion methods raise ``TypeError`` for a value of the wrong kind and ``ValueError``
    for a value of the right kind that is not acceptable; the loader turns both into
    :class:`SettingsError`.
    """

    label: str = "?"
    secret: bool = False  # hide values in error messages (credentials in URLs)

    @abstractmethod
    def from_text(self, text: str) -> T:
        """Converts an environment variable's text."""

    @abstractmethod
    def from_toml(self, value: object) -> T:
        """Converts a value as decoded by tomllib."""

    def resolve(self, value: T, data_dir: Path) -> T:
        """Finishes a value once data_dir is known (relative paths); identity by default."""
        return value

    def show(self, value: T) -> str:
        """Renders a value for ``kiosk settings``."""
        return str(value)


class BoolType(SettingType[bool]):
    """A boolean: TOML ``true``/``false``; text 1/0, true/false, oui/non (any case)."""

    label = "bool"
    _TEXT: ClassVar[Mapping[str, bool]] = {
        "1": True,
        "true": True,
        "oui": True,
        "0": False,
        "false": False,
        "non": False,
    }

    def from_text(self, text: str) -> bool:
        try:
            return self._TEXT[text.strip().lower()]
        except KeyError:
            raise ValueError("expected one of 1/0, true/false, oui/non") from None

    def from_toml(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise TypeError(f"expected a TOML boolean, got {type(value).__name__}")
        return value

    def show(self, value: bool) -> str:
        return "true" if value else "false"


class IntType(SettingType[int]):
    """An integer within [minimum, maximum]."""

    def __init__(self, minimum: int, maximum: int) -> None:
        self.minimum = minimum
        self.maximum = maximum
        self.label = f"int {minimum}..{maximum}"

    def _check(self, value: int) -> int:
        if not self.minimum <= value <= self.maximum:
            raise ValueError(f"must be between {self.minimum} and {self.maximum}")
        return value

    def from_text(self, text: str) -> int:
        stripped = text.strip()
        if not re.fullmatch(r"[+-]?[0-9]+", stripped):
            raise ValueError("expected an integer")
        return self._check(int(stripped))

    def from_toml(self, value: object) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"expected a TOML integer, got {type(value).__name__}")
        return self._check(value)


class StrType(SettingType[str]):
    """A string, optionally constrained by a full-match regular expression."""

    def __init__(self, pattern: str | None = None, hint: str = "") -> None:
        self.pattern = re.compile(pattern) if pattern is not None else None
        self.hint = hint
        self.label = "str"

    def from_text(self, text: str) -> str:
        if not text:
            raise ValueError("must not be empty")
        if self.pattern is not None and not self.pattern.fullmatch(text):
            raise ValueError(f"expected {self.hint or self.pattern.pattern}")
        return text

    def from_toml(self, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a TOML string, got {type(value).__name__}")
        return self.from_text(value)


class ChoiceType(SettingType[str]):
    """One of a fixed set of strings, matched case-insensitively, stored in canonical form."""

    def __init__(self, choices: tuple[str, ...]) -> None:
        self.choices = choices
        self.label = "choice: " + "|".join(choices)

    def from_text(self, text: str) -> str:
        wanted = text.strip().casefold()
        for choice in self.choices:
            if choice.casefold() == wanted:
                return choice
        raise ValueError("expected one of " + ", ".join(self.choices))

    def from_toml(self, value: object) -> str:
        if not isinstance(value, str):
            raise TypeError(f"expected a TOML string, got {type(value).__name__}")
        return self.from_text(value)


class PathType(SettingType[Path]):
    """A filesystem path (``~`` is expanded by the loader, with the environment's HOME).

    Args:
        relative_to_data_dir: Resolve a relative path against data_dir (else against the
            current directory).
    """

    label = "path"

    def __init__(self, *, relative_to_data_dir: bool) -> None:
        self.relative_to_data_dir = relative_to_data_dir

    def from_text(self, text: str) -> Path:
        if not text.strip():
            raise ValueError("must not be empty")
        if "\x00" in text:
            raise ValueError("must not contain NUL")
        return Path(text)

    def from_toml(self, value: object) -> Path:
        if not isinstance(value, str):
            raise TypeError(f"expected a TOML string, got {type(value).__name__}")
        return self.from_text(value)

    def resolve(self, value: Path, data_dir: Path) -> Path:
        if self.relative_to_data_dir and not value.is_absolute():
            return data_dir / value
        return value.absolute()


class OptionalType(SettingType[T | None]):
    """Wraps another type; the empty string (file or environment) means None."""

    def __init__(self, inner: SettingType[T]) -> None:
        self.inner = inner
        self.label = f"{inner.label} or empty"
        self.secret = inner.secret

    def from_text(self, text: str) -> T | None:
        return None if text == "" else self.inner.from_text(text)

    def from_toml(self, value: object) -> T | None:
        return None if value == "" else self.inner.from_toml(value)

    def resolve(self, value: T | None, data_dir: Path) -> T | None:
        return None if value is None else self.inner.resolve(value, data_dir)

    def show(self, value: T | None) -> str:
        return "(none)" if value is None else self.inner.show(value)


class DbUrlType(StrType):
    """A SQLAlchemy database URL (``dialect[+driver]://...``); may hold a password."""

    secret = True

    def __init__(self) -> None:
        super().__init__(r"[A-Za-z][A-Za-z0-9+]*://\S*", "a database URL like sqlite:///path")
        self.label = "database URL"


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ComputedDefault(Generic[T]):
    """A default that depends on the environment (e.g. XDG directories).

    Attributes:
        text: How ``kiosk settings`` shows it.
        compute: Builds the value from the environment mapping.
    """

    text: str
    compute: Callable[[Mapping[str, str]], T]


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One row of the settings table.

    Attributes:
        name: Attribute name on :class:`Settings` and key in the station file.
        type: How the value is converted and checked.
        default: The value when neither the file nor the environment sets it.
        description: One or two sentences for ``kiosk settings``.
    """

    name: str
    type: SettingType[T]
    default: T | ComputedDefault[T]
    description: str

    @property
    def env_var(self) -> str:
        """The environment variable overriding this setting."""
        return ENV_PREFIX + self.name.upper()

    def default_value(self, environ: Mapping[str, str]) -> T:
        """The default, computed from the environment when needed."""
        if isinstance(self.default, ComputedDefault):
            return self.default.compute(environ)
        return self.default

    def default_text(self) -> str:
        """The default as shown to a person."""
        if isinstance(self.default, ComputedDefault):
            return self.default.text
        return self.type.show(self.default)


def _home(environ: Mapping[str, str]) -> Path:
    home = environ.get("HOME", "")
    return Path(home) if home else Path.home()


def _default_data_dir(environ: Mapping[str, str]) -> Path:
    xdg = environ.get("XDG_DATA_HOME", "")
    # The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "kiosk"
    return _home(environ) / ".local" / "share" / "kiosk"


SETTINGS: tuple[Setting[Any], ...] = (
    Setting(
        "data_dir",
        PathType(relative_to_data_dir=False),
        ComputedDefault("$XDG_DATA_HOME/kiosk or ~/.local/share/kiosk", _default_data_dir),
        "Directory of the station's encrypted database, keys and logs (kept at mode 0700).",
    ),
    Setting(
        "station_id",
        StrType(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}", "1-64 letters, digits, '.', '_' or '-'"),
        "station-dev",
        "Identifier of this station, as registered with the central platform.",
    ),
    Setting(
        "language",
        ChoiceType(get_args(Language)),
        "fr",
        "Language of the interface at start-up (the person can switch).",
    ),
    Setting(
        "log_level",
        ChoiceType(get_args(LogLevel)),
        "INFO",
        "Minimum level logged. TRAFFIC (card APDUs, OCR payload sizes) is for development only.",
    ),
    Setting(
        "log_file",
        OptionalType(PathType(relative_to_data_dir=True)),
        Path("logs/kiosk.log"),
        "Rotating log file (mode 0600), relative to data_dir unless absolute; empty for "
        "stderr only.",
    ),
    Setting(
        "escrow_public_key",
        OptionalType(PathType(relative_to_data_dir=True)),
        None,
        "PEM file of the institution's escrow recipient public key; empty for none.",
    ),
    Setting(
        "idle_timeout_s",
        IntType(10, 86_400),
        120,
        "Seconds without interaction before the session is closed and the screen cleared.",
    ),
    Setting(
        "kiosk_mode",
        BoolType(),
        False,
        "Full-screen without window frame, for unattended tablets.",
    ),
    Setting(
        "db_url",
        OptionalType(DbUrlType()),
        None,
        "SQLAlchemy database URL; empty for the SQLite database inside data_dir.",
    ),
    Setting(
        "camera",
        OptionalType(IntType(0, 63)),
        0,
        "Index of the document camera (/dev/videoN); empty for a station without a camera "
        "(its beneficiaries cannot add documents there).",
    ),
    Setting(
        "export_dir",
        OptionalType(PathType(relative_to_data_dir=False)),
        None,
        "Mount point of the kiosk's USB port, where a person saves a document as PDF (it "
        "leaves with them); empty for no export. Must not be inside data_dir.",
    ),
)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The station's settings, one typed attribute per row of :data:`SETTINGS`."""

    data_dir: Path
    station_id: str
    language: Language
    log_level: LogLevel
    log_file: Path | None
    escrow_public_key: Path | None
    idle_timeout_s: int
    kiosk_mode: bool
    db_url: str | None
    camera: int | None
    export_dir: Path | None


def _check_table() -> None:
    names = [setting.name for setting in SETTINGS]
    attributes = [field.name for field in fields(Settings)]
    if names != attributes:  # pragma: no cover - caught at import by every test run
        raise RuntimeError(f"SETTINGS {names} and Settings {attributes} disagree")


_check_table()
_BY_NAME: dict[str, Setting[Any]] = {setting.name: setting for setting in SETTINGS}


# --- loading ------------------------------------------------------------------------------


def _expand_home(value: object, environ: Mapping[str, str]) -> object:
    if not isinstance(value, Path) or not value.parts or not value.parts[0].startswith("~"):
        return value
    if value.parts[0] == "~":
        return _home(environ).joinpath(*value.parts[1:])
    return value.expanduser()  # ~user/...: from the password database


def _read_station_file(path: Path) -> dict[str, Any]:
    source = str(path)
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except FileNotFoundError:
        raise SettingsError(None, source, None, "station file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(None, source, None, f"not valid TOML: {error}") from None
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(None, source, None, f"cannot read: {error}") from None


def _convert(setting: Setting[Any], raw: Any, source: str, convert: Callable[[Any], Any]) -> Any:
    secret = setting.type.secret
    try:
        return convert(raw)
    except TypeError as error:
        reason = f"wrong type: {error}"
    except ValueError as error:
        reason = f"bad value: {error}"
    raise SettingsError(setting.name, source, raw, reason, secret=secret)


def load_settings(station_file: Path | None, environ: Mapping[str, str]) -> Settings:
    """Builds the settings from the defaults, the station file and the environment.

    Args:
        station_file: TOML file of flat keys, or None for none. A path given but missing is
            an error (a station configured to use a file must not silently run on defaults).
        environ: The environment (``os.environ`` in production, a dict in tests).

    Returns:
        The validated settings; paths are absolute except a ``~`` that HOME cannot expand.

    Raises:
        SettingsError: For an unreadable file, an unknown key, a wrong type or a bad value.
    """
    values: dict[str, Any] = {s.name: s.default_value(environ) for s in SETTINGS}
    if station_file is not None:
        source = str(station_file)
        for key, raw in _read_station_file(station_file).items():
            setting = _BY_NAME.get(key)
            if setting is None:
                raise SettingsError(key, source, raw, "unknown setting")
            values[key] = _convert(setting, raw, source, setting.type.from_toml)
    for setting in SETTINGS:
        text = environ.get(setting.env_var)
        if text is not None:
            values[setting.name] = _convert(setting, text, setting.env_var, setting.type.from_text)
    values = {name: _expand_home(value, environ) for name, value in values.items()}
    data_dir = Path(values["data_dir"]).absolute()
    for setting in SETTINGS:
        values[setting.name] = setting.type.resolve(values[setting.name], data_dir)
    return Settings(**values)


def describe() -> str:
    """Lists every setting with its type, default, variable and description.

    Returns:
        The text printed by ``kiosk settings``, one block per setting.
    """
    blocks = []
    for setting in SETTINGS:
        blocks.append(
            f"{setting.name} ({setting.type.label})\n"
            f"    default: {setting.default_text()}\n"
            f"    env: {setting.env_var}\n"
            f"    {setting.description}"
        )
    return "\n\n".join(blocks) + "\n"


# --- private directories ------------------------------------------------------------------


def ensure_private_dir(path: Path) -> Path:
    """Creates a directory only the current user can enter, or makes an existing one so.

    Policy: a missing directory is created (with its parents, which keep the umask's mode)
    and set to 0700 regardless of the umask. An existing directory owned by the current
    user is re-chmodded to exactly 0700 if its mode differs (group or others could enter).
    One owned by another user, or a path that is not a directory, is refused rather than
    taken over: we cannot vouch for who else can read or replace what is inside.

    Args:
        path: The directory.

    Returns:
        The same path.

    Raises:
        UnsafeDirectoryError: The path is not a directory, not owned by the current user, or
            cannot be created.
    """
    try:
        path.mkdir(mode=PRIVATE_DIR_MODE, parents=True, exist_ok=False)
        created = True
    except FileExistsError:
        created = False
    except OSError as error:
        raise UnsafeDirectoryError(path, f"cannot create: {error.strerror}") from error
    try:
        info = path.stat()
    except OSError as error:  # e.g. a dangling symbolic link
        raise UnsafeDirectoryError(path, f"cannot inspect: {error.strerror}") from error
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeDirectoryError(path, "exists and is not a directory")
    if info.st_uid != os.getuid():
        raise UnsafeDirectoryError(
            path, f"owned by uid {info.st_uid}, not by the current user (uid {os.getuid()})"
        )
    if created or stat.S_IMODE(info.st_mode) != PRIVATE_DIR_MODE:
        path.chmod(PRIVATE_DIR_MODE)
    return path


def ensure_data_dir(settings: Settings) -> Path:
    """Creates (or tightens) the data directory at mode 0700; see :func:`ensure_private_dir`.

    Args:
        settings: The station settings.

    Returns:
        The data directory.

    Raises:
        UnsafeDirectoryError: The directory is not ours or not a directory.
    """
    return ensure_private_dir(settings.data_dir)
