"""school names as the imported file wrote them

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.add_column(sa.Column('full_name_source', sa.String(length=1000), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('short_name_source', sa.String(length=300), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('school', schema=None) as batch_op:
        batch_op.drop_column('short_name_source')
        batch_op.drop_column('full_name_source')
