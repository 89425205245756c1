"""seed the built-in rating scales

Revision ID: 0002
Revises: 0001
"""

import re
import unicodedata
from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Stand-ins for the tables as this revision knows them; never the live models.
scales = sa.table(
    "rating_scales",
    sa.column("id", sa.Integer),
    sa.column("slug", sa.String),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("is_builtin", sa.Boolean),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
levels = sa.table(
    "rating_levels",
    sa.column("id", sa.Integer),
    sa.column("scale_id", sa.Integer),
    sa.column("label", sa.String),
    sa.column("label_key", sa.String),
    sa.column("position", sa.Integer),
    sa.column("score", sa.Float),
    sa.column("bucket", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
aliases = sa.table(
    "rating_level_aliases",
    sa.column("level_id", sa.Integer),
    sa.column("alias", sa.String),
    sa.column("alias_key", sa.String),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)

# slug, name, description, levels best first: (label, score, bucket, aliases)
Level = tuple[str, float | None, str, list[str]]
SCALES: list[tuple[str, str, str, list[Level]]] = [
    (
        "politifact",
        "PolitiFact Truth-O-Meter",
        "PolitiFact's six ratings, from True to Pants on Fire.",
        [
            ("True", 1.0, "true", []),
            ("Mostly True", 0.8, "true", []),
            ("Half True", 0.6, "mixture", []),
            ("Mostly False", 0.4, "false", ["barely-true"]),
            ("False", 0.2, "false", []),
            ("Pants on Fire", 0.0, "false", ["pants-fire"]),
        ],
    ),
    (
        "pinocchios",
        "The Washington Post Fact Checker",
        "The Washington Post's Pinocchio Test, from the Geppetto Checkmark to Four Pinocchios.",
        [
            ("Geppetto Checkmark", 1.0, "true", ["Geppetto", "Checkmark"]),
            ("One Pinocchio", 0.75, "true", ["1 Pinocchio"]),
            ("Two Pinocchios", 0.5, "mixture", ["2 Pinocchios"]),
            ("Three Pinocchios", 0.25, "false", ["3 Pinocchios"]),
            ("Four Pinocchios", 0.0, "false", ["4 Pinocchios"]),
        ],
    ),
    (
        "basic",
        "Basic",
        "A plain scale: True, Mostly true, Misleading, False, Unproven.",
        [
            ("True", 1.0, "true", []),
            ("Mostly true", 0.75, "true", []),
            ("Misleading", 0.5, "mixture", []),
            ("False", 0.0, "false", []),
            ("Unproven", None, "other", ["Unverified"]),
        ],
    ),
]


def key(text: str) -> str:
    """Case- and accent-folded text with punctuation runs as single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    folded = unicodedata.normalize("NFC", stripped).casefold()
    return re.sub(r"[\W_]+", " ", folded).strip()


def upgrade() -> None:
    connection = op.get_bind()
    now = sa.func.current_timestamp()
    stamps = {"created_at": now, "updated_at": now}
    for slug, name, description, scale_levels in SCALES:
        connection.execute(
            scales.insert().values(
                slug=slug, name=name, description=description, is_builtin=True, **stamps
            )
        )
        scale_id = connection.execute(
            sa.select(scales.c.id).where(scales.c.slug == slug)
        ).scalar_one()
        for position, (label, score, bucket, level_aliases) in enumerate(scale_levels, 1):
            connection.execute(
                levels.insert().values(
                    scale_id=scale_id,
                    label=label,
                    label_key=key(label),
                    position=position,
                    score=score,
                    bucket=bucket,
                    **stamps,
                )
            )
            level_id = connection.execute(
                sa.select(levels.c.id).where(
                    levels.c.scale_id == scale_id, levels.c.position == position
                )
            ).scalar_one()
            for alias in level_aliases:
                connection.execute(
                    aliases.insert().values(
                        level_id=level_id, alias=alias, alias_key=key(alias), **stamps
                    )
                )


def downgrade() -> None:
    connection = op.get_bind()
    builtin = sa.select(scales.c.id).where(scales.c.slug.in_([s[0] for s in SCALES]))
    builtin_levels = sa.select(levels.c.id).where(levels.c.scale_id.in_(builtin))
    connection.execute(aliases.delete().where(aliases.c.level_id.in_(builtin_levels)))
    connection.execute(levels.delete().where(levels.c.scale_id.in_(builtin)))
    connection.execute(scales.delete().where(scales.c.slug.in_([s[0] for s in SCALES])))
