"""Planted crime typologies: cannabis farms, money mules, facade businesses, care companies with a
convicted owner; and the honest barber decoy."""

from datetime import date, timedelta

from verweven.synth.dates import random_date, years_before
from verweven.synth.economy import BV, capitalised, company_name
from verweven.synth.entities import Address, CannabisFarm, Company, Person
from verweven.synth.events import add_anomaly, add_conviction, add_fiu, add_incident
from verweven.synth.property import estate_for, previous_owner, sell
from verweven.synth.reference import cash_intensive_codes, load_yaml, sbi_codes
from verweven.synth.world import Chunk


def _stem(chunk: Chunk) -> str:
    return str(chunk.rng.choice(load_yaml("geography.yml")["street_stems"]))


def plant_cannabis_farm(chunk: Chunk, instance: str) -> None:
    """A rented home, an energy anomaly, a dismantled farm; tenant, financier, facilitator."""
    rng, reference, typology = chunk.rng, chunk.reference, "cannabis_farm"
    home = chunk.book.claim(min_area=70, max_area=170)
    dismantled = random_date(rng, years_before(reference, 2), reference - timedelta(days=20))
    moved_in = dismantled - timedelta(days=rng.randint(150, 700))
    tenant = chunk.new_person(20, 45, address=home, since=moved_in)
    tenant.income = rng.randint(8, 24) * 1000
    chunk.add_previous_addresses(tenant)
    owner = chunk.new_person(35, 75)  # an unwitting landlord: not a member
    bought = random_date(rng, years_before(reference, 12), years_before(reference, 3))
    sell(
        chunk,
        estate_for(chunk, home),
        bought,
        previous_owner(chunk, home, bought, [owner]),
        [owner],
    )
    financier = chunk.new_person(30, 60)
    offence = rng.choice(("opiumwet_hennep", "opiumwet_hard"))
    add_conviction(chunk, financier, offence, years_before(reference, rng.uniform(3, 8)))
    facilitator = _facilitator(chunk)
    kind = rng.choice(("hoog_verbruik", "fraude_meter", "nachtverbruik"))
    add_anomaly(chunk, home, tenant, kind, dismantled - timedelta(days=rng.randint(10, 150)))
    _pay_for_the_farm(chunk, financier, facilitator, tenant, dismantled)
    _dismantle(chunk, home, tenant, owner, financier, dismantled)
    for entity, role in ((home, "address"), (tenant, "tenant"), (financier, "financier")):
        chunk.member(typology, instance, entity, role, False)
    chunk.member(typology, instance, facilitator, "facilitator", False)
    chunk.member(typology, instance, facilitator.officers[0].holder, "facilitator_owner", False)


def _facilitator(chunk: Chunk) -> Company:
    """A growshop or an electrician, owned (eenmanszaak) or directed (BV) by one person."""
    rng = chunk.rng
    owner = chunk.new_person(28, 60)
    sbi = sbi_codes()[rng.choice(("47761", "43210"))]
    form = rng.choice((BV, "Eenmanszaak"))
    name = company_name(rng, form, sbi, owner, chunk.hood.place)
    incorporated = years_before(chunk.reference, rng.uniform(2, 12))
    company = chunk.new_company(name, form, sbi.code, incorporated)
    role = "eigenaar" if form == "Eenmanszaak" else "bestuurder"
    chunk.add_officer(company, owner, role, incorporated)
    chunk.new_account(company)
    return company


def _pay_for_the_farm(
    chunk: Chunk, financier: Person, facilitator: Company, tenant: Person, dismantled: date
) -> None:
    """The financier pays the facilitator for equipment and the tenant for the work (FIU)."""
    rng = chunk.rng
    paid = dismantled - timedelta(days=rng.randint(60, 300))
    source = chunk.account_of(financier)
    equipment = rng.uniform(8_000, 30_000)
    add_fiu(
        chunk, "overboeking", equipment, source, chunk.account_of(facilitator), paid, [financier]
    )
    later = paid + timedelta(days=rng.randint(5, 40))
    wages = rng.uniform(2_000, 9_000)
    add_fiu(
        chunk, "overboeking", wages, source, chunk.account_of(tenant), later, [financier, tenant]
    )


def _dismantle(
    chunk: Chunk, home: Address, tenant: Person, owner: Person, financier: Person, when: date
) -> None:
    """The police dismantle the farm (incident, farm record) and the tenant is convicted."""
    rng = chunk.rng
    involved = [(tenant, "verdachte", "opiumwet_hennep")]
    if rng.random() < 0.3:
        involved.append((financier, "betrokkene", ""))
    incident = add_incident(chunk, "hennep", home, involved, when)
    farm = CannabisFarm(
        id=f"HK-{when.year}-{chunk.ids.count('hennep'):05d}",
        incident=incident,
        when=when,
        address=home,
        occupant=tenant,
        owner=owner if rng.random() < 0.5 else None,
        plants=rng.randint(150, 1500),
        lamps=rng.randint(8, 80),
        theft=rng.random() < 0.55,
        premises="woning",
    )
    chunk.farms.append(farm)
    if when < chunk.reference - timedelta(days=400):
        add_conviction(chunk, tenant, "opiumwet_hennep", when, incident=False)


def plant_money_mules(chunk: Chunk, instance: str) -> None:
    """4-7 young account holders receiving victims' transfers, withdrawing cash for a controller."""
    rng, reference, typology = chunk.rng, chunk.reference, "money_mules"
    controller = chunk.new_person(22, 36)
    if rng.random() < 0.4:
        add_conviction(chunk, controller, "oplichting")
    controller_account = chunk.account_of(controller)
    chunk.member(typology, instance, controller, "controller", False)
    chunk.member(typology, instance, controller_account, "account", False)
    start = years_before(reference, 1.5)
    for _ in range(rng.randint(4, 7)):
        mule = chunk.new_person(18, 23)
        mule.income = rng.randint(2, 12) * 1000
        account = chunk.new_account(mule, rng.choice(("BUNQ", "INGB", "KNAB", "RABO")))
        chunk.member(typology, instance, mule, "mule", False)
        chunk.member(typology, instance, account, "account", False)
        for _ in range(rng.randint(1, 4)):
            victim = chunk.new_person(60, 88)
            when = random_date(rng, start, reference - timedelta(days=10))
            amount = rng.uniform(1_500, 9_500)
            add_fiu(chunk, "overboeking", amount, chunk.account_of(victim), account, when, [mule])
            withdrawn = when + timedelta(days=rng.randint(0, 1))
            add_fiu(
                chunk,
                "contante_opname",
                amount * rng.uniform(0.85, 0.98),
                account,
                None,
                withdrawn,
                [mule],
            )
        passed_on = random_date(rng, start, reference - timedelta(days=5))
        add_fiu(
            chunk,
            "overboeking",
            rng.uniform(300, 1500),
            account,
            controller_account,
            passed_on,
            [mule],
        )


def plant_facade_business(chunk: Chunk, instance: str) -> None:
    """A cash-intensive business of a convicted owner, with structural cash deposits."""
    rng, reference, typology = chunk.rng, chunk.reference, "facade_business"
    owner = chunk.new_person(25, 58)
    chunk.add_previous_addresses(owner)
    offence = rng.choice(("opiumwet_hard", "witwassen", "opiumwet_hennep"))
    add_conviction(chunk, owner, offence, years_before(reference, rng.uniform(2, 8)))
    sbi = sbi_codes()[rng.choice(cash_intensive_codes())]
    form = rng.choice(("Eenmanszaak", BV))
    name = company_name(rng, form, sbi, owner, chunk.hood.place)
    company = chunk.new_company(name, form, sbi.code, years_before(reference, rng.uniform(1, 5)))
    role = "eigenaar" if form == "Eenmanszaak" else "bestuurder"
    chunk.add_officer(company, owner, role, company.incorporated)
    if form == BV:
        chunk.add_officer(company, owner, "enig aandeelhouder", company.incorporated)
    account = chunk.new_account(company)
    for _ in range(rng.randint(2, 6)):
        when = random_date(
            rng,
            max(company.incorporated, years_before(reference, 2)),
            reference - timedelta(days=5),
        )
        add_fiu(
            chunk, "contante_storting", rng.uniform(9_000, 35_000), None, account, when, [owner]
        )
    chunk.member(typology, instance, company, "company", False)
    chunk.member(typology, instance, owner, "owner", False)
    chunk.member(typology, instance, account, "account", False)


def plant_honest_barber(chunk: Chunk, instance: str) -> None:
    """Decoy: a barber with a clean owner; sometimes one cash deposit above the threshold."""
    rng, reference = chunk.rng, chunk.reference
    label = instance
    owner = chunk.new_person(24, 62)
    chunk.add_previous_addresses(owner)
    sbi = sbi_codes()["96021"]
    incorporated = years_before(reference, rng.uniform(3, 20))
    word = rng.choice(sbi.words)
    company = chunk.new_company(
        f"{word} {owner.name.given_name}", "Eenmanszaak", sbi.code, incorporated
    )
    chunk.add_officer(company, owner, "eigenaar", incorporated)
    account = chunk.new_account(company)
    if rng.random() < 0.6:
        when = random_date(rng, years_before(reference, 2), reference - timedelta(days=5))
        add_fiu(
            chunk, "contante_storting", rng.uniform(10_000, 14_000), None, account, when, [owner]
        )
    chunk.member("facade_business", label, company, "company", True)
    chunk.member("facade_business", label, owner, "owner", True)


def plant_care_company(chunk: Chunk, instance: str) -> None:
    """A care company owned or directed by someone convicted of fraud or money laundering."""
    rng, reference, typology = chunk.rng, chunk.reference, "care_company_convicted_owner"
    owner = chunk.new_person(30, 62)
    chunk.add_previous_addresses(owner)
    offence = rng.choice(("zorgfraude", "valsheid", "oplichting", "witwassen"))
    add_conviction(chunk, owner, offence, years_before(reference, rng.uniform(2, 9)))
    sbi = sbi_codes()[rng.choice(("88101", "87301", "86919"))]
    form = rng.choice((BV, BV, "Eenmanszaak"))
    surname = capitalised(" ".join(p for p in (owner.name.particle, owner.name.surname) if p))
    name = f"{rng.choice(sbi.words)} {_stem(chunk)}" + (" B.V." if form == BV else f" {surname}")
    address = owner.current.address if rng.random() < 0.5 else None
    company = chunk.new_company(
        name, form, sbi.code, years_before(reference, rng.uniform(1, 6)), address
    )
    if form == BV:
        chunk.add_officer(company, owner, "bestuurder", company.incorporated)
        chunk.add_officer(company, owner, "enig aandeelhouder", company.incorporated)
    else:
        chunk.add_officer(company, owner, "eigenaar", company.incorporated)
    chunk.new_account(company)
    if rng.random() < 0.4:
        owner.tax_debt, owner.open_assessments = rng.randint(5_000, 40_000), rng.randint(2, 6)
    chunk.member(typology, instance, company, "company", False)
    chunk.member(typology, instance, owner, "owner", False)
