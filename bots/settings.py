"""The root Settings: every stage's section, from TDKT_* env vars and an optional TOML file.

Environment variables win over the file. Bad values fail at start-up and name the key.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from assistant.settings import AssistantSettings
from corpus.settings import CorpusSettings
from indexer.settings import IndexSettings

__all__ = ["ServerSettings", "Settings", "SettingsError", "load"]


class SettingsError(ValueError):
    """A bad setting: names the key and the value."""


class ServerSettings(BaseSettings):
    """The web/API server and the bots it runs."""

    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")

    host: str = "127.0.0.1"
    port: int = Field(8000, ge=1, le=65535)
    admin_token: SecretStr | None = None  # admin endpoints are off without it
    rate_limit_per_minute: int = Field(30, ge=1)  # per user: a browser session, else an address
    # All users behind one address together (a training room behind one NAT): raise it for a big room.
    rate_limit_per_address_per_minute: int = Field(600, ge=1)
    # Heavy jobs (answer sheets, quizzes, uploads): their own workers and a short line; beyond it, 503.
    heavy_workers: int = Field(1, ge=1, le=16)
    heavy_queue: int = Field(4, ge=0, le=1000)
    mask_personal_data: bool = True  # phone and ID numbers masked before questions are stored
    slow_header_timeout: float = Field(10.0, gt=0)  # seconds a client may take to send its request
    max_question_chars: int = Field(2000, ge=10)
    max_upload_bytes: int = Field(20_000_000, ge=1)
    # Web answers and document views computed at once; more wait their turn. They are CPU work under
    # the GIL: on 2 cores, 2 threads served 76 requests/s to 50 clients and 4 threads 67/s, with health
    # checks and the bots' webhooks slower too (evals/load_test.py). More cores: more processes.
    cpu_workers: int = Field(2, ge=1, le=64)
    retention_days: int = Field(90, ge=1)
    max_request_bytes: int = Field(100_000, ge=1_000)  # JSON bodies; uploads have max_upload_bytes
    forwarded_allow_ips: str = "127.0.0.1"  # proxies whose X-Forwarded-For names the client (rate limit)
    telegram_token: SecretStr | None = None
    telegram_base_url: str = "https://api.telegram.org/bot"
    telegram_webhook_url: str = ""  # public URL: webhook mode; empty: long polling
    telegram_secret: SecretStr | None = None
    telegram_rate_limit_per_minute: int = Field(10, ge=1)
    zalo_app_id: str = ""
    zalo_app_secret: SecretStr | None = None
    zalo_oa_secret: SecretStr | None = None  # signs webhook events
    zalo_access_token: SecretStr | None = None
    zalo_refresh_token: SecretStr | None = None
    zalo_api_base: str = "https://openapi.zalo.me"
    zalo_oauth_base: str = "https://oauth.zaloapp.com"
    zalo_event_max_age_seconds: int = Field(300, ge=10)  # older (or replayed) webhook events are not answered
    zalo_rate_limit_per_minute: int = Field(10, ge=1)
    zalo_max_messages_per_answer: int = Field(4, ge=1, le=8)  # Zalo's free replies: 8 per user message in 48 h
    public_url: str = ""  # the web page's public address: Zalo answers link each cited article's full text

    @field_validator("admin_token", "telegram_token", "telegram_secret", "zalo_app_secret", "zalo_oa_secret",
                     "zalo_access_token", "zalo_refresh_token", mode="before")
    @classmethod
    def _empty_is_unset(cls, value: object) -> object:
        """``TDKT_TELEGRAM_TOKEN=`` in an env file means "no bot", as a missing line does."""
        return None if isinstance(value, str) and not value.strip() else value


class _Root(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="TDKT_", extra="ignore")
    data_dir: Path = Path("data")


class Settings(BaseModel):
    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    data_dir: Path
    corpus: CorpusSettings
    index: IndexSettings
    assistant: AssistantSettings
    server: ServerSettings


_SECTIONS: dict[str, type[BaseSettings]] = {
    "corpus": CorpusSettings,
    "index": IndexSettings,
    "assistant": AssistantSettings,
    "server": ServerSettings,
}


def _env_set(name: str) -> bool:
    return f"TDKT_{name}".upper() in {k.upper() for k in os.environ}


def load(toml_path: Path | None = None, **overrides: Any) -> Settings:
    """Build the settings once, at the edge (CLI command or server start-up)."""
    file_values: dict[str, Any] = {}
    path = toml_path or (Path(os.environ["TDKT_CONFIG"]) if os.environ.get("TDKT_CONFIG") else None)
    if path is None and Path("tdkt.toml").is_file():
        path = Path("tdkt.toml")
    if path is not None:
        import tomllib  # noqa: PLC0415 - only when there is a settings file

        try:
            file_values = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {path}: {exc}") from exc
    flat: dict[str, Any] = {}
    for key, value in file_values.items():
        if isinstance(value, dict) and key in _SECTIONS:
            flat.update(value)
        else:
            flat[key] = value
    flat.update({k: v for k, v in overrides.items() if v is not None})
    try:
        root = _Root(**{k: v for k, v in flat.items() if k == "data_dir" and (k in overrides or not _env_set(k))})
        sections = {}
        for name, cls in _SECTIONS.items():
            keys = cls.model_fields.keys()
            kwargs = {k: v for k, v in flat.items() if k in keys and (k in overrides or not _env_set(k))}
            sections[name] = cls(**kwargs)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err.get("loc", ()))
        raise SettingsError(f"bad setting {key!r} (TDKT_{key.upper()}): {err.get('msg')}; got {err.get('input')!r}") from exc
    return Settings(data_dir=root.data_dir, **sections)
