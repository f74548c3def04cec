"""The indicators of the signals, in honest lives too, at base rates (docs/data-formats.md).

A signal measured on a region where its indicator exists only in planted cases measures the
generator, not the signal. So every indicator a signal counts also occurs in the background:
repeated cash deposits, cash withdrawals and transfer-then-withdraw pairs in FIU reports,
boards that change often, homes resold within months, property bought by a fresh company.
Rates come from public statistics where one exists and are stated assumptions otherwise; the
figures and their sources are listed in docs/data-formats.md ("Background base rates").

Draws use their own random stream (``base_rates``), so the rest of a region stays as it was.
"""

import random
from datetime import timedelta

from verweven.synth.dates import random_date, years_before
from verweven.synth.economy import BV
from verweven.synth.entities import Company, Person, RealEstate
from verweven.synth.events import add_fiu
from verweven.synth.property import sell
from verweven.synth.reference import cash_intensive_codes
from verweven.synth.streams import make_rng
from verweven.synth.world import Chunk

# FIU: cash deposits. Share of adults named in ≥1 cash-deposit report in two years, and of the
# owners of cash-intensive businesses (whose takings are cash). Reports per named person are
# geometric (p below), so some honest persons reach the signal's threshold of three.
CASH_DEPOSIT_ADULTS = 0.006
CASH_DEPOSIT_CASH_OWNERS = 0.25
CASH_DEPOSIT_MORE = 0.45  # chance of one more report after each report
# FIU: a large cash withdrawal (a car, a renovation, money for family abroad).
CASH_WITHDRAWAL_ADULTS = 0.004
# FIU: an incoming transfer withdrawn in cash within two days (a car sold and the money taken
# out, a relative's money passed on): persons, and pairs per person (geometric).
TRANSFER_WITHDRAW_ADULTS = 0.0015
TRANSFER_WITHDRAW_MORE = 0.4
# KvK: BVs whose board changed in the last two years, and appointments per changed board.
BOARD_CHANGE_BVS = 0.10
BOARD_APPOINTMENTS = ((1, 70), (2, 18), (3, 7), (4, 3), (5, 1.5), (6, 0.5))
# Kadaster: a background sale followed by a resale within 30-183 days, and its price factor.
QUICK_RESALE_SALES = 0.015
# KvK + Kadaster: a background sale to a BV founded less than a year before (a one-property
# investment company).
FRESH_COMPANY_SALES = 0.01


def add_base_rates(chunk: Chunk) -> None:
    """Every background indicator, after the neighbourhood's ordinary life is made."""
    rng = make_rng(chunk.region.seed, "base_rates", chunk.hood.index)
    planted = {m.entity_id for m in chunk.members}
    add_cash_deposits(chunk, rng, planted)
    add_cash_withdrawals(chunk, rng, planted)
    add_board_changes(chunk, rng, planted)
    add_quick_resales(chunk, rng, planted)


def _geometric(rng: random.Random, more: float, cap: int = 8) -> int:
    """1, 2, 3, ... with a chance ``more`` of each further one (at most ``cap``)."""
    count = 1
    while count < cap and rng.random() < more:
        count += 1
    return count


def add_cash_deposits(chunk: Chunk, rng: random.Random, planted: set[str]) -> None:
    """Honest persons named in one or more cash-deposit reports in the last two years."""
    cash_owners = {
        o.holder.id
        for c in chunk.companies
        if c.sbi in cash_intensive_codes() and c.id not in planted
        for o in c.officers
        if isinstance(o.holder, Person)
    }
    for person in chunk.adults():
        if person.id in planted or not person.accounts:
            continue
        share = CASH_DEPOSIT_CASH_OWNERS if person.id in cash_owners else CASH_DEPOSIT_ADULTS
        if rng.random() >= share:
            continue
        for _ in range(_geometric(rng, CASH_DEPOSIT_MORE)):
            when = random_date(rng, years_before(chunk.reference, 2), chunk.reference)
            amount = rng.uniform(5_000, 30_000)
            add_fiu(chunk, "contante_storting", amount, None, person.accounts[0], when, [person])


def add_cash_withdrawals(chunk: Chunk, rng: random.Random, planted: set[str]) -> None:
    """Large cash withdrawals, alone or right after an incoming transfer."""
    adults = chunk.adults()
    for person in adults:
        if person.id in planted or not person.accounts:
            continue
        account = person.accounts[0]
        draw = rng.random()
        start = years_before(chunk.reference, 2)
        if draw < CASH_WITHDRAWAL_ADULTS:
            when = random_date(rng, start, chunk.reference - timedelta(days=5))
            amount = rng.uniform(10_000, 40_000)
            add_fiu(chunk, "contante_opname", amount, account, None, when, [person])
        elif draw < CASH_WITHDRAWAL_ADULTS + TRANSFER_WITHDRAW_ADULTS:
            for _ in range(_geometric(rng, TRANSFER_WITHDRAW_MORE, cap=4)):
                payer = rng.choice(adults)
                if payer is person or not payer.accounts:
                    continue
                when = random_date(rng, start, chunk.reference - timedelta(days=10))
                amount = rng.uniform(1_500, 15_000)
                add_fiu(chunk, "overboeking", amount, payer.accounts[0], account, when, [person])
                taken = amount * rng.uniform(0.8, 1.0)
                later = when + timedelta(days=rng.randint(0, 2))
                add_fiu(chunk, "contante_opname", taken, account, None, later, [person])


def add_board_changes(chunk: Chunk, rng: random.Random, planted: set[str]) -> None:
    """Background BVs whose directors changed in the last two years (1 to 6 appointments)."""
    adults = chunk.adults()
    counts = [n for n, _ in BOARD_APPOINTMENTS]
    weights = [w for _, w in BOARD_APPOINTMENTS]
    for company in list(chunk.companies):
        if company.legal_form != BV or company.id in planted or company.dissolved is not None:
            continue
        changes_from = years_before(chunk.reference, 2)
        if company.incorporated > changes_from - timedelta(days=30):
            continue
        if rng.random() >= BOARD_CHANGE_BVS:
            continue
        count = rng.choices(counts, weights)[0]
        _rotate_board(chunk, rng, company, adults, count)


def _rotate_board(
    chunk: Chunk, rng: random.Random, company: Company, adults: list[Person], count: int
) -> None:
    """``count`` new directors one after another from a day in the last two years."""
    window = (chunk.reference - years_before(chunk.reference, 2)).days
    days = sorted(rng.sample(range(30, window - 5), count))
    starts = [years_before(chunk.reference, 2) + timedelta(days=d) for d in days]
    for officer in company.officers:
        if officer.role == "bestuurder" and officer.end is None:
            officer.end = starts[0]
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else None
        chunk.add_officer(company, rng.choice(adults), "bestuurder", start, end)


def add_quick_resales(chunk: Chunk, rng: random.Random, planted: set[str]) -> None:
    """Background homes resold within 30-183 days (a flip), some to a fresh company."""
    adults = chunk.adults()
    since = years_before(chunk.reference, 5)
    for estate in list(chunk.estates):
        last = estate.transactions[-1] if estate.transactions else None
        if last is None or last.when < since or _is_planted(estate, planted):
            continue
        if _lives_there(last.buyer, estate):
            continue  # an owner-occupier does not flip the home he lives in
        draw = rng.random()
        if draw < QUICK_RESALE_SALES:
            _resell(chunk, rng, estate, adults)
        elif draw < QUICK_RESALE_SALES + FRESH_COMPANY_SALES:
            _sell_to_fresh_company(chunk, rng, estate, adults)


def _is_planted(estate: RealEstate, planted: set[str]) -> bool:
    """Whether a planted case owns, sold or is the home (its evidence must stay as planted)."""
    holders = {r.holder.id for r in estate.rights}
    holders |= {t.buyer.id for t in estate.transactions} | {
        t.seller.id for t in estate.transactions
    }
    return bool(({estate.id, estate.address.id} | holders) & planted)


def _lives_there(holder: object, estate: RealEstate) -> bool:
    return isinstance(holder, Person) and holder.current.address is estate.address


def _resell(chunk: Chunk, rng: random.Random, estate: RealEstate, adults: list[Person]) -> None:
    """A resale within half a year at a price from a small loss to a renovation's big rise."""
    last = estate.transactions[-1]
    when = last.when + timedelta(days=rng.randint(30, 183))
    if when >= chunk.reference:
        return
    # Most flips gain a few per cent; renovations 20-50 % (lognormal around 8 %).
    factor = max(0.9, rng.lognormvariate(0.08, 0.12))
    buyer = rng.choice(adults)
    if buyer is last.buyer:
        return
    sell(chunk, estate, when, last.buyer, [buyer], int(last.price * factor))


def _sell_to_fresh_company(
    chunk: Chunk, rng: random.Random, estate: RealEstate, adults: list[Person]
) -> None:
    """A sale to a one-property BV its investor founded weeks or months before."""
    last = estate.transactions[-1]
    when = last.when + timedelta(days=rng.randint(60, 700))
    if when >= chunk.reference:
        return
    investor = rng.choice(adults)
    founded = when - timedelta(days=rng.randint(10, 360))
    name = f"{investor.name.surname} Vastgoed B.V."
    company = chunk.new_company(name, BV, "68100", founded)
    chunk.add_officer(company, investor, "bestuurder", founded)
    chunk.add_officer(company, investor, "enig aandeelhouder", founded)
    chunk.new_account(company)
    factor = rng.uniform(0.95, 1.15)
    sell(chunk, estate, when, last.buyer, [company], int(last.price * factor))
