"""The indicators of the picture, by theme: what each counts, per what, from which deliveries.

Every indicator is a count of register facts (no signal hit: the purpose ``ondermijningsbeeld``
may read deliveries in bulk only, and recorded hits are read per entity). Dated indicators are
counted per year of their date; the others describe the state on the delivery date ("stand").
"""

from dataclasses import dataclass

THEMES = (
    "vastgoed",
    "drugs",
    "financieel",
    "bedrijvigheid",
    "zorg",
    "vakantieparken",
    "adresfraude/overbewoning",
)
STAND = "stand"
TOTAL = "totaal"


@dataclass(frozen=True)
class Indicator:
    """One indicator: ``per`` is the denominator of its rate (``inwoners`` per 1,000,
    ``bedrijven`` per 100), ``dated`` whether it is counted per year, ``money`` the title of
    the sum of money it also has (empty: none)."""

    id: str
    theme: str
    title: str
    per: str
    dated: bool
    sources: tuple[str, ...]
    description: str
    money: str = ""
    validation: str = ""


INDICATORS = (
    Indicator(
        "snelle_doorverkoop",
        "vastgoed",
        "Snelle doorverkopen (≤ 6 maanden)",
        "inwoners",
        True,
        ("kadaster_transacties",),
        "Verkopen van een kadastraal object binnen 183 dagen na de vorige verkoop (ABC-patroon); "
        "per jaar van de tweede verkoop.",
        money="Koopsom snelle doorverkopen (EUR)",
        validation="Buurten met geplante witwasconstructies vallen niet op (mediane rang 11 "
        "van 33, lift 1,4): één geplante doorverkoop tussen de gewone beweegt het aantal niet.",
    ),
    Indicator(
        "hennepkwekerij",
        "drugs",
        "Ontmantelde hennepkwekerijen",
        "inwoners",
        True,
        ("politie_hennepkwekerijen",),
        "Door de politie ontmantelde hennepkwekerijen, per jaar van ontmanteling.",
        validation="Buurten met geplante hennepkwekerijen vallen op (mediane rang 3 van 33, "
        "lift 8,0).",
    ),
    Indicator(
        "afwijkend_verbruik",
        "drugs",
        "Meldingen afwijkend energieverbruik",
        "inwoners",
        True,
        ("netbeheerder_afwijkingen",),
        "Aansluitingen met afwijkend stroomverbruik volgens de netbeheerder, per jaar van "
        "constatering.",
        validation="Niet apart getoetst: geen geplant patroon richt zich op deze indicator.",
    ),
    Indicator(
        "contant_intensief",
        "bedrijvigheid",
        "Vestigingen in contant-intensieve branches",
        "bedrijven",
        False,
        ("kvk_inschrijvingen",),
        "Actieve vestigingen met een SBI-code uit de lijst van contant-intensieve "
        "'facade'-branches (kappers, nagel- en massagesalons, autoverhuur, belwinkels, ...).",
        validation="Buurten met geplante façadebedrijven vallen niet op (mediane rang 14 van "
        "33, lift 1,1): het zijn signalen op bedrijven, geen gebiedsindicator.",
    ),
    Indicator(
        "zorgaanbieder",
        "zorg",
        "Vestigingen van zorgaanbieders",
        "bedrijven",
        False,
        ("kvk_inschrijvingen",),
        "Actieve vestigingen met SBI 86, 87 of 88 (gezondheids- en welzijnszorg): context, "
        "geen risico op zich; veroordeelde eigenaren zijn voor dit doel niet te zien.",
        validation="Buurten met geplante zorgbedrijven van veroordeelden vallen niet op "
        "(mediane rang 7 van 33, lift 1,3).",
    ),
    Indicator(
        "bewoning_recreatie",
        "vakantieparken",
        "Inschrijvingen op logiesobjecten",
        "inwoners",
        False,
        ("brp_verblijfplaatsen", "bag_adressen"),
        "Personen met een woonadres in de BRP op een adres dat in de BAG alleen "
        "logiesfunctie heeft (permanente bewoning van vakantieparken).",
        validation="Buurten met geplante bewoonde vakantieparken vallen op (mediane rang 3 "
        "van 33, lift 4,6).",
    ),
    Indicator(
        "overbewoning",
        "adresfraude/overbewoning",
        "Adressen met overbewoning",
        "inwoners",
        False,
        ("brp_verblijfplaatsen", "bag_adressen"),
        "Woonadressen met minstens 5 ingeschreven personen en minder dan 12,5 m² "
        "woonoppervlak per persoon.",
        validation="Buurten met geplante overbewoonde adressen vallen matig op (mediane rang 9 "
        "van 33, lift 2,1).",
    ),
)
# Themes without an indicator for this purpose, and why (shown in the method section).
MISSING = {
    "financieel": "De FIU-meldingen zijn niet geleverd voor het doel ondermijningsbeeld.",
}
CASH_SBI = frozenset(
    (
        "45112",
        "45205",
        "47111",
        "47421",
        "47789",
        "56101",
        "56102",
        "56300",
        "66191",
        "77110",
        "96021",
        "96022",
        "96040",
    )
)  # the list of signal cash_business_convicted_owner
CARE_SBI_PREFIXES = ("86", "87", "88")
RESALE_DAYS = 183
OVERCROWDED_RESIDENTS = 5
OVERCROWDED_M2 = 12.5
