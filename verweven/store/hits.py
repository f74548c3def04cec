"""Hit/no-hit: "does any partner know this person, company or address?" answered per partner
source with known / not known and whom to contact — never with content. Every question is
audited under the datasets it was put to, so each answering partner sees it in its own log,
and questions are limited per account and hour."""

import json
import uuid
from datetime import timedelta
from typing import Any

from verweven.access import Action, Actor, Decision
from verweven.errors import UsageError
from verweven.settings import get_settings
from verweven.store.guard import Guard
from verweven.store.records import HitAnswer, HitQuestion, PartnerAnswer
from verweven.store.rows import utc_now

# Properties that hold a person's or company's identifiers, a name, and an address's text.
IDENTIFIER_PROPS = ("idNumber", "taxNumber", "registrationNumber", "innCode", "vatCode")


class HitNoHit(Guard):
    """Ask partner sources whether they know a subject."""

    def ask_hit(self, actor: Actor, question: HitQuestion) -> HitAnswer:
        """Ask every partner source the actor may ask for its purpose and case."""
        if not question.is_complete():
            raise UsageError(
                "a hit/no-hit question names a BSN, a KvK number, an address, or a name with "
                "a date of birth"
            )
        self.require_purpose(actor, Action.ASK_HIT)
        self._limit_questions(actor)
        asked = self._permitted(actor, Action.ASK_HIT)
        if not asked:
            self._refuse(
                actor,
                Action.ASK_HIT,
                "hit/no-hit",
                Decision(False),
                f"no partner source may be asked for purpose {actor.purpose}"
                + ("" if actor.case else " without a case reference (--case)"),
            )
        matched = self._match(question)
        holding = self._holding(matched, asked)
        answers = self._answers(asked, holding)
        answer = HitAnswer(question_id=uuid.uuid4().hex, asked_at=utc_now(), answers=answers)
        self._record_question(actor, question, answer, asked)
        return answer

    def _limit_questions(self, actor: Actor) -> None:
        limit = get_settings().hit_questions_per_hour
        since = utc_now() - timedelta(hours=1)
        [(asked,)] = self._fetchall(
            "SELECT count(*) FROM audit_events WHERE action = 'ask_hit' AND decision = 'allow' "
            "AND actor = ? AND occurred_at >= ?",
            (actor.name, since),
        )
        if asked >= limit:
            self._refuse(
                actor,
                Action.ASK_HIT,
                "hit/no-hit",
                Decision(False),
                f"{actor.name} asked {asked} hit/no-hit questions in the last hour; the limit "
                f"is {limit} (VERWEVEN_HIT_QUESTIONS_PER_HOUR)",
            )

    def _match(self, question: HitQuestion) -> list[str]:
        """The resolved entities the question is about, through every delivery (resolution
        is what lets one partner's identifier find another partner's record)."""
        found: set[str] | None = None
        for sql, params in _conditions(question):
            ids = {row[0] for row in self._fetchall(sql, params)}
            found = ids if found is None else found & ids
        return sorted(found or ())

    def _holding(self, canonical_ids: list[str], datasets: list[str]) -> set[str]:
        """The datasets (of those asked) that hold anything on these entities."""
        if not canonical_ids or not datasets:
            return set()
        rows = self._fetchall(
            "SELECT DISTINCT dataset FROM statements WHERE canonical_id = ANY(?) "
            "AND dataset = ANY(?) "
            "AND entity_id NOT IN (SELECT entity_id FROM restricted_records)",
            (canonical_ids, datasets),
        )
        return {row[0] for row in rows}

    def _answers(self, asked: list[str], holding: set[str]) -> list[PartnerAnswer]:
        by_partner: dict[str, list[str]] = {}
        for name in asked:
            by_partner.setdefault(self._dataset(name).partner, []).append(name)
        return [
            PartnerAnswer(
                partner=partner,
                hit=any(name in holding for name in names),
                contact="; ".join(sorted({c for n in names if (c := self._dataset(n).contact)}))
                or "(geen contactpersoon geregistreerd)",
            )
            for partner, names in sorted(by_partner.items())
        ]

    def _record_question(
        self, actor: Actor, question: HitQuestion, answer: HitAnswer, asked: list[str]
    ) -> None:
        hits = sum(a.hit for a in answer.answers)
        with self._transaction():
            event = self._audit(
                actor,
                Action.ASK_HIT,
                target=f"question {answer.question_id}",
                datasets=asked,
                query=question.canonical(),
                result_size=hits,
                detail=f"{len(answer.answers)} partners asked, {hits} with a hit",
            )
            answers: list[dict[str, Any]] = [a.__dict__ for a in answer.answers]
            self._execute(
                "INSERT INTO hit_questions (id, asked_at, asker, partner, purpose, case_ref, "
                "query_digest, answers) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (answer.question_id, answer.asked_at, actor.name, actor.partner,
                 actor.purpose or "", actor.case or "", event.query_digest,
                 json.dumps(answers, sort_keys=True)),
            )  # fmt: skip


def _conditions(question: HitQuestion) -> list[tuple[str, list[Any]]]:
    """One query per thing the question names; an entity must match all of them."""
    select = "SELECT DISTINCT canonical_id FROM statements WHERE "
    conditions: list[tuple[str, list[Any]]] = []
    for identifier in (question.bsn, question.kvk):
        if identifier:
            conditions.append(
                (
                    select + "prop = ANY(?) AND value = ?",
                    [list(IDENTIFIER_PROPS), identifier.strip()],
                )
            )
    if question.name and question.birth_date:
        conditions.append(
            (select + "prop = 'name' AND lower(value) = lower(?)", [question.name.strip()])
        )
        conditions.append(
            (select + "prop = 'birthDate' AND value = ?", [question.birth_date.strip()])
        )
    if question.address:
        conditions.append(
            (select + "prop = 'full' AND schema = 'Address' AND lower(value) = lower(?)",
             [question.address.strip()])
        )  # fmt: skip
    return conditions
