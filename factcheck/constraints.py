"""Human words for the database rules a change can break.

Both backends name the constraint (or, for SQLite's unique and not-null failures, the
columns) in the driver's message; this maps either to a sentence a user can act on. SQLite
names no foreign key, so there every broken reference gets the same sentence.
"""

import re
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Constraint, Table

MESSAGES = {
    "ck_claim_links_not_self": "a claim cannot be linked to itself",
    "ck_claim_links_symmetric_ordered": "a symmetric link must be stored lower claim id first",
    "uq_claim_links_claim_a_id_claim_b_id_kind": "these two claims are already linked this way",
    "uq_sources_url": "a source with this URL already exists",
    "fk_verdicts_level_in_scale": "the rating does not belong to the verdict's scale",
    "uq_verdicts_supersedes_id": "that verdict has already been superseded",
    "ck_corrections_one_target": "a correction targets exactly one claim or one verdict",
    "uq_claim_topics_claim_id_topic_id": "the claim already has this topic",
    "uq_claim_stances_claim_id_proposition_id": "the claim already takes a stance on it",
    "uq_topics_slug": "a topic with this name already exists",
    "uq_rating_scales_slug": "a rating scale with this slug already exists",
    "uq_rating_levels_scale_id_label_key": "the scale already has a level with this label",
    "uq_actor_aliases_actor_id_alias_key": "the actor already has this alias",
    "ck_affiliations_dates_ordered": "an affiliation cannot end before it starts",
    "ck_affiliations_not_self": "an actor cannot be affiliated with itself",
    "ck_affiliations_role_or_org": "an affiliation needs an organisation or a role",
    "ck_actors_not_merged_self": "an actor cannot be merged into itself",
    "ck_claims_time_needs_day": "a time of day needs a date given to the day",
    "ck_claims_retraction": (
        "a retracted claim needs the time and the reason of its retraction,"
        " and an active claim has neither"
    ),
    "ck_sources_url_or_title": "a source needs a URL or a title",
    "ck_verdicts_not_self": "a verdict cannot supersede itself",
    "ck_claim_links_score_range": "a link's score must be between 0 and 1",
    "ck_rating_levels_score_range": "a rating's score must be between 0 and 1",
    "ck_rating_levels_position_positive": "a rating's position must be 1 or more",
    "uq_rating_levels_scale_id_position": "the scale already has a level at this position",
    "uq_rating_levels_scale_id_id": "the scale already has this level",
    "uq_rating_level_aliases_level_id_alias_key": "the rating already has this alias",
    "uq_proposition_topics_proposition_id_topic_id": "the proposition already has this topic",
}
MISSING_REFERENCE = "the change refers to something that does not exist"
STILL_REFERRED_TO = "the change removes something that other records still refer to"


@cache
def _shared_rule_messages() -> dict[str, str]:
    """Sentences for the kinds of rule many tables share, by constraint name: allowed values,
    non-blank text, dates with their precision, references, keys."""
    from factcheck.models import Base

    messages: dict[str, str] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            name = str(constraint.name)
            sentence = _shared_rule_message(
                table, constraint, name.removeprefix(f"ck_{table.name}_")
            )
            if sentence:
                messages[name] = sentence
    return messages


def _shared_rule_message(table: "Table", constraint: "Constraint", rule: str) -> str | None:
    from sqlalchemy import ForeignKeyConstraint, PrimaryKeyConstraint, UniqueConstraint

    from factcheck.db import StrEnumType

    if isinstance(constraint, ForeignKeyConstraint):
        return MISSING_REFERENCE
    if isinstance(constraint, PrimaryKeyConstraint):
        return "an item with this id already exists"
    if isinstance(constraint, UniqueConstraint):
        columns = [column.name for column in constraint.columns]
        return "an item with this import key already exists" if columns == ["import_key"] else None
    enumerated = table.c.get(rule.removesuffix("_enum")) if rule.endswith("_enum") else None
    if enumerated is not None and isinstance(enumerated.type, StrEnumType):
        values = ", ".join(member.value for member in enumerated.type.enum_class)
        return f"the {enumerated.name.replace('_', ' ')} must be one of: {values}"
    if rule.endswith("_not_blank"):
        return f"the {rule.removesuffix('_not_blank').replace('_', ' ')} cannot be blank"
    if rule.endswith("_on_precision"):
        prefix = rule.removesuffix("_on_precision").replace("_", " ")
        return (
            f"the {prefix} date needs a precision (day, month or year),"
            " and a precision needs a date"
        )
    return None


@cache
def _sqlite_unique_columns() -> dict[str, str]:
    """``"table.col1, table.col2"`` (as SQLite reports it) -> the constraint's name."""
    from sqlalchemy import PrimaryKeyConstraint, UniqueConstraint

    from factcheck.models import Base

    names: dict[str, str] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint) and isinstance(
                constraint.name, str
            ):
                columns = ", ".join(f"{table.name}.{column.name}" for column in constraint.columns)
                names[columns] = constraint.name
    return names


def constraint_name(driver_message: str) -> str | None:
    """The constraint a driver's error message names, if it names one."""
    quoted = re.search(r'constraint "([^"]+)"', driver_message)
    if quoted:
        return quoted.group(1)
    check = re.search(r"CHECK constraint failed: (\w+)", driver_message)
    if check:
        return check.group(1)
    unique = re.search(r"UNIQUE constraint failed: ([\w., ]+)", driver_message)
    if unique:
        return _sqlite_unique_columns().get(unique.group(1).strip())
    return None


def describe_violation(driver_message: str) -> str:
    """One line saying which rule the change broke."""
    name = constraint_name(driver_message)
    if name and driver_message.startswith("update or delete on table"):
        return STILL_REFERRED_TO
    if name:
        known = MESSAGES.get(name) or _shared_rule_messages().get(name)
        return known or f"the change breaks the rule {name}"
    if "FOREIGN KEY" in driver_message:
        return MISSING_REFERENCE
    not_null = re.search(r"NOT NULL constraint failed: ([\w.]+)", driver_message) or re.search(
        r'null value in column "(\w+)" of relation "(\w+)"', driver_message
    )
    if not_null:
        where = ".".join(reversed(not_null.groups()))
        return f"a required value is missing: {where}"
    return "the change breaks a rule of the database"
