"""The knowledge index in the database (used when ASSISTANT_DATABASE_URL is PostgreSQL): content-addressed
chunks, their terms' posting lists per ingest (segment), and per generation its rows, term document
frequencies and manifest, with one `kb_current` row as the commit point every worker on every machine reads."""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":  # SQLite: the index stays in files under ASSISTANT_HOME
        return
    op.execute("CREATE SEQUENCE kb_chunk_no")
    op.create_table(
        "kb_chunks",  # one row per distinct chunk (text and metadata), shared by the generations holding it
        sa.Column("chunk_key", sa.String(40), primary_key=True),
        sa.Column("chunk_no", sa.BigInteger, nullable=False, unique=True),  # the number postings refer to
        sa.Column("segment", sa.Integer, nullable=False),  # the generation whose ingest indexed its terms
        sa.Column("body", sa.Text, nullable=False),  # the chunk as JSON
        sa.Column("length", sa.Integer, nullable=False),  # lexicon terms, the BM25 document length
    )
    op.create_table(
        "kb_segment_terms",  # the inverted index, one posting list per term and segment (an ingest's chunks)
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("segment", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("chunk_nos", sa.LargeBinary, nullable=False),  # int32 chunk numbers, ascending
        sa.Column("tfs", sa.LargeBinary, nullable=False),  # int32 counts of the term in each chunk
    )
    for column in ("chunk_nos", "tfs"):  # packed numbers do not compress: store them plain, read them fast
        op.execute(f"ALTER TABLE kb_segment_terms ALTER COLUMN {column} SET STORAGE EXTERNAL")
    op.create_table(
        "kb_generations",
        sa.Column("generation", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("manifest", sa.Text, nullable=False),  # documents, embedder, live segments, writer pid (JSON)
        sa.Column("n_rows", sa.Integer, nullable=False),
        sa.Column("ngram_idf", sa.LargeBinary, nullable=True),  # the n-gram embedder's fitted idf (.npy bytes)
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "kb_members",  # the rows of a generation, in retrieval order
        sa.Column("generation", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("row", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("chunk_key", sa.String(40), nullable=False),
        sa.Column("vector_key", sa.String(80), nullable=False),
    )
    op.create_index("ix_kb_members_chunk", "kb_members", ["chunk_key"])
    op.create_table(
        "kb_df",  # document frequency of each term in a generation
        sa.Column("generation", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("term", sa.Text, primary_key=True),
        sa.Column("df", sa.Integer, nullable=False),
    )
    op.create_table(
        "kb_current",  # one row: the live generation (0 = empty knowledge base)
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("generation", sa.Integer, nullable=False),
        sa.CheckConstraint("id = 1", name="kb_current_single_row"),
    )
    op.execute("INSERT INTO kb_current (id, generation) VALUES (1, 0)")
    op.create_table(
        "kb_flags",  # the writer's notes across crashes and machines: vectors pending a commit, a broken collection
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in ("kb_flags", "kb_current", "kb_df", "kb_members", "kb_generations", "kb_segment_terms", "kb_chunks"):
        op.drop_table(table)
    op.execute("DROP SEQUENCE kb_chunk_no")
