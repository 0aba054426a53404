"""Plausible random French values, all drawn from a caller's ``random.Random``.

Every generator takes the RNG first so that a sample is a pure function of its seed.
Canonical forms follow ../shared/design/OCR.md: dates ``YYYY-MM-DD``, IBAN compact upper
case, NIR 15 characters with its key, numéro fiscal 13 digits, amounts as decimal strings
with a dot. Names and other text fields are canonically upper case with accents, hyphens,
apostrophes and single spaces kept (``upper()`` of the printed text).

``invalid=True`` produces a value whose check digits or key are wrong on purpose.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from schwifty import IBAN
from stdnum import luhn
from stdnum.fr import nif, nir

# --- names -------------------------------------------------------------------------------

SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
    "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "Bertrand", "Roux", "Vincent",
    "Fournier", "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet",
    "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller",
    "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont",
    "Fontaine", "Chevalier", "Robin", "Masson", "Gérard", "Boyer", "Lemaire", "Duval",
    "Noël", "Meyer", "Meunier", "Pérez", "Marchand", "Dufour", "Blanchard", "Barbier",
    "Brunet", "Leroux", "Caron", "Aubert", "Giraud", "Leclerc", "Lemoine", "Picard",
    "Lacroix", "Fabre", "Rivière", "Ménard", "Prévost", "Carré", "Rémy", "Bréhier",
    "Lemaître", "Béranger", "Thévenin", "Mérieux", "Chérel", "Hébert", "Lévêque",
    "Da Silva", "Le Gall", "Le Goff", "De Sousa", "D'Almeida", "Saint-Martin", "Besançon",
)
FEMALE_GIVEN = (
    "Marie", "Hélène", "Léa", "Chloé", "Zoé", "Anaïs", "Émilie", "Camille", "Manon", "Inès",
    "Sarah", "Julie", "Céline", "Nathalie", "Isabelle", "Sophie", "Aurélie", "Mélanie",
    "Françoise", "Geneviève", "Noémie", "Maëlle", "Océane", "Clémence", "Agnès", "Béatrice",
    "Jeanne", "Louise", "Amélie", "Élodie", "Anne-Marie", "Marie-Claire", "Marie-Hélène",
    "Thérèse", "Josée", "Laëtitia", "Solène", "Gwénaëlle",
)
MALE_GIVEN = (
    "Jean", "Pierre", "Jérôme", "François", "Loïc", "Gaël", "Benoît", "Théo", "Hugo", "Lucas",
    "Nicolas", "Stéphane", "Frédéric", "Sébastien", "Mathieu", "Raphaël", "Noël", "Rémi",
    "André", "Joël", "Hervé", "Cédric", "Jean-Pierre", "Jean-François", "Paul", "Louis",
    "Arthur", "Karim", "Yanis", "Jean-Noël", "Aurélien", "Grégoire", "Maxime", "Thibault",
)

# (alpha-3, French adjective feminine, country name, INSEE country code for the NIR)
FOREIGN = (
    ("MAR", "marocaine", "Maroc", "350"), ("DZA", "algérienne", "Algérie", "352"),
    ("TUN", "tunisienne", "Tunisie", "351"), ("SEN", "sénégalaise", "Sénégal", "341"),
    ("MLI", "malienne", "Mali", "335"), ("CIV", "ivoirienne", "Côte d'Ivoire", "326"),
    ("CMR", "camerounaise", "Cameroun", "322"), ("HTI", "haïtienne", "Haïti", "432"),
    ("TUR", "turque", "Turquie", "208"), ("VNM", "vietnamienne", "Viêt Nam", "243"),
    ("UKR", "ukrainienne", "Ukraine", "155"), ("BRA", "brésilienne", "Brésil", "416"),
    ("AFG", "afghane", "Afghanistan", "212"), ("CHN", "chinoise", "Chine", "216"),
)
FOREIGN_SURNAMES = (
    "Benali", "El Amrani", "Bouzid", "Haddad", "Khelifi", "Benjelloun", "Diallo", "Traoré",
    "Keïta", "Koné", "Coulibaly", "N'Diaye", "Diop", "Nguyen", "Tran", "Yilmaz", "Çelik",
    "Shevchenko", "Kovalenko", "Ahmadi", "Joseph", "Pierre-Louis", "Da Costa", "Mbarga",
    "Wang", "Zhou", "Ben Youssef", "Ouédraogo",
)
FOREIGN_FEMALE = (
    "Fatima", "Aïcha", "Amina", "Awa", "Fatoumata", "Mariam", "Olena", "Ayşe", "Yasmine",
    "Khadija", "Nadia", "Mei", "Thi Lan", "Rose-Marie", "Salma", "Nour",
)
FOREIGN_MALE = (
    "Mohamed", "Youssef", "Moussa", "Mamadou", "Ibrahim", "Oleksandr", "Mehmet", "Karim",
    "Wei", "Minh", "Jean-Baptiste", "Ousmane", "Bilal", "Samir", "Idriss", "Rachid",
)


def canon(text: str) -> str:
    """Canonical form of a text field: upper case, accents kept, single spaces."""
    return " ".join(text.upper().split())


def title_name(text: str) -> str:
    """``"jean-pierre d'almeida"`` -> ``"Jean-Pierre D'Almeida"`` (display form)."""
    out = []
    cap = True
    for ch in text.lower():
        out.append(ch.upper() if cap else ch)
        cap = ch in " -'"
    return "".join(out)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


# --- places ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Commune:
    name: str  # display form, e.g. "Saint-Étienne"
    postcodes: tuple[str, ...]
    insee: str  # COG code, 5 characters (used in the NIR)
    dept_name: str


COMMUNES = (
    Commune("Paris", tuple(f"750{n:02d}" for n in range(1, 21)), "75056", "Paris"),
    Commune("Lyon", tuple(f"6900{n}" for n in range(1, 10)), "69123", "Rhône"),
    Commune("Marseille", tuple(f"130{n:02d}" for n in range(1, 17)), "13055",
            "Bouches-du-Rhône"),
    Commune("Toulouse", ("31000", "31100", "31200", "31300", "31400", "31500"), "31555",
            "Haute-Garonne"),
    Commune("Lille", ("59000", "59160", "59260", "59777", "59800"), "59350", "Nord"),
    Commune("Bordeaux", ("33000", "33100", "33200", "33300", "33800"), "33063", "Gironde"),
    Commune("Nantes", ("44000", "44100", "44200", "44300"), "44109", "Loire-Atlantique"),
    Commune("Strasbourg", ("67000", "67100", "67200"), "67482", "Bas-Rhin"),
    Commune("Montpellier", ("34000", "34070", "34080", "34090"), "34172", "Hérault"),
    Commune("Rennes", ("35000", "35200", "35700"), "35238", "Ille-et-Vilaine"),
    Commune("Saint-Denis", ("93200", "93210"), "93066", "Seine-Saint-Denis"),
    Commune("Vitry-sur-Seine", ("94400",), "94081", "Val-de-Marne"),
    Commune("Gennevilliers", ("92230",), "92036", "Hauts-de-Seine"),
    Commune("Le Havre", ("76600", "76610", "76620"), "76351", "Seine-Maritime"),
    Commune("Saint-Étienne", ("42000", "42100"), "42218", "Loire"),
    Commune("Toulon", ("83000", "83100", "83200"), "83137", "Var"),
    Commune("Grenoble", ("38000", "38100"), "38185", "Isère"),
    Commune("Dijon", ("21000",), "21231", "Côte-d'Or"),
    Commune("Angers", ("49000", "49100"), "49007", "Maine-et-Loire"),
    Commune("Nîmes", ("30000", "30900"), "30189", "Gard"),
    Commune("Clermont-Ferrand", ("63000", "63100"), "63113", "Puy-de-Dôme"),
    Commune("Limoges", ("87000", "87100", "87280"), "87085", "Haute-Vienne"),
    Commune("Brest", ("29200",), "29019", "Finistère"),
    Commune("Tours", ("37000", "37100", "37200"), "37261", "Indre-et-Loire"),
    Commune("Amiens", ("80000", "80080", "80090"), "80021", "Somme"),
    Commune("Perpignan", ("66000", "66100"), "66136", "Pyrénées-Orientales"),
    Commune("Metz", ("57000", "57050", "57070"), "57463", "Moselle"),
    Commune("Besançon", ("25000",), "25056", "Doubs"),
    Commune("Orléans", ("45000", "45100"), "45234", "Loiret"),
    Commune("Mulhouse", ("68100", "68200"), "68224", "Haut-Rhin"),
    Commune("Caen", ("14000",), "14118", "Calvados"),
    Commune("Nancy", ("54000", "54100"), "54395", "Meurthe-et-Moselle"),
    Commune("Argenteuil", ("95100",), "95018", "Val-d'Oise"),
    Commune("Montreuil", ("93100",), "93048", "Seine-Saint-Denis"),
    Commune("Roubaix", ("59100",), "59512", "Nord"),
    Commune("Ajaccio", ("20000", "20090"), "2A004", "Corse-du-Sud"),
    Commune("Bastia", ("20200", "20600"), "2B033", "Haute-Corse"),
    Commune("Aubervilliers", ("93300",), "93001", "Seine-Saint-Denis"),
    Commune("Évry-Courcouronnes", ("91000", "91080"), "91228", "Essonne"),
    Commune("L'Haÿ-les-Roses", ("94240",), "94038", "Val-de-Marne"),
    Commune("Châlons-en-Champagne", ("51000",), "51108", "Marne"),
    Commune("Bourg-en-Bresse", ("01000",), "01053", "Ain"),
)

STREET_TYPES = (
    "rue", "rue", "rue", "avenue", "boulevard", "allée", "impasse", "place", "chemin",
    "quai", "cours", "route", "square", "passage",
)
STREET_NAMES = (
    "des Lilas", "Victor Hugo", "Jean Jaurès", "de la République", "du Général de Gaulle",
    "Pasteur", "de la Gare", "des Écoles", "du Moulin", "Voltaire", "Émile Zola",
    "de la Paix", "des Tilleuls", "Gambetta", "Jules Ferry", "du 8 Mai 1945",
    "Aristide Briand", "de l'Église", "des Peupliers", "Anatole France", "Louise Michel",
    "Pierre Brossolette", "du Château d'Eau", "Édouard Vaillant", "des Acacias",
    "Paul Éluard", "de Verdun", "Saint-Exupéry", "des Frères Lumière", "Marcel Cachin",
    "de la Fraternité", "Henri Barbusse", "Lamartine", "du Maréchal Foch", "Molière",
)
COMPLEMENTS = (
    "Bâtiment {b}", "Appartement {n}", "Résidence Les Tilleuls", "Escalier {b}, {n}e étage",
    "Bât. {b}, appt {n}", "Chez M. et Mme {s}", "Résidence du Parc, bât. {b}",
)


@dataclass(frozen=True)
class Address:
    numero: str  # "12", "12 bis"
    voie: str  # "rue des Lilas"
    complement: str | None
    code_postal: str
    commune: Commune

    @property
    def street_line(self) -> str:
        return f"{self.numero} {self.voie}"

    def lines(self) -> list[str]:
        """Printed address lines above the ``CP COMMUNE`` line, in postal order."""
        return ([self.complement] if self.complement else []) + [self.street_line]

    @property
    def city_line(self) -> str:
        return f"{self.code_postal} {self.commune.name}"

    @property
    def adresse(self) -> str:
        """Canonical ``adresse``: the lines above the postcode, upper case, ``", "``-joined."""
        return ", ".join(canon(line) for line in self.lines())


def address(rng: random.Random, *, commune: Commune | None = None,
            complement: bool | None = None) -> Address:
    c = commune or rng.choice(COMMUNES)
    num = str(rng.choice([rng.randint(1, 30), rng.randint(1, 200)]))
    if rng.random() < 0.1:
        num += rng.choice([" bis", " ter"])
    voie = f"{rng.choice(STREET_TYPES)} {rng.choice(STREET_NAMES)}"
    comp = None
    if complement or (complement is None and rng.random() < 0.3):
        comp = rng.choice(COMPLEMENTS).format(
            b=rng.choice("ABCDEFG"), n=rng.randint(1, 60), s=rng.choice(SURNAMES).upper())
    return Address(num, voie, comp, rng.choice(c.postcodes), c)


# --- people ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    nom: str  # display form ("Lefèvre", "Da Silva")
    prenoms: tuple[str, ...]  # display forms ("Hélène", "Marie")
    sexe: str  # "F" or "M"
    date_naissance: date
    lieu_naissance: str  # commune or country name, display form
    naissance_insee: str  # 5-character COG code (99xxx abroad)
    nationalite: str  # ISO 3166 alpha-3
    nationalite_fr: str  # adjective ("française")

    @property
    def nom_canon(self) -> str:
        return canon(self.nom)

    @property
    def prenoms_canon(self) -> str:
        """Canonical ``prenoms``: every given name, upper case, joined with ``", "``."""
        return ", ".join(canon(p) for p in self.prenoms)

    @property
    def prenom(self) -> str:
        return self.prenoms[0]

    @property
    def civilite(self) -> str:
        return "Madame" if self.sexe == "F" else "Monsieur"

    @property
    def civ(self) -> str:
        return "Mme" if self.sexe == "F" else "M."


def random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def person(rng: random.Random, *, foreign: bool = False, sexe: str | None = None,
           nom: str | None = None, min_age: int = 18, max_age: int = 80,
           today: date | None = None) -> Person:
    today = today or date(2025, 6, 1)
    s = sexe or rng.choice("FM")
    born = random_date(rng, today - timedelta(days=365 * max_age),
                       today - timedelta(days=365 * min_age))
    given_pool: tuple[str, ...]
    if foreign:
        alpha3, adj, country, insee = rng.choice(FOREIGN)
        family = nom or rng.choice(FOREIGN_SURNAMES)
        given_pool = FOREIGN_FEMALE if s == "F" else FOREIGN_MALE
        place, code = country, "99" + insee
    else:
        alpha3, adj = "FRA", "française"
        family = nom or rng.choice(SURNAMES)
        if nom is None and rng.random() < 0.12:
            other = rng.choice(SURNAMES)
            if " " not in other + family and other != family:
                family = f"{family}-{other}"
        given_pool = FEMALE_GIVEN if s == "F" else MALE_GIVEN
        if rng.random() < 0.08:
            _a3, _adj, country, insee = rng.choice(FOREIGN)
            place, code = country, "99" + insee
        else:
            c = rng.choice(COMMUNES)
            place, code = c.name, c.insee
    n_given = rng.choice([1, 1, 2, 2, 3])
    given: list[str] = []
    while len(given) < n_given:
        g = rng.choice(given_pool)
        if g not in given:
            given.append(g)
    return Person(family, tuple(given), s, born, place, code, alpha3, adj)


# --- identifiers with keys ---------------------------------------------------------------


def _wrong(rng: random.Random, good: str, width: int, modulo: int) -> str:
    bad = (int(good) + rng.randint(1, modulo - 1)) % modulo
    return f"{bad:0{width}d}"


def nir_for(rng: random.Random, p: Person, *, invalid: bool = False) -> str:
    """A NIR (15 characters) consistent with the person's sex, birth date and place."""
    sex = "2" if p.sexe == "F" else "1"
    body = f"{sex}{p.date_naissance.year % 100:02d}{p.date_naissance.month:02d}" \
           f"{p.naissance_insee}{rng.randint(1, 999):03d}"
    key = nir.calc_check_digits(body)
    if invalid:
        key = _wrong(rng, key, 2, 97)
        if key == "00":
            key = "97"
    return body + key


def numero_fiscal(rng: random.Random, *, invalid: bool = False) -> str:
    """A 13-digit numéro fiscal (SPI): first digit 0-3, key = first 10 digits mod 511."""
    body = str(rng.randint(0, 3)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
    key = nif.calc_check_digits(body)
    if invalid:
        key = _wrong(rng, key, 3, 511)
    return body + key


def reference_avis(rng: random.Random, year: int) -> str:
    """13-character référence de l'avis: year (2) + 2 digits + a letter or digit + 8 digits."""
    mid = rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789")
    return f"{year % 100:02d}{rng.randint(1, 95):02d}{mid}" + "".join(
        str(rng.randint(0, 9)) for _ in range(8))


@dataclass(frozen=True)
class Bank:
    code: str
    name: str  # display name on the RIB


BANKS = (
    Bank("30004", "BNP Paribas"), Bank("30003", "Société Générale"),
    Bank("30002", "LCL - Le Crédit Lyonnais"), Bank("20041", "La Banque Postale"),
    Bank("10278", "Crédit Mutuel"), Bank("30066", "CIC"),
    Bank("17515", "Caisse d'Épargne"), Bank("10907", "Banque Populaire"),
    Bank("12506", "Crédit Agricole"), Bank("18206", "Crédit Agricole Île-de-France"),
    Bank("15589", "Crédit Mutuel de Bretagne"), Bank("40618", "BoursoBank"),
    Bank("30056", "HSBC Continental Europe"),
)


@dataclass(frozen=True)
class BankAccount:
    bank: Bank
    branch: str  # code guichet, 5 digits
    account: str  # numéro de compte, 11 characters
    rib_key: str  # clé RIB, 2 digits (as printed)
    iban: str  # compact, as printed (possibly invalid)
    bic: str
    invalid: str | None  # None, "iban_check" (mod 97 fails) or "rib_key" (mod 97 passes)


def bank_account(rng: random.Random, *, invalid: bool = False,
                 mode: str | None = None) -> BankAccount:
    """A French account; ``invalid`` gives a wrong IBAN check or a wrong RIB key.

    The ``rib_key`` flavour keeps the IBAN mod-97 valid (it is recomputed over the wrong
    BBAN), so only the national check (schwifty ``validate_bban=True``) catches it.
    """
    bank = rng.choice(BANKS)
    branch = f"{rng.randint(1, 99999):05d}"
    account = "".join(str(rng.randint(0, 9)) for _ in range(11))
    good = IBAN.generate("FR", bank_code=bank.code, branch_code=branch, account_code=account)
    iban = str(good.compact)
    bic = str(good.bic) if good.bic is not None else "BNPAFRPPXXX"
    if rng.random() < 0.5 and len(bic) == 8:
        bic += "XXX"
    key = iban[-2:]
    flavour: str | None = None
    if invalid:
        flavour = mode or rng.choice(["iban_check", "rib_key"])
        if flavour == "iban_check":
            iban = iban[:2] + _wrong(rng, iban[2:4], 2, 97) + iban[4:]
            if not 2 <= int(iban[2:4]) <= 98:
                iban = iban[:2] + "99" + iban[4:]
        else:
            key = _wrong(rng, key, 2, 97)
            bban = iban[4:-2] + key
            iban = "FR" + iban_check_digits("FR", bban) + bban
    return BankAccount(bank, branch, account, key, iban, bic, flavour)


def iban_check_digits(country: str, bban: str) -> str:
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{98 - number % 97:02d}"


def format_iban(iban: str) -> str:
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def numero_allocataire(rng: random.Random) -> str:
    """CAF allocataire number: 7 digits (no public check digit)."""
    return f"{rng.randint(1, 9_999_999):07d}"


def siret(rng: random.Random) -> str:
    siren = "".join(str(rng.randint(0, 9)) for _ in range(8))
    siren += luhn.calc_check_digit(siren)
    nic = f"{rng.randint(1, 999):04d}"
    body = siren + nic[:3]
    return body + luhn.calc_check_digit(body)


# --- money and dates ---------------------------------------------------------------------

CENT = Decimal("0.01")


def amount(rng: random.Random, low: float, high: float) -> Decimal:
    return Decimal(str(rng.uniform(low, high))).quantize(CENT, rounding=ROUND_HALF_UP)


def canon_amount(value: Decimal) -> str:
    """Canonical decimal string: ``"1768.75"`` (dot, two decimals, no grouping)."""
    return f"{value.quantize(CENT):f}"


def fr_amount(value: Decimal, *, euro: bool = True, sep: str = " ") -> str:
    """French display: ``"1 768,75 €"``."""
    q = value.quantize(CENT)
    sign = "-" if q < 0 else ""
    units, cents = f"{abs(q):f}".split(".")
    groups: list[str] = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    text = f"{sign}{sep.join(groups)},{cents}"
    return text + (" €" if euro else "")


def fr_int(value: int, sep: str = " ") -> str:
    text = str(value)
    groups: list[str] = []
    while text:
        groups.insert(0, text[-3:])
        text = text[:-3]
    return sep.join(groups)


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")


def fr_date(d: date, style: str) -> str:
    """Print a date: ``slash`` 05/03/2024, ``dot`` 05.03.2024, ``space`` 05 03 2024,
    ``dash`` 05-03-2024, ``long`` 5 mars 2024 (1er for the first), ``iso`` 2024-03-05."""
    if style == "slash":
        return d.strftime("%d/%m/%Y")
    if style == "dot":
        return d.strftime("%d.%m.%Y")
    if style == "space":
        return d.strftime("%d %m %Y")
    if style == "dash":
        return d.strftime("%d-%m-%Y")
    if style == "iso":
        return d.isoformat()
    day = "1er" if d.day == 1 else str(d.day)
    return f"{day} {MONTHS[d.month - 1]} {d.year}"


def month_year(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"
