"""district scope, regional level, score counts, task maxima, named shares

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('district_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('extra_municipalities', sa.JSON(), nullable=False,
                                      server_default='[]'))
        batch_op.add_column(sa.Column('region_name', sa.String(length=300), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('assessment_result', schema=None) as batch_op:
        batch_op.add_column(sa.Column('score_counts', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('shares', sa.JSON(), nullable=True))
    with op.batch_alter_table('grading_scale', schema=None) as batch_op:
        batch_op.add_column(sa.Column('task_max', sa.JSON(), nullable=True))
        for name in ('min3', 'min4', 'min5'):  # maxima may be known before the thresholds
            batch_op.alter_column(name, existing_type=sa.Float(), nullable=True)
    op.create_table('reference_result',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('batch_id', sa.Integer(), nullable=True),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('procedure', sa.String(length=20), nullable=False),
    sa.Column('grade', sa.Integer(), nullable=False),
    sa.Column('subject', sa.String(length=100), nullable=False),
    sa.Column('session', sa.String(length=30), nullable=False),
    sa.Column('schools', sa.Integer(), nullable=False),
    sa.Column('municipalities', sa.Integer(), nullable=False),
    sa.Column('participants', sa.Integer(), nullable=True),
    sa.Column('absent', sa.Integer(), nullable=True),
    sa.Column('mark2', sa.Integer(), nullable=True),
    sa.Column('mark3', sa.Integer(), nullable=True),
    sa.Column('mark4', sa.Integer(), nullable=True),
    sa.Column('mark5', sa.Integer(), nullable=True),
    sa.Column('mean_score', sa.Float(), nullable=True),
    sa.Column('median_score', sa.Float(), nullable=True),
    sa.Column('max_score', sa.Float(), nullable=True),
    sa.Column('kv', sa.Float(), nullable=True),
    sa.Column('score_counts', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['batch_id'], ['import_batch.id'],
                            name=op.f('fk_reference_result_batch_id_import_batch'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reference_result')),
    sa.UniqueConstraint('level', 'year', 'procedure', 'grade', 'subject', 'session',
                        name='uq_reference_result_slice')
    )
    with op.batch_alter_table('reference_result', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reference_result_batch_id'), ['batch_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('reference_result', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reference_result_batch_id'))
    op.drop_table('reference_result')
    with op.batch_alter_table('grading_scale', schema=None) as batch_op:
        batch_op.drop_column('task_max')
        for name in ('min3', 'min4', 'min5'):
            batch_op.alter_column(name, existing_type=sa.Float(), nullable=False)
    with op.batch_alter_table('assessment_result', schema=None) as batch_op:
        batch_op.drop_column('shares')
        batch_op.drop_column('score_counts')
    with op.batch_alter_table('district_profile', schema=None) as batch_op:
        batch_op.drop_column('region_name')
        batch_op.drop_column('extra_municipalities')
