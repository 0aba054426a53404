"""The explanatory sheet given with a card (the "fiche explicative" of the card at 16).

Plain words, large print, and the card number; no name and no PIN: the sheet may travel
by post and lie on a table. The PIN travels apart, the PUK never goes to the holder.
"""

from __future__ import annotations

from pathlib import Path

from fpdf import FPDF

from kiosk.auth.identity import HolderRole

_FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

_TEXT = {
    "fr": {
        "title": "Votre carte",
        "number": "Numéro de votre carte",
        "what": "À quoi sert cette carte ?",
        "what_beneficiary": [
            "Elle ouvre votre coffre-fort numérique : vos papiers y sont rangés et protégés.",
            "Elle vous permet de demander des aides (RSA, logement, prime d'activité...).",
            "Vous pouvez l'utiliser seul, ou avec un agent qui vous aide.",
        ],
        "what_staff": [
            "Elle vous identifie comme agent du service sur les stations.",
            "Elle signe ce que vous faites : ne la prêtez jamais.",
        ],
        "how": "Comment l'utiliser ?",
        "how_steps": [
            "1. Posez la carte dans le boîtier de la tablette.",
            "2. Tapez votre code secret (il vous est donné à part).",
            "3. Laissez la carte dans le boîtier jusqu'à la fin.",
            "4. Reprenez votre carte : tout se ferme tout seul.",
        ],
        "safe": "Gardez votre code secret pour vous. Personne ne vous le demandera.",
        "lost": "Carte perdue ou bloquée ? Allez à l'accueil d'un centre social avec une "
        "pièce d'identité : l'agent bloque l'ancienne carte et vous en donne une nouvelle. "
        "Vos papiers ne sont pas perdus.",
    },
    "en": {
        "title": "Your card",
        "number": "Your card number",
        "what": "What is this card for?",
        "what_beneficiary": [
            "It opens your digital safe: your papers are kept there and protected.",
            "It lets you apply for benefits (RSA, housing, activity bonus...).",
            "You can use it alone, or with an agent who helps you.",
        ],
        "what_staff": [
            "It identifies you as a staff member on the stations.",
            "It signs what you do: never lend it.",
        ],
        "how": "How do I use it?",
        "how_steps": [
            "1. Put the card in the tablet's box.",
            "2. Type your secret code (you get it separately).",
            "3. Leave the card in the box until the end.",
            "4. Take your card back: everything closes by itself.",
        ],
        "safe": "Keep your secret code to yourself. Nobody will ask you for it.",
        "lost": "Lost or blocked card? Go to the desk of a social centre with an identity "
        "document: the agent blocks the old card and gives you a new one. "
        "Your papers are not lost.",
    },
}


def explanatory_sheet(card_number: str, role: HolderRole, language: str = "fr") -> bytes:
    """The sheet as PDF bytes (A4, large print)."""
    text = _TEXT[language]
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_font("DejaVu", "", str(_FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(_FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.set_title(str(text["title"]))
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 28)
    pdf.cell(0, 16, str(text["title"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 14)
    pdf.cell(0, 10, str(text["number"]), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 36)
    pdf.cell(0, 20, " ".join(card_number), border=1, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)
    what = text["what_staff"] if role.is_staff else text["what_beneficiary"]
    for heading, lines in ((text["what"], what), (text["how"], text["how_steps"])):
        pdf.set_font("DejaVu", "B", 18)
        pdf.cell(0, 12, str(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("DejaVu", "", 15)
        for line in lines:
            pdf.multi_cell(0, 8, str(line), align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.set_font("DejaVu", "B", 15)
    pdf.multi_cell(0, 8, str(text["safe"]), align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    pdf.set_font("DejaVu", "", 14)
    pdf.multi_cell(0, 8, str(text["lost"]), align="L", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
