"""Tests of kiosk.config: the settings table, loading layers, errors and the data directory."""

from __future__ import annotations

import contextlib
import os
import stat
import types
import typing
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path

import pytest

from kiosk.config import (
    SETTINGS,
    Settings,
    SettingsError,
    UnsafeDirectoryError,
    describe,
    ensure_data_dir,
    ensure_private_dir,
    load_settings,
)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def env(home: Path) -> dict[str, str]:
    return {"HOME": str(home)}


@pytest.fixture
def open_umask() -> Iterator[None]:
    with umask(0o000):
        yield


@contextlib.contextmanager
def umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _matches(value: object, annotation: object) -> bool:
    if typing.get_origin(annotation) is typing.Literal:
        return value in typing.get_args(annotation)
    if isinstance(annotation, types.UnionType):
        return any(_matches(value, arm) for arm in typing.get_args(annotation))
    if annotation is type(None):
        return value is None
    assert isinstance(annotation, type)
    return isinstance(value, annotation)


def test_table_and_dataclass_declare_the_same_settings() -> None:
    assert [s.name for s in SETTINGS] == [f.name for f in fields(Settings)]
    assert len({s.name for s in SETTINGS}) == len(SETTINGS)


def test_defaults(env: dict[str, str], home: Path) -> None:
    settings = load_settings(None, env)

    data_dir = home / ".local" / "share" / "kiosk"
    assert settings == Settings(
        data_dir=data_dir,
        station_id="station-dev",
        language="fr",
        log_level="INFO",
        log_file=data_dir / "logs" / "kiosk.log",
        escrow_public_key=None,
        idle_timeout_s=120,
        kiosk_mode=False,
        db_url=None,
        camera=0,
        export_dir=None,
    )
    hints = typing.get_type_hints(Settings)
    for field in fields(Settings):
        assert _matches(getattr(settings, field.name), hints[field.name]), field.name


def test_xdg_data_home_is_used_when_absolute(env: dict[str, str], tmp_path: Path) -> None:
    settings = load_settings(None, {**env, "XDG_DATA_HOME": str(tmp_path / "xdg")})
    assert settings.data_dir == tmp_path / "xdg" / "kiosk"
    assert settings.log_file == tmp_path / "xdg" / "kiosk" / "logs" / "kiosk.log"


def test_relative_xdg_data_home_is_ignored(env: dict[str, str], home: Path) -> None:
    settings = load_settings(None, {**env, "XDG_DATA_HOME": "relative/xdg"})
    assert settings.data_dir == home / ".local" / "share" / "kiosk"


def test_station_file(env: dict[str, str], home: Path, tmp_path: Path) -> None:
    station = write(
        tmp_path / "station.toml",
        f"""
data_dir = "{tmp_path / "data"}"
station_id = "cms-belleville-01"
language = "en"
log_level = "debug"
log_file = "journal/station.log"
escrow_public_key = "~/keys/escrow.pem"
idle_timeout_s = 90
kiosk_mode = true
db_url = "postgresql+psycopg://kiosk@db/kiosk"
""",
    )
    settings = load_settings(station, env)

    assert settings.data_dir == tmp_path / "data"
    assert settings.station_id == "cms-belleville-01"
    assert settings.language == "en"
    assert settings.log_level == "DEBUG"  # choices are matched case-insensitively
    assert settings.log_file == tmp_path / "data" / "journal" / "station.log"
    assert settings.escrow_public_key == home / "keys" / "escrow.pem"
    assert settings.idle_timeout_s == 90
    assert settings.kiosk_mode is True
    assert settings.db_url == "postgresql+psycopg://kiosk@db/kiosk"


def test_environment_overrides_station_file(env: dict[str, str], tmp_path: Path) -> None:
    station = write(
        tmp_path / "station.toml",
        'station_id = "from-file"\nidle_timeout_s = 90\nkiosk_mode = true\nlanguage = "en"\n',
    )
    environ = {
        **env,
        "KIOSK_STATION_ID": "from-env",
        "KIOSK_IDLE_TIMEOUT_S": "300",
        "KIOSK_KIOSK_MODE": "non",
        "KIOSK_DATA_DIR": str(tmp_path / "env-data"),
        "KIOSK_LOG_FILE": "/var/tmp/kiosk-test.log",
    }
    settings = load_settings(station, environ)

    assert settings.station_id == "from-env"
    assert settings.idle_timeout_s == 300
    assert settings.kiosk_mode is False
    assert settings.language == "en"  # not overridden: the file's value stays
    assert settings.data_dir == tmp_path / "env-data"
    assert settings.log_file == Path("/var/tmp/kiosk-test.log")


def test_default_log_file_follows_an_overridden_data_dir(
    env: dict[str, str], tmp_path: Path
) -> None:
    settings = load_settings(None, {**env, "KIOSK_DATA_DIR": str(tmp_path / "d")})
    assert settings.log_file == tmp_path / "d" / "logs" / "kiosk.log"


def test_relative_data_dir_is_made_absolute(
    env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    settings = load_settings(None, {**env, "KIOSK_DATA_DIR": "here"})
    assert settings.data_dir == tmp_path / "here"


def test_empty_string_unsets_optional_settings(env: dict[str, str], tmp_path: Path) -> None:
    station = write(tmp_path / "station.toml", 'log_file = ""\ndb_url = "sqlite:///x.db"\n')
    settings = load_settings(station, {**env, "KIOSK_DB_URL": ""})
    assert settings.log_file is None
    assert settings.db_url is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1", True), ("0", False), ("true", True), ("FALSE", False), ("oui", True), ("Non", False)],
)
def test_boolean_words(env: dict[str, str], text: str, expected: bool) -> None:
    assert load_settings(None, {**env, "KIOSK_KIOSK_MODE": text}).kiosk_mode is expected


def test_unknown_kiosk_variables_are_ignored(env: dict[str, str]) -> None:
    settings = load_settings(None, {**env, "KIOSK_STATION_FILE": "/etc/kiosk.toml"})
    assert settings.station_id == "station-dev"


@pytest.mark.parametrize(
    ("line", "name", "value"),
    [
        ("colour = 'blue'", "colour", "blue"),
        ("[kiosk]\nstation_id = 'x'", "kiosk", {"station_id": "x"}),
        ("idle_timeout_s = '120'", "idle_timeout_s", "120"),
        ("idle_timeout_s = true", "idle_timeout_s", True),
        ("idle_timeout_s = 1.5", "idle_timeout_s", 1.5),
        ("idle_timeout_s = 5", "idle_timeout_s", 5),
        ("kiosk_mode = 'true'", "kiosk_mode", "true"),
        ("kiosk_mode = 1", "kiosk_mode", 1),
        ("language = 'de'", "language", "de"),
        ("language = ['fr']", "language", ["fr"]),
        ("log_level = 'VERBOSE'", "log_level", "VERBOSE"),
        ("station_id = ''", "station_id", ""),
        ("station_id = 'a b'", "station_id", "a b"),
        ("data_dir = 42", "data_dir", 42),
        ("data_dir = ''", "data_dir", ""),
        ("log_file = 3", "log_file", 3),
        ("escrow_public_key = false", "escrow_public_key", False),
        ("db_url = 'not a url'", "db_url", "not a url"),
    ],
)
def test_bad_station_file_values(
    env: dict[str, str], tmp_path: Path, line: str, name: str, value: object
) -> None:
    station = write(tmp_path / "station.toml", line + "\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(station, env)
    assert caught.value.name == name
    assert caught.value.source == str(station)
    assert caught.value.value == value
    assert name in str(caught.value)


@pytest.mark.parametrize(
    ("variable", "text"),
    [
        ("KIOSK_KIOSK_MODE", "peut-être"),
        ("KIOSK_KIOSK_MODE", ""),
        ("KIOSK_IDLE_TIMEOUT_S", "deux minutes"),
        ("KIOSK_IDLE_TIMEOUT_S", "1e3"),
        ("KIOSK_IDLE_TIMEOUT_S", "9"),
        ("KIOSK_IDLE_TIMEOUT_S", "86401"),
        ("KIOSK_LANGUAGE", "de"),
        ("KIOSK_LOG_LEVEL", "loud"),
        ("KIOSK_STATION_ID", "../etc"),
        ("KIOSK_DATA_DIR", ""),
        ("KIOSK_DB_URL", "kiosk.db"),
    ],
)
def test_bad_environment_values(env: dict[str, str], variable: str, text: str) -> None:
    with pytest.raises(SettingsError) as caught:
        load_settings(None, {**env, variable: text})
    assert caught.value.name == variable.removeprefix("KIOSK_").lower()
    assert caught.value.source == variable
    assert caught.value.value == text


def test_bad_value_in_environment_is_reported_even_if_file_is_fine(
    env: dict[str, str], tmp_path: Path
) -> None:
    station = write(tmp_path / "station.toml", "idle_timeout_s = 60\n")
    with pytest.raises(SettingsError) as caught:
        load_settings(station, {**env, "KIOSK_IDLE_TIMEOUT_S": "soixante"})
    assert (caught.value.name, caught.value.source) == ("idle_timeout_s", "KIOSK_IDLE_TIMEOUT_S")


def test_db_url_value_is_kept_but_not_printed(env: dict[str, str]) -> None:
    url = "postgresql:/kiosk:s3cret@db"
    with pytest.raises(SettingsError) as caught:
        load_settings(None, {**env, "KIOSK_DB_URL": url})
    assert caught.value.value == url
    assert "s3cret" not in str(caught.value)


def test_missing_station_file(env: dict[str, str], tmp_path: Path) -> None:
    missing = tmp_path / "absent.toml"
    with pytest.raises(SettingsError) as caught:
        load_settings(missing, env)
    assert caught.value.name is None
    assert caught.value.source == str(missing)


def test_invalid_toml(env: dict[str, str], tmp_path: Path) -> None:
    station = write(tmp_path / "station.toml", "station_id = \n")
    with pytest.raises(SettingsError) as caught:
        load_settings(station, env)
    assert caught.value.name is None
    assert caught.value.source == str(station)
    assert "TOML" in caught.value.reason


def test_describe_lists_every_setting() -> None:
    blocks = describe().strip().split("\n\n")
    assert len(blocks) == len(SETTINGS)
    for setting, block in zip(SETTINGS, blocks, strict=True):
        assert block.startswith(f"{setting.name} ({setting.type.label})")
        assert f"default: {setting.default_text()}" in block
        assert f"env: KIOSK_{setting.name.upper()}" in block
        assert setting.description in block
    text = describe()
    assert "idle_timeout_s (int 10..86400)\n    default: 120" in text
    assert "default: $XDG_DATA_HOME/kiosk or ~/.local/share/kiosk" in text
    assert "language (choice: fr|en)\n    default: fr" in text


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("mask", [0o000, 0o022, 0o277])
def test_data_dir_is_created_0700_whatever_the_umask(
    env: dict[str, str], tmp_path: Path, mask: int
) -> None:
    settings = load_settings(None, {**env, "KIOSK_DATA_DIR": str(tmp_path / "data")})
    with umask(mask):
        path = ensure_data_dir(settings)
    assert path == tmp_path / "data"
    assert path.is_dir()
    assert _mode(path) == 0o700


def test_missing_parents_are_created(tmp_path: Path, open_umask: None) -> None:
    path = ensure_private_dir(tmp_path / "a" / "b" / "data")
    assert path.is_dir()
    assert _mode(path) == 0o700


def test_existing_open_data_dir_is_tightened(
    env: dict[str, str], tmp_path: Path, open_umask: None
) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o777)
    (data / "keep.txt").write_text("x")
    assert _mode(data) == 0o777
    ensure_data_dir(load_settings(None, {**env, "KIOSK_DATA_DIR": str(data)}))
    assert _mode(data) == 0o700
    assert (data / "keep.txt").read_text() == "x"


def test_data_dir_that_is_a_file_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "data"
    target.write_text("not a directory")
    with pytest.raises(UnsafeDirectoryError) as caught:
        ensure_private_dir(target)
    assert caught.value.path == target


def test_data_dir_owned_by_someone_else_is_refused(tmp_path: Path) -> None:
    if os.getuid() == 0:
        foreign = tmp_path / "foreign"
        foreign.mkdir(mode=0o755)
        os.chown(foreign, 65534, 65534)
    else:
        foreign = Path("/")  # owned by root, so not by us
    before = _mode(foreign)
    with pytest.raises(UnsafeDirectoryError) as caught:
        ensure_private_dir(foreign)
    assert caught.value.path == foreign
    assert "owned by uid" in caught.value.reason
    assert _mode(foreign) == before  # refused, not taken over


def test_camera_and_export_folder(env: dict[str, str], tmp_path: Path) -> None:
    station = write(tmp_path / "station.toml", f'camera = 2\nexport_dir = "{tmp_path}/usb"\n')
    settings = load_settings(station, env)
    assert (settings.camera, settings.export_dir) == (2, tmp_path / "usb")
    none = load_settings(None, {**env, "KIOSK_CAMERA": "", "KIOSK_EXPORT_DIR": ""})
    assert (none.camera, none.export_dir) == (None, None)
    with pytest.raises(SettingsError):
        load_settings(None, {**env, "KIOSK_CAMERA": "-1"})
