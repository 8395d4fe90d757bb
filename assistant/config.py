"""One Settings object for the whole product, read from ASSISTANT_* environment variables."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_HOME = Path.home() / ".local" / "share" / "daihou-assistant"


class Settings(BaseSettings):
    """Typed configuration; every knob of the product lives here."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    environment: Literal["development", "production"] = "development"
    home: Path = DEFAULT_HOME

    # records and conversations: SQLite under home unless a URL is given (PostgreSQL in production)
    database_url: str | None = None

    # knowledge index (catalog, chunks, lexical terms and statistics): "auto" keeps it in PostgreSQL when
    # database_url is PostgreSQL (shared by every worker on every machine), else in files under home
    index_backend: Literal["auto", "files", "postgres"] = "auto"

    # uploaded source files: under home unless set (a directory every application server mounts, so a
    # re-index on any machine finds them)
    uploads_path: Path | None = None

    # vector store: embedded PersistentClient under home, or a Chroma server when set (http://host:port)
    chroma_url: str | None = None
    chroma_collection: str = "daihou_chunks"

    # embeddings: "ngram" needs no download; "st" loads a sentence-transformers model from st_model
    embedder: Literal["ngram", "wordvec", "st", "none"] = "ngram"
    st_model: str | None = None
    st_device: str = "cpu"
    st_query_prefix: str | None = None  # None: the bge-*-zh instruction for bge models, none otherwise
    # offline word semantics (Cilin + word vectors, assistant/knowledge/semantic.py): "" = this
    # installation's folder built by `assistant semantic build`; "off" = lexical matching only
    semantic_data: str = ""

    # generation: grounded extractive composer unless an OpenAI-compatible server is configured
    llm_base_url: str | None = None
    llm_api_key: str = "not-needed"
    llm_model: str = "qwen2.5-7b-instruct"
    llm_timeout_s: float = 30.0
    llm_temperature: float = 0.1

    # business date (检查基准日) for signals, drafts and meetings; unset = the system date
    today: date | None = None

    # limits
    max_question_chars: int = 2000
    max_upload_bytes: int = 20 * 1024 * 1024
    # scanned PDF pages (no text layer): "auto" takes the engine measured best in evals/ocr that is installed
    # (rapidocr, else tesseract); "off" skips them with a warning. A file with more scanned pages is refused.
    ocr_engine: str = "auto"
    ocr_max_pages: int = 200
    rate_limit_per_minute: int = 120

    # serving: threads running the (synchronous) request handlers of one worker process. Answers are
    # CPU-bound Python, so beyond a few threads per core more threads only add GIL and lock waits.
    request_threads: int = 8
    # one JSON line of stage timings per API request is appended here when set (evals/load_test.py)
    timings_file: str | None = None

    # security
    secret_key: str = "dev-only-secret-change-me"
    session_max_age_s: int = 8 * 3600
    token: str | None = None  # ASSISTANT_TOKEN: API token whose user's rights the CLI uses

    @model_validator(mode="after")
    def _refuse_placeholder_secret(self) -> "Settings":
        if self.environment == "production" and self.secret_key.startswith("dev-only"):
            raise ValueError("ASSISTANT_SECRET_KEY must be set to a real secret in production")
        return self

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{self.home / 'records.sqlite3'}"

    @property
    def index_in_database(self) -> bool:
        on_postgres = self.resolved_database_url.startswith("postgresql")
        if self.index_backend == "postgres" and not on_postgres:
            raise ValueError("ASSISTANT_INDEX_BACKEND=postgres needs ASSISTANT_DATABASE_URL on PostgreSQL")
        return on_postgres and self.index_backend != "files"

    @property
    def index_dir(self) -> Path:
        return self.home / "index"

    @property
    def chroma_dir(self) -> Path:
        return self.home / "chroma"

    @property
    def uploads_dir(self) -> Path:
        return self.uploads_path or self.home / "uploads"

    def ensure_dirs(self) -> None:
        for path in (self.home, self.index_dir, self.chroma_dir, self.uploads_dir):
            path.mkdir(parents=True, exist_ok=True)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings() -> None:
    """Forget the cached settings (tests change the environment between cases)."""
    get_settings.cache_clear()

