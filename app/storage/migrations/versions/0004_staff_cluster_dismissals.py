"""Staff console: wordings of unanswered questions set aside as off-topic (issue 18).

Revision ID: 0004_cluster_dismissals
Revises: 0003
Create Date: 2026-11-28 10:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_cluster_dismissals"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "staff_cluster_dismissals",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("wording_key", sa.String(length=64), nullable=False),
        sa.Column("reason", sa.String(length=32), nullable=False),
        sa.Column("dismissed_by", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index(
        "ix_staff_cluster_dismissals_wording_key", "staff_cluster_dismissals", ["wording_key"], unique=True
    )


def downgrade() -> None:
    op.drop_index("ix_staff_cluster_dismissals_wording_key", table_name="staff_cluster_dismissals")
    op.drop_table("staff_cluster_dismissals")
