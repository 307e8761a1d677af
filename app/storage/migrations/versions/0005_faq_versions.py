"""The FAQ improvement loop: published FAQ versions and staff drafts (issue 18).

Revision ID: 0005_faq_versions
Revises: 0004_cluster_dismissals
Create Date: 2026-11-28 13:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_faq_versions"
down_revision: str | None = "0004_cluster_dismissals"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "faq_versions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("version", sa.String(length=16), nullable=False),
        sa.Column("parent_version", sa.String(length=16), nullable=True),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("draft_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("entries", sa.JSON(), nullable=False),
        sa.Column("entry_count", sa.Integer(), nullable=False),
        sa.Column("published_by", sa.String(length=64), nullable=False),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_faq_versions_version", "faq_versions", ["version"], unique=False)
    op.create_index("ix_faq_versions_published_at", "faq_versions", ["published_at"], unique=False)
    op.create_table(
        "faq_drafts",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("faq_id", sa.String(length=64), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("summary", sa.String(length=200), nullable=False),
        sa.Column("base_version", sa.String(length=16), nullable=False),
        sa.Column("author", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by", sa.String(length=64), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("published_version", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_faq_drafts_faq_id", "faq_drafts", ["faq_id"], unique=False)
    op.create_index("ix_faq_drafts_status", "faq_drafts", ["status"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_faq_drafts_status", table_name="faq_drafts")
    op.drop_index("ix_faq_drafts_faq_id", table_name="faq_drafts")
    op.drop_table("faq_drafts")
    op.drop_index("ix_faq_versions_published_at", table_name="faq_versions")
    op.drop_index("ix_faq_versions_version", table_name="faq_versions")
    op.drop_table("faq_versions")
