"""The deployment files: the compose files parse and wire tdkt to Qdrant, the Dockerfile copies what exists.

No Docker engine runs here, so these check the files themselves, and that the env file of the
example starts a real server as it stands (empty lines included).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from bots.settings import ServerSettings
from bots.web import create_app
from tests.bots.mini_corpus import build_index

REPO = Path(__file__).resolve().parents[1]
ENV_EXAMPLE = REPO / "deploy" / "tdkt.env.example"


def compose(name: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((REPO / name).read_text("utf-8"))
    return data


def known_settings() -> set[str]:
    from assistant.settings import AssistantSettings
    from corpus.settings import CorpusSettings
    from indexer.settings import IndexSettings

    fields = {"data_dir"}
    for section in (CorpusSettings, IndexSettings, AssistantSettings, ServerSettings):
        fields |= set(section.model_fields)
    return {f"TDKT_{name.upper()}" for name in fields} | {"TDKT_LOG_FORMAT", "TDKT_CONFIG"}


def env_example() -> dict[str, str]:
    lines = [line.strip() for line in ENV_EXAMPLE.read_text("utf-8").splitlines()]
    return dict(line.split("=", 1) for line in lines if line and not line.startswith("#"))


def test_compose_runs_tdkt_against_the_qdrant_service() -> None:
    services = compose("docker-compose.yml")["services"]
    assert set(services) == {"qdrant", "ingest", "tdkt"}
    assert services["qdrant"]["image"].startswith("qdrant/qdrant:v")
    assert "ports" not in services["qdrant"]  # Qdrant is reached inside the compose network only
    for name in ("tdkt", "ingest"):
        service = services[name]
        assert service["environment"]["TDKT_QDRANT_URL"] == "http://qdrant:6333"
        assert service["build"] == "." and "qdrant" in service["depends_on"]
        assert "tdkt-data:/data" in service["volumes"] and service["env_file"] == ".env"
    assert services["tdkt"]["command"] == ["serve"] and services["tdkt"]["ports"] == ["127.0.0.1:8000:8000"]
    assert services["ingest"]["profiles"] == ["tools"] and services["ingest"]["restart"] == "no"
    assert "tdkt ingest /documents /data/uploads" in services["ingest"]["entrypoint"][-1]
    api_key = services["qdrant"]["environment"]["QDRANT__SERVICE__API_KEY"]
    assert api_key.startswith("${TDKT_QDRANT_API_KEY:?")


def test_compose_volumes_and_settings_are_declared() -> None:
    for name in ("docker-compose.yml", "deploy/docker-compose.cluster.yml"):
        data = compose(name)
        declared = set(data.get("volumes") or {})
        for service in data["services"].values():
            for volume in service.get("volumes", []):
                source = volume.split(":", 1)[0]
                assert source.startswith(".") or source in declared, (name, volume)
            environment = service.get("environment") or {}
            unknown = {k for k in environment if k.startswith("TDKT_")} - known_settings()
            assert not unknown, (name, unknown)


def test_cluster_override_shards_and_replicates() -> None:
    services = compose("deploy/docker-compose.cluster.yml")["services"]
    assert services["qdrant"]["command"] == ["./qdrant", "--uri", "http://qdrant:6335"]
    peers = [s for name, s in services.items() if name.startswith("qdrant-")]
    assert len(peers) == 2
    for peer in peers:
        assert peer["command"] == ["./qdrant", "--bootstrap", "http://qdrant:6335"]
        assert peer["environment"]["QDRANT__CLUSTER__ENABLED"] == "true"
    for name in ("tdkt", "ingest"):
        env = services[name]["environment"]
        assert int(env["TDKT_SHARD_NUMBER"]) >= 3 and int(env["TDKT_REPLICATION_FACTOR"]) == 2


def test_dockerfile_copies_files_that_exist_and_drops_root() -> None:
    text = (REPO / "Dockerfile").read_text("utf-8")
    assert text.startswith("#") and re.search(r"^FROM python:3\.11-slim$", text, re.MULTILINE)
    copied = [src for line in re.findall(r"^COPY (.+)$", text, re.MULTILINE) for src in line.split()[:-1]]
    assert copied and all((REPO / src).exists() for src in copied), copied
    ignored = [line.strip() for line in (REPO / ".dockerignore").read_text("utf-8").splitlines()
               if line.strip() and not line.startswith("#")]
    assert not [src for src in copied if any(Path(src).match(pattern) for pattern in ignored)]
    packages = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]["packages"]
    assert set(packages) <= set(copied)  # every package of the distribution is in the image
    # The torch pin of scripts/setup.sh, installed before the package so pip keeps the CPU build.
    pin = re.search(r'"torch==([\d.]+)"', (REPO / "scripts" / "setup.sh").read_text("utf-8"))
    assert pin and f'pip install "torch=={pin.group(1)}"' in text
    assert text.index("torch==") < text.index("RUN pip install .")
    user = re.findall(r"^USER (\S+)$", text, re.MULTILINE)
    assert user and user[-1] not in ("root", "0")
    assert 'VOLUME ["/data"]' in text and "TDKT_DATA_DIR=/data" in text
    assert 'ENTRYPOINT ["tdkt"]' in text and 'CMD ["serve"]' in text


def test_env_example_names_only_real_settings() -> None:
    values = env_example()
    assert "TDKT_QDRANT_API_KEY" in values and "TDKT_ADMIN_TOKEN" in values
    assert set(values) <= known_settings(), set(values) - known_settings()


def test_env_example_as_it_stands_starts_the_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Empty lines (no bot, no LLM) must mean "off", not a start-up failure."""
    for key, value in env_example().items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("TDKT_QDRANT_API_KEY", "not-used-by-embedded-qdrant")
    settings = build_index(tmp_path)
    assert settings.server.telegram_token is None and settings.server.zalo_oa_secret is None
    with TestClient(create_app(settings)) as client:
        assert client.get("/api/health").status_code == 200
        assert client.get("/api/admin/unanswered").json()["error"]["code"] == "web.admin_disabled"
