"""The English translation is complete, in the .ts and in the compiled .qm."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from kiosk.ui.i18n import TRANSLATIONS_DIR, LanguageSwitcher, load_kiosk_translator

from .translations import Key, TsMessage, keys_in_code, messages_in_ts

TS_FILE = TRANSLATIONS_DIR / "kiosk_en.ts"


@pytest.fixture(scope="module")
def ts_messages() -> dict[Key, TsMessage]:
    return {message.key: message for message in messages_in_ts(TS_FILE)}


def test_the_code_has_translatable_strings() -> None:
    keys = keys_in_code()
    assert Key("WelcomeScreen", "Bienvenue") in keys
    assert len(keys) >= 10


def test_every_string_of_the_code_has_a_finished_english_translation(
    ts_messages: dict[Key, TsMessage],
) -> None:
    missing = sorted(
        f"{key.context}: {key.source!r}"
        for key in keys_in_code()
        if key not in ts_messages
        or ts_messages[key].kind
        or not ts_messages[key].translation.strip()
    )
    assert not missing, "run scripts/translations.sh and translate:\n" + "\n".join(missing)


def test_the_ts_file_holds_nothing_the_code_no_longer_uses(
    ts_messages: dict[Key, TsMessage],
) -> None:
    stale = set(ts_messages) - keys_in_code()
    assert not stale, f"stale strings, run scripts/translations.sh: {sorted(map(str, stale))}"


def test_the_qm_file_translates_a_known_string() -> None:
    translator = load_kiosk_translator("en")
    assert translator.language() == "en"
    assert translator.translate("WelcomeScreen", "Bienvenue") == "Welcome"
    assert not translator.translate("WelcomeScreen", "Chaîne inconnue")


def test_the_qm_file_is_compiled_from_the_current_ts(
    language: LanguageSwitcher, ts_messages: dict[Key, TsMessage]
) -> None:
    language.set_language("en")
    stale = [
        message.key
        for message in ts_messages.values()
        if QCoreApplication.translate(
            message.key.context, message.key.source, message.key.comment or None
        )
        != message.translation
    ]
    assert not stale, f"kiosk_en.qm is older than kiosk_en.ts, run scripts/translations.sh: {stale}"


def test_an_empty_translator_translates_nothing() -> None:
    # Guards the test above: with no translator, translate() gives back the French.
    assert QTranslator().translate("WelcomeScreen", "Bienvenue") in ("", None)
    assert QCoreApplication.translate("WelcomeScreen", "Bienvenue") == "Bienvenue"
