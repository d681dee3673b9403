"""Train the offline domain embedding model on the CPU: `tdkt embed train`.

A static embedding model (sentence-transformers ``StaticEmbedding``: one vector per token,
averaged) over a BPE tokenizer trained on the corpus. The tokenizer folds diacritics and case,
so "khen thuong" and "khen thưởng" are the same tokens, and its merges may cross spaces, so
two-syllable words ("thi▁đua") become single tokens. Token vectors start from a latent semantic
analysis of the chunks (tokens that share passages start close) and are then trained
contrastively (MultipleNegativesRankingLoss) on pairs mined from the documents
(`indexer.pairs`). This module and `indexer/dense.py` are the two that import
sentence-transformers: one trains, the other encodes.
"""

from __future__ import annotations

import logging
import math
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from indexer.build import indexed_text
from indexer.pairs import TrainingPair, mine_pairs
from indexer.records import Chunk

__all__ = ["TrainReport", "train_embedding"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class TrainReport:
    """What a training run produced."""

    path: Path
    pairs: dict[str, int] = field(default_factory=dict)  # by kind
    vocab_size: int = 0
    dim: int = 0
    epochs: int = 0
    steps: int = 0
    loss: float = 0.0  # mean over the last epoch
    seconds: float = 0.0
    size_bytes: int = 0
    stopped_by_budget: bool = False


def _tokenizer(texts: Sequence[str], vocab_size: int) -> object:
    """BPE over folded, lower-case text; merges may span spaces (whole words and phrases)."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers  # noqa: PLC0415

    tok = Tokenizer(models.BPE())
    tok.normalizer = normalizers.Sequence([
        normalizers.NFD(), normalizers.StripAccents(), normalizers.Lowercase(),
        normalizers.Replace("đ", "d"), normalizers.Replace(Regex(r"[^a-z0-9]+"), " "), normalizers.Strip(),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, min_frequency=2, show_progress=False,
                                  max_token_length=24, initial_alphabet=list("abcdefghijklmnopqrstuvwxyz0123456789▁"))
    tok.train_from_iterator(texts, trainer=trainer)
    return tok


def _lsa_vectors(ids: Sequence[Sequence[int]], vocab: int, dim: int, seed: int) -> np.ndarray:
    """Token vectors from a truncated SVD of the tf-idf token × passage matrix, scaled by idf."""
    from scipy import sparse  # noqa: PLC0415
    from scipy.sparse.linalg import svds  # noqa: PLC0415

    rows, cols, vals = [], [], []
    for r, seq in enumerate(ids):
        for token, tf in Counter(seq).items():
            rows.append(r)
            cols.append(token)
            vals.append(1.0 + math.log(tf))
    matrix = sparse.csr_matrix((vals, (rows, cols)), shape=(len(ids), vocab), dtype=np.float64)
    df = np.bincount(cols, minlength=vocab)
    idf = np.log((1 + len(ids)) / (1 + df)) + 1.0
    matrix = matrix @ sparse.diags(idf)
    k = max(1, min(dim, min(matrix.shape) - 1))
    rng = np.random.default_rng(seed)
    _, s, vt = svds(matrix, k=k, random_state=seed, v0=rng.standard_normal(min(matrix.shape)))
    vectors = np.zeros((vocab, dim), dtype=np.float32)
    vectors[:, :k] = (vt.T * np.sqrt(s)) * idf[:, None]
    # Tokens that never occur in a passage (from template questions only) start small and random.
    unseen = df == 0
    vectors[unseen] = rng.normal(0.0, 0.01, size=(int(unseen.sum()), dim))
    scale = np.linalg.norm(vectors[~unseen], axis=1).mean() if (~unseen).any() else 1.0
    return vectors / max(float(scale), 1e-6)


def _batches(pairs: Sequence[TrainingPair], size: int, rng: random.Random) -> Iterator[list[TrainingPair]]:
    """Shuffled batches with one pair per article, so no in-batch negative is really a positive."""
    pending = list(pairs)
    rng.shuffle(pending)
    while pending:
        batch: list[TrainingPair] = []
        groups: set[str] = set()
        rest: list[TrainingPair] = []
        for pair in pending:
            if len(batch) < size and pair.group not in groups:
                batch.append(pair)
                groups.add(pair.group)
            else:
                rest.append(pair)
        if len(batch) < 2:
            return
        yield batch
        pending = rest


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def train_embedding(
    chunks: Sequence[Chunk],
    out_dir: Path,
    *,
    budget_seconds: float = 600,
    seed: int = 0,
    dim: int = 256,
    vocab_size: int = 24000,
    epochs: int = 8,
    batch_size: int = 128,
    learning_rate: float = 0.05,
    scale: float = 20.0,
    templates_per_chunk: int = 6,
) -> TrainReport:
    """Train a static embedding model on pairs mined from ``chunks`` and save it to ``out_dir``."""
    if budget_seconds <= 0:
        raise ValueError(f"budget_seconds must be > 0, got {budget_seconds}")
    if dim < 8 or vocab_size < 300 or epochs < 0 or batch_size < 2:
        raise ValueError(f"bad training sizes dim={dim}, vocab_size={vocab_size}, epochs={epochs}, "
                         f"batch_size={batch_size}: need dim >= 8, vocab_size >= 300, epochs >= 0, batch_size >= 2")
    if not chunks:
        raise ValueError("no chunks to train on: ingest documents first")
    started = time.perf_counter()
    deadline = started + budget_seconds
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch  # noqa: PLC0415 - heavy imports, only when training
    from sentence_transformers import SentenceTransformer  # noqa: PLC0415
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss  # noqa: PLC0415
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding  # noqa: PLC0415

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    rng = random.Random(seed)

    pairs = mine_pairs(chunks, seed=seed, templates_per_chunk=templates_per_chunk)
    passages = [indexed_text(c) for c in chunks]
    tokenizer = _tokenizer(passages + [p.anchor for p in pairs], vocab_size)
    vocab = tokenizer.get_vocab_size()  # type: ignore[attr-defined]
    ids = [e.ids for e in tokenizer.encode_batch(passages, add_special_tokens=False)]  # type: ignore[attr-defined]
    weights = _lsa_vectors(ids, vocab, dim, seed)
    logger.info("mined %d pairs, vocabulary %d tokens, LSA start in %.1f s",
                len(pairs), vocab, time.perf_counter() - started)

    module = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))  # type: ignore[arg-type]
    model = SentenceTransformer(modules=[module], device="cpu")
    loss_fn = MultipleNegativesRankingLoss(model, scale=scale, directions=("query_to_doc", "doc_to_query"))
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    steps, done_epochs, epoch_loss, stopped = 0, 0, 0.0, False
    for _ in range(epochs):
        losses = []
        for batch in _batches(pairs, batch_size, rng):
            if time.perf_counter() > deadline - 5:  # leave time to save
                stopped = True
                break
            features = [model.preprocess([p.anchor for p in batch]), model.preprocess([p.positive for p in batch])]
            loss = loss_fn(features, torch.zeros(0))
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            losses.append(float(loss.detach()))
            steps += 1
        if stopped:
            break
        done_epochs += 1
        epoch_loss = sum(losses) / max(1, len(losses))
        logger.info("epoch %d: loss %.4f, %d steps, %.0f s", done_epochs, epoch_loss, steps,
                    time.perf_counter() - started)
    model.eval()

    # Write beside the target, then swap, so a crash never leaves half a model where ingest looks.
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}-", dir=out_dir.parent))
    try:
        model.save(str(tmp), create_model_card=False)
        if out_dir.exists():
            shutil.rmtree(out_dir)
        tmp.rename(out_dir)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    seconds = time.perf_counter() - started
    report = TrainReport(path=out_dir, pairs=dict(Counter(p.kind for p in pairs)), vocab_size=vocab, dim=dim,
                         epochs=done_epochs, steps=steps, loss=epoch_loss, seconds=seconds,
                         size_bytes=_dir_size(out_dir), stopped_by_budget=stopped)
    logger.info("trained %s: %d epochs, %d steps, loss %.4f, %.1f MB in %.1f s", out_dir, done_epochs, steps,
                epoch_loss, report.size_bytes / 1e6, seconds)
    return report
