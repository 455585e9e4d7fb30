"""The teaching-code corpus: each program in ``tests/corpus/pieces/`` (our own re-statement
of what a tutorial, textbook chapter or lecture exercises; see README, "Teaching code
corpus") prints under autograd_lab what it prints under torch (the harness compares words
exactly and numbers to a relative 1e-4)."""
import pathlib

import pytest

from corpus.harness import differences, run_program

PIECES = sorted((pathlib.Path(__file__).parent / "corpus" / "pieces").glob("*.py"))


@pytest.mark.parametrize("piece", PIECES, ids=[p.stem for p in PIECES])
def test_piece_prints_what_torch_prints(oracle, piece):
    expected = oracle(piece.stem, lambda torch: run_program(str(piece), "torch"))
    ours = run_program(str(piece), "autograd_lab")
    assert "!! exit" not in ours, ours
    assert not differences(ours, expected), differences(ours, expected)
