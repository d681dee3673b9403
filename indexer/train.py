"""Train the offline domain embedding model on the CPU: `tdkt embed train`.

A static embedding model (sentence-transformers ``StaticEmbedding``: one vector per token,
averaged) over a tokenizer built from the corpus. The tokenizer folds diacritics and case, so
"khen thuong" and "khen thưởng" are the same tokens, and its pieces are syllables and the
syllable pairs that belong together ("thi▁dua", "bang▁khen"). Token vectors start from a latent
semantic analysis of the chunks (tokens that share passages start close) and are then trained
contrastively (MultipleNegativesRankingLoss, both directions) on pairs mined from the documents
(`indexer.pairs`). This module and `indexer/dense.py` are the two that import
sentence-transformers: one trains, the other encodes.
"""

from __future__ import annotations

import itertools
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
from typing import Any

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


_FALLBACK = "abcdefghijklmnopqrstuvwxyz0123456789▁"


def _tokenizer(passages: Sequence[str], queries: Sequence[str], *, min_count: int = 2, min_pmi: float = 1.0) -> Any:
    """Syllables and collocations ("thi▁dua", "bang▁khen") over folded, lower-case text.

    A unigram language model whose pieces are whole syllables and syllable pairs that occur
    together more than by chance (pointwise mutual information), so a piece never ends inside
    a syllable. Letters are a costly last resort for syllables never seen.
    """
    from tokenizers import Regex, Tokenizer, models, normalizers, pre_tokenizers

    normalizer = normalizers.Sequence([
        normalizers.NFD(), normalizers.StripAccents(), normalizers.Lowercase(),
        normalizers.Replace("đ", "d"), normalizers.Replace(Regex(r"[^a-z0-9]+"), " "), normalizers.Strip(),
    ])
    single: Counter[str] = Counter()
    pairs: Counter[tuple[str, str]] = Counter()
    for text in passages:
        words = normalizer.normalize_str(text).split()
        single.update(words)
        pairs.update(itertools.pairwise(words))
    for text in queries:  # everyday syllables ("sếp") get a piece of their own
        single.update(w for w in normalizer.normalize_str(text).split() if w not in single)
    total = sum(single.values())
    pieces = {f"▁{w}": math.log(c / total) for w, c in single.items()}
    for (a, b), c in pairs.items():
        if c >= min_count and math.log(c * total / (single[a] * single[b])) >= min_pmi:
            pieces[f"▁{a}▁{b}"] = math.log(c / total)
    for ch in _FALLBACK:
        pieces.setdefault(ch, -30.0)
    pieces["<unk>"] = -40.0
    vocab = sorted(pieces.items(), key=lambda kv: (-kv[1], kv[0]))
    tok = Tokenizer(models.Unigram(vocab, unk_id=[p for p, _ in vocab].index("<unk>"), byte_fallback=False))
    tok.normalizer = normalizer
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=False)
    return tok


def _lsa_vectors(ids: Sequence[Sequence[int]], vocab: int, dim: int, seed: int) -> np.ndarray:
    """Token vectors from a truncated SVD of the tf-idf token × passage matrix, scaled by idf."""
    from scipy import sparse
    from scipy.sparse.linalg import svds

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
    rng = np.random.default_rng(seed)
    if min(matrix.shape) > 2 * dim:
        _, s, vt = svds(matrix, k=dim, random_state=seed, v0=rng.standard_normal(min(matrix.shape)))
    else:  # a small corpus: the exact decomposition, keeping at most dim components
        _, s, vt = np.linalg.svd(matrix.toarray(), full_matrices=False)
        s, vt = s[:dim], vt[:dim]
    k = len(s)
    vectors = np.zeros((vocab, dim), dtype=np.float32)
    vectors[:, :k] = (vt.T * np.sqrt(s)) * idf[:, None]
    # Tokens that never occur in a passage (from template questions only) start small and random.
    unseen = df == 0
    vectors[unseen] = rng.normal(0.0, 0.01, size=(int(unseen.sum()), dim))
    scale = np.linalg.norm(vectors[~unseen], axis=1).mean() if (~unseen).any() else 1.0
    return vectors / max(float(scale), 1e-6)


def _batches(pairs: Sequence[TrainingPair], size: int, rng: random.Random) -> Iterator[list[TrainingPair]]:
    """Shuffled batches with one pair per group, so no in-batch negative is really a positive.

    Big groups (long articles) cannot fill the last batches; those end the epoch once less than
    half full, and the pairs left over wait for the next shuffle.
    """
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
        if len(batch) < max(2, size // 2):
            return
        yield batch
        pending = rest


def _features(ids: Sequence[Sequence[int]]) -> dict[str, Any]:
    """StaticEmbedding's input (a flat token stream and offsets), from token ids encoded once."""
    import torch

    offsets = np.cumsum([0] + [len(seq) for seq in ids[:-1]])
    return {"input_ids": torch.tensor([t for seq in ids for t in seq], dtype=torch.long),
            "offsets": torch.from_numpy(offsets)}


def _dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def train_embedding(
    chunks: Sequence[Chunk],
    out_dir: Path,
    *,
    budget_seconds: float = 600,
    seed: int = 0,
    dim: int = 256,
    epochs: int = 10,
    batch_size: int = 128,
    learning_rate: float = 0.001,
    scale: float = 20.0,
    templates_per_chunk: int = 6,
) -> TrainReport:
    """Train a static embedding model on pairs mined from ``chunks`` and save it to ``out_dir``."""
    if budget_seconds <= 0:
        raise ValueError(f"budget_seconds must be > 0, got {budget_seconds}")
    if dim < 8 or epochs < 0 or batch_size < 2:
        raise ValueError(f"bad training sizes dim={dim}, epochs={epochs}, batch_size={batch_size}: "
                         "need dim >= 8, epochs >= 0, batch_size >= 2")
    if not chunks:
        raise ValueError("no chunks to train on: ingest documents first")
    started = time.perf_counter()
    deadline = started + budget_seconds
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import torch  # heavy imports, only when training
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.losses import MultipleNegativesRankingLoss
    from sentence_transformers.sentence_transformer.modules import StaticEmbedding

    rng = random.Random(seed)  # with the seeded SVD start, nothing else is random: same seed, same model

    pairs = mine_pairs(chunks, seed=seed, templates_per_chunk=templates_per_chunk)
    passages = [indexed_text(c) for c in chunks]
    tokenizer = _tokenizer(passages, [p.anchor for p in pairs])
    vocab = tokenizer.get_vocab_size()
    texts = list(dict.fromkeys([*passages, *(p.anchor for p in pairs), *(p.positive for p in pairs)]))
    encoded = {t: e.ids for t, e in zip(texts, tokenizer.encode_batch(texts, add_special_tokens=False), strict=True)}
    weights = _lsa_vectors([encoded[p] for p in passages], vocab, dim, seed)
    logger.info("mined %d pairs, vocabulary %d tokens, LSA start in %.1f s",
                len(pairs), vocab, time.perf_counter() - started)

    module = StaticEmbedding(tokenizer, embedding_weights=torch.from_numpy(weights))
    model = SentenceTransformer(modules=[module], device="cpu")
    loss_fn = MultipleNegativesRankingLoss(model, scale=scale, directions=("query_to_doc", "doc_to_query"))
    optimizer = torch.optim.Adam(model.parameters(), lr=learning_rate)
    model.train()
    # A small corpus has fewer groups than a batch holds: batches shrink to fit.
    size = max(2, min(batch_size, len({p.group for p in pairs})))
    steps, done_epochs, epoch_loss, stopped = 0, 0, 0.0, False
    for _ in range(epochs):
        losses = []
        for batch in _batches(pairs, size, rng):
            if time.perf_counter() > deadline - 5:  # leave time to save
                stopped = True
                break
            features = [_features([encoded[p.anchor] for p in batch]), _features([encoded[p.positive] for p in batch])]
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
