"""initial schema

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "actors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("name_key", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('person', 'organization')", name=op.f("ck_actors_kind_enum")),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_actors_name_not_blank")),
        sa.CheckConstraint(
            "merged_into_id IS NULL OR merged_into_id <> id", name=op.f("ck_actors_not_merged_self")
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"], ["actors.id"], name=op.f("fk_actors_merged_into_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actors")),
        sa.UniqueConstraint("import_key", name=op.f("uq_actors_import_key")),
    )
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_actors_merged_into_id"), ["merged_into_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_actors_name_key"), ["name_key"], unique=False)

    op.create_table(
        "change_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(length=300), nullable=False),
        sa.Column("action", sa.String(length=7), nullable=False),
        sa.Column("object_type", sa.String(length=64), nullable=False),
        sa.Column("object_id", sa.Integer(), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "action IN ('insert', 'update', 'delete', 'retract', 'merge')",
            name=op.f("ck_change_log_action_enum"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_change_log")),
    )
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.create_index("ix_change_log_object", ["object_type", "object_id"], unique=False)

    op.create_table(
        "propositions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_propositions_text_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_propositions")),
        sa.UniqueConstraint("import_key", name=op.f("uq_propositions_import_key")),
    )
    op.create_table(
        "topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("slug", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_topics_name_not_blank")),
        sa.CheckConstraint("length(trim(slug)) > 0", name=op.f("ck_topics_slug_not_blank")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topics")),
        sa.UniqueConstraint("slug", name=op.f("uq_topics_slug")),
    )
    op.create_table(
        "actor_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(trim(alias)) > 0", name=op.f("ck_actor_aliases_alias_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_actor_aliases_actor_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_actor_aliases")),
        sa.UniqueConstraint(
            "actor_id", "alias_key", name=op.f("uq_actor_aliases_actor_id_alias_key")
        ),
    )
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_actor_aliases_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_actor_aliases_alias_key"), ["alias_key"], unique=False)

    op.create_table(
        "affiliations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("role", sa.String(length=300), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=True),
        sa.Column("started_precision", sa.String(length=5), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("ended_precision", sa.String(length=5), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "ended_precision IS NULL OR ended_precision IN ('day', 'month', 'year')",
            name=op.f("ck_affiliations_ended_precision_enum"),
        ),
        sa.CheckConstraint(
            "started_precision IS NULL OR started_precision IN ('day', 'month', 'year')",
            name=op.f("ck_affiliations_started_precision_enum"),
        ),
        sa.CheckConstraint(
            "(ended_on IS NULL) = (ended_precision IS NULL)",
            name=op.f("ck_affiliations_ended_on_precision"),
        ),
        sa.CheckConstraint(
            "(started_on IS NULL) = (started_precision IS NULL)",
            name=op.f("ck_affiliations_started_on_precision"),
        ),
        sa.CheckConstraint(
            "organization_id IS NOT NULL OR role IS NOT NULL",
            name=op.f("ck_affiliations_role_or_org"),
        ),
        sa.CheckConstraint(
            "organization_id IS NULL OR organization_id <> actor_id",
            name=op.f("ck_affiliations_not_self"),
        ),
        sa.CheckConstraint(
            "started_on IS NULL OR ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_affiliations_dates_ordered"),
        ),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["actors.id"], name=op.f("fk_affiliations_actor_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"], ["actors.id"], name=op.f("fk_affiliations_organization_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_affiliations")),
    )
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_affiliations_actor_id"), ["actor_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_affiliations_organization_id"), ["organization_id"], unique=False
        )

    op.create_table(
        "proposition_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposition_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposition_id"],
            ["propositions.id"],
            name=op.f("fk_proposition_topics_proposition_id_propositions"),
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_proposition_topics_topic_id_topics")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposition_topics")),
        sa.UniqueConstraint(
            "proposition_id", "topic_id", name=op.f("uq_proposition_topics_proposition_id_topic_id")
        ),
    )
    with op.batch_alter_table("proposition_topics", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposition_topics_topic_id"), ["topic_id"], unique=False
        )

    op.create_table(
        "rating_scales",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=300), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("is_builtin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("length(trim(name)) > 0", name=op.f("ck_rating_scales_name_not_blank")),
        sa.CheckConstraint("length(trim(slug)) > 0", name=op.f("ck_rating_scales_slug_not_blank")),
        sa.ForeignKeyConstraint(
            ["publisher_id"], ["actors.id"], name=op.f("fk_rating_scales_publisher_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_scales")),
        sa.UniqueConstraint("slug", name=op.f("uq_rating_scales_slug")),
    )
    with op.batch_alter_table("rating_scales", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_scales_publisher_id"), ["publisher_id"], unique=False
        )

    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=15), nullable=False),
        sa.Column("title", sa.Text(), nullable=True),
        sa.Column("url", sa.String(length=2048), nullable=True),
        sa.Column("archive_url", sa.String(length=2048), nullable=True),
        sa.Column("publisher_id", sa.Integer(), nullable=True),
        sa.Column("published_on", sa.Date(), nullable=True),
        sa.Column("published_precision", sa.String(length=5), nullable=True),
        sa.Column("content_hash", sa.String(length=128), nullable=True),
        sa.Column("licence", sa.String(length=300), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('article', 'transcript', 'video', 'audio', 'press-release', 'official-record', 'social-post', 'dataset', 'review', 'other')",
            name=op.f("ck_sources_kind_enum"),
        ),
        sa.CheckConstraint(
            "published_precision IS NULL OR published_precision IN ('day', 'month', 'year')",
            name=op.f("ck_sources_published_precision_enum"),
        ),
        sa.CheckConstraint(
            "(published_on IS NULL) = (published_precision IS NULL)",
            name=op.f("ck_sources_published_on_precision"),
        ),
        sa.CheckConstraint(
            "url IS NOT NULL OR title IS NOT NULL", name=op.f("ck_sources_url_or_title")
        ),
        sa.ForeignKeyConstraint(
            ["publisher_id"], ["actors.id"], name=op.f("fk_sources_publisher_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sources")),
        sa.UniqueConstraint("import_key", name=op.f("uq_sources_import_key")),
        sa.UniqueConstraint("url", name=op.f("uq_sources_url")),
    )
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sources_publisher_id"), ["publisher_id"], unique=False)

    op.create_table(
        "claims",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("wording", sa.String(length=10), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("stated_on", sa.Date(), nullable=True),
        sa.Column("stated_precision", sa.String(length=5), nullable=True),
        sa.Column("stated_time", sa.Time(), nullable=True),
        sa.Column("venue", sa.Text(), nullable=True),
        sa.Column("language", sa.String(length=35), nullable=True),
        sa.Column("first_source_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("retracted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("retraction_reason", sa.Text(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(status = 'active' AND retracted_at IS NULL AND retraction_reason IS NULL) OR (status = 'retracted' AND retracted_at IS NOT NULL AND retraction_reason IS NOT NULL)",
            name=op.f("ck_claims_retraction"),
        ),
        sa.CheckConstraint(
            "stated_precision IS NULL OR stated_precision IN ('day', 'month', 'year')",
            name=op.f("ck_claims_stated_precision_enum"),
        ),
        sa.CheckConstraint(
            "stated_time IS NULL OR stated_precision = 'day'", name=op.f("ck_claims_time_needs_day")
        ),
        sa.CheckConstraint("status IN ('active', 'retracted')", name=op.f("ck_claims_status_enum")),
        sa.CheckConstraint(
            "wording IN ('quote', 'paraphrase')", name=op.f("ck_claims_wording_enum")
        ),
        sa.CheckConstraint(
            "(stated_on IS NULL) = (stated_precision IS NULL)",
            name=op.f("ck_claims_stated_on_precision"),
        ),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_claims_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["first_source_id"], ["sources.id"], name=op.f("fk_claims_first_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["actors.id"], name=op.f("fk_claims_speaker_id_actors")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claims")),
        sa.UniqueConstraint("import_key", name=op.f("uq_claims_import_key")),
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claims_first_source_id"), ["first_source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_claims_speaker_id"), ["speaker_id"], unique=False)

    op.create_table(
        "rating_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("label_key", sa.String(length=300), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("bucket", sa.String(length=7), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "bucket IN ('true', 'mixture', 'false', 'other')",
            name=op.f("ck_rating_levels_bucket_enum"),
        ),
        sa.CheckConstraint(
            "length(trim(label)) > 0", name=op.f("ck_rating_levels_label_not_blank")
        ),
        sa.CheckConstraint("position >= 1", name=op.f("ck_rating_levels_position_positive")),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= 1)",
            name=op.f("ck_rating_levels_score_range"),
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["rating_scales.id"], name=op.f("fk_rating_levels_scale_id_rating_scales")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_levels")),
        sa.UniqueConstraint("scale_id", "id", name=op.f("uq_rating_levels_scale_id_id")),
        sa.UniqueConstraint(
            "scale_id", "label_key", name=op.f("uq_rating_levels_scale_id_label_key")
        ),
        sa.UniqueConstraint(
            "scale_id", "position", name=op.f("uq_rating_levels_scale_id_position")
        ),
    )
    op.create_table(
        "appearances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("appeared_on", sa.Date(), nullable=True),
        sa.Column("appeared_precision", sa.String(length=5), nullable=True),
        sa.Column("locator", sa.String(length=300), nullable=True),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "appeared_precision IS NULL OR appeared_precision IN ('day', 'month', 'year')",
            name=op.f("ck_appearances_appeared_precision_enum"),
        ),
        sa.CheckConstraint(
            "(appeared_on IS NULL) = (appeared_precision IS NULL)",
            name=op.f("ck_appearances_appeared_on_precision"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_appearances_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_appearances_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_appearances")),
        sa.UniqueConstraint("import_key", name=op.f("uq_appearances_import_key")),
    )
    with op.batch_alter_table("appearances", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_appearances_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_appearances_source_id"), ["source_id"], unique=False)

    op.create_table(
        "claim_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_a_id", sa.Integer(), nullable=False),
        sa.Column("claim_b_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=11), nullable=False),
        sa.Column("status", sa.String(length=9), nullable=False),
        sa.Column("method", sa.String(length=10), nullable=False),
        sa.Column("score", sa.Float(), nullable=True),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind IN ('contradicts', 'supports', 'repeats', 'same-as', 'clarifies')",
            name=op.f("ck_claim_links_kind_enum"),
        ),
        sa.CheckConstraint(
            "kind NOT IN ('contradicts', 'same-as') OR claim_a_id < claim_b_id",
            name=op.f("ck_claim_links_symmetric_ordered"),
        ),
        sa.CheckConstraint(
            "method IN ('manual', 'rule', 'similarity')", name=op.f("ck_claim_links_method_enum")
        ),
        sa.CheckConstraint(
            "status IN ('suggested', 'confirmed', 'rejected')",
            name=op.f("ck_claim_links_status_enum"),
        ),
        sa.CheckConstraint("claim_a_id <> claim_b_id", name=op.f("ck_claim_links_not_self")),
        sa.CheckConstraint(
            "score IS NULL OR (score >= 0 AND score <= 1)", name=op.f("ck_claim_links_score_range")
        ),
        sa.ForeignKeyConstraint(
            ["claim_a_id"], ["claims.id"], name=op.f("fk_claim_links_claim_a_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["claim_b_id"], ["claims.id"], name=op.f("fk_claim_links_claim_b_id_claims")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_links")),
        sa.UniqueConstraint(
            "claim_a_id",
            "claim_b_id",
            "kind",
            name=op.f("uq_claim_links_claim_a_id_claim_b_id_kind"),
        ),
        sa.UniqueConstraint("import_key", name=op.f("uq_claim_links_import_key")),
    )
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_links_claim_b_id"), ["claim_b_id"], unique=False)

    op.create_table(
        "claim_stances",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("proposition_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=9), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stance IN ('asserts', 'denies', 'qualifies')",
            name=op.f("ck_claim_stances_stance_enum"),
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_stances_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["proposition_id"],
            ["propositions.id"],
            name=op.f("fk_claim_stances_proposition_id_propositions"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_stances")),
        sa.UniqueConstraint(
            "claim_id", "proposition_id", name=op.f("uq_claim_stances_claim_id_proposition_id")
        ),
    )
    with op.batch_alter_table("claim_stances", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claim_stances_proposition_id"), ["proposition_id"], unique=False
        )

    op.create_table(
        "claim_topics",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_claim_topics_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"], ["topics.id"], name=op.f("fk_claim_topics_topic_id_topics")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_topics")),
        sa.UniqueConstraint("claim_id", "topic_id", name=op.f("uq_claim_topics_claim_id_topic_id")),
    )
    with op.batch_alter_table("claim_topics", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claim_topics_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=8), nullable=False),
        sa.Column("excerpt", sa.Text(), nullable=True),
        sa.Column("locator", sa.String(length=300), nullable=True),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "stance IN ('supports', 'refutes', 'context')", name=op.f("ck_evidence_stance_enum")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_evidence_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_evidence_source_id_sources")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence")),
        sa.UniqueConstraint("import_key", name=op.f("uq_evidence_import_key")),
    )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_source_id"), ["source_id"], unique=False)

    op.create_table(
        "rating_level_aliases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.Column("alias_key", sa.String(length=300), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "length(trim(alias)) > 0", name=op.f("ck_rating_level_aliases_alias_not_blank")
        ),
        sa.ForeignKeyConstraint(
            ["level_id"],
            ["rating_levels.id"],
            name=op.f("fk_rating_level_aliases_level_id_rating_levels"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rating_level_aliases")),
        sa.UniqueConstraint(
            "level_id", "alias_key", name=op.f("uq_rating_level_aliases_level_id_alias_key")
        ),
    )
    with op.batch_alter_table("rating_level_aliases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rating_level_aliases_alias_key"), ["alias_key"], unique=False
        )

    op.create_table(
        "verdicts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=False),
        sa.Column("scale_id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("review_url", sa.String(length=2048), nullable=True),
        sa.Column("review_source_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_on", sa.Date(), nullable=True),
        sa.Column("reviewed_precision", sa.String(length=5), nullable=True),
        sa.Column("supersedes_id", sa.Integer(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "reviewed_precision IS NULL OR reviewed_precision IN ('day', 'month', 'year')",
            name=op.f("ck_verdicts_reviewed_precision_enum"),
        ),
        sa.CheckConstraint(
            "(reviewed_on IS NULL) = (reviewed_precision IS NULL)",
            name=op.f("ck_verdicts_reviewed_on_precision"),
        ),
        sa.CheckConstraint(
            "supersedes_id IS NULL OR supersedes_id <> id", name=op.f("ck_verdicts_not_self")
        ),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_verdicts_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["review_source_id"], ["sources.id"], name=op.f("fk_verdicts_review_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"], ["actors.id"], name=op.f("fk_verdicts_reviewer_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["scale_id", "level_id"],
            ["rating_levels.scale_id", "rating_levels.id"],
            name="fk_verdicts_level_in_scale",
        ),
        sa.ForeignKeyConstraint(
            ["scale_id"], ["rating_scales.id"], name=op.f("fk_verdicts_scale_id_rating_scales")
        ),
        sa.ForeignKeyConstraint(
            ["supersedes_id"], ["verdicts.id"], name=op.f("fk_verdicts_supersedes_id_verdicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_verdicts")),
        sa.UniqueConstraint("import_key", name=op.f("uq_verdicts_import_key")),
        sa.UniqueConstraint("supersedes_id", name=op.f("uq_verdicts_supersedes_id")),
    )
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_verdicts_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_verdicts_level_id"), ["level_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_verdicts_review_source_id"), ["review_source_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_verdicts_reviewer_id"), ["reviewer_id"], unique=False)

    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("claim_id", sa.Integer(), nullable=True),
        sa.Column("verdict_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=13), nullable=False),
        sa.Column("issued_by_id", sa.Integer(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("issued_precision", sa.String(length=5), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("import_key", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "issued_precision IS NULL OR issued_precision IN ('day', 'month', 'year')",
            name=op.f("ck_corrections_issued_precision_enum"),
        ),
        sa.CheckConstraint(
            "kind IN ('retraction', 'clarification', 'third-party', 'newsroom')",
            name=op.f("ck_corrections_kind_enum"),
        ),
        sa.CheckConstraint(
            "(claim_id IS NULL) <> (verdict_id IS NULL)", name=op.f("ck_corrections_one_target")
        ),
        sa.CheckConstraint(
            "(issued_on IS NULL) = (issued_precision IS NULL)",
            name=op.f("ck_corrections_issued_on_precision"),
        ),
        sa.CheckConstraint("length(trim(text)) > 0", name=op.f("ck_corrections_text_not_blank")),
        sa.ForeignKeyConstraint(
            ["claim_id"], ["claims.id"], name=op.f("fk_corrections_claim_id_claims")
        ),
        sa.ForeignKeyConstraint(
            ["issued_by_id"], ["actors.id"], name=op.f("fk_corrections_issued_by_id_actors")
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["sources.id"], name=op.f("fk_corrections_source_id_sources")
        ),
        sa.ForeignKeyConstraint(
            ["verdict_id"], ["verdicts.id"], name=op.f("fk_corrections_verdict_id_verdicts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corrections")),
        sa.UniqueConstraint("import_key", name=op.f("uq_corrections_import_key")),
    )
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_corrections_claim_id"), ["claim_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_corrections_issued_by_id"), ["issued_by_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corrections_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_corrections_verdict_id"), ["verdict_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("corrections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corrections_verdict_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_source_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_issued_by_id"))
        batch_op.drop_index(batch_op.f("ix_corrections_claim_id"))

    op.drop_table("corrections")
    with op.batch_alter_table("verdicts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_verdicts_reviewer_id"))
        batch_op.drop_index(batch_op.f("ix_verdicts_review_source_id"))
        batch_op.drop_index(batch_op.f("ix_verdicts_level_id"))
        batch_op.drop_index(batch_op.f("ix_verdicts_claim_id"))

    op.drop_table("verdicts")
    with op.batch_alter_table("rating_level_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_level_aliases_alias_key"))

    op.drop_table("rating_level_aliases")
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_source_id"))
        batch_op.drop_index(batch_op.f("ix_evidence_claim_id"))

    op.drop_table("evidence")
    with op.batch_alter_table("claim_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_topics_topic_id"))

    op.drop_table("claim_topics")
    with op.batch_alter_table("claim_stances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_stances_proposition_id"))

    op.drop_table("claim_stances")
    with op.batch_alter_table("claim_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claim_links_claim_b_id"))

    op.drop_table("claim_links")
    with op.batch_alter_table("appearances", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_appearances_source_id"))
        batch_op.drop_index(batch_op.f("ix_appearances_claim_id"))

    op.drop_table("appearances")
    op.drop_table("rating_levels")
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_claims_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_claims_first_source_id"))

    op.drop_table("claims")
    with op.batch_alter_table("sources", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sources_publisher_id"))

    op.drop_table("sources")
    with op.batch_alter_table("rating_scales", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rating_scales_publisher_id"))

    op.drop_table("rating_scales")
    with op.batch_alter_table("proposition_topics", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposition_topics_topic_id"))

    op.drop_table("proposition_topics")
    with op.batch_alter_table("affiliations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_affiliations_organization_id"))
        batch_op.drop_index(batch_op.f("ix_affiliations_actor_id"))

    op.drop_table("affiliations")
    with op.batch_alter_table("actor_aliases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actor_aliases_alias_key"))
        batch_op.drop_index(batch_op.f("ix_actor_aliases_actor_id"))

    op.drop_table("actor_aliases")
    op.drop_table("topics")
    op.drop_table("propositions")
    with op.batch_alter_table("change_log", schema=None) as batch_op:
        batch_op.drop_index("ix_change_log_object")

    op.drop_table("change_log")
    with op.batch_alter_table("actors", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_actors_name_key"))
        batch_op.drop_index(batch_op.f("ix_actors_merged_into_id"))

    op.drop_table("actors")
