"""Human words for the database rules a change can break.

Both backends name the constraint (or, for SQLite's unique and not-null failures, the
columns) in the driver's message; this maps either to a sentence a user can act on.
"""

import re
from functools import cache

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
}


@cache
def _sqlite_unique_columns() -> dict[str, str]:
    """``"table.col1, table.col2"`` (as SQLite reports it) -> the constraint's name."""
    from sqlalchemy import UniqueConstraint

    from factcheck.models import Base

    names: dict[str, str] = {}
    for table in Base.metadata.tables.values():
        for constraint in table.constraints:
            if isinstance(constraint, UniqueConstraint) and isinstance(constraint.name, str):
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
    if name in MESSAGES:
        return MESSAGES[name]
    if name:
        return f"the change breaks the rule {name}"
    if "FOREIGN KEY" in driver_message or "foreign key" in driver_message:
        return "the change refers to something that does not exist"
    not_null = re.search(r"NOT NULL constraint failed: ([\w.]+)|column \"(\w+)\"", driver_message)
    if not_null:
        return f"a required value is missing: {not_null.group(1) or not_null.group(2)}"
    return "the change breaks a rule of the database"
