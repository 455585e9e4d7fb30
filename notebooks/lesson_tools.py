"""The 'predict, then run' checkpoints of the lessons (中文 / English).

A checkpoint asks a question, the learner writes an answer into ``guess`` (``...`` means
"no answer yet"), runs the code, and :func:`check` compares the guess with what the code
really computed. The notebook checks its own answers: nothing here knows the right answer,
it only compares the guess with the value the lesson just computed.

Without a guess, :func:`check` asks for one and keeps the answer to itself (a learner who
reads the answer first has nothing left to predict); :func:`reveal`, or
``check(..., show_answer=True)``, shows it on request.

Example
-------
>>> import autograd_lab as torch
>>> guess = 4.0
>>> check(guess, torch.tensor(4.))
✅ 预测正确！ / Correct!
>>> check(..., torch.tensor(4.))
✍️  还没有预测：把答案写进 guess，再运行这一格。 / No prediction yet: write your answer into guess and run this cell again.
    想直接看答案：运行 reveal()。 / To see the answer instead: run reveal().
>>> reveal()
    实际结果 / actual result: tensor(4.)
"""
import math

NO_GUESS = ...

# The last checkpoint's answer, for reveal(): (actual, why). Only what check() was given.
_last = {}


def _as_plain(value):
    """Tensors, autograd nodes and numbers as plain Python values that compare simply."""
    if hasattr(value, "tolist") and hasattr(value, "dtype"):  # a tensor (ours or torch's)
        return value.tolist()
    if hasattr(value, "next_functions") and hasattr(value, "name"):  # a grad_fn node
        return value.name()
    if isinstance(value, (list, tuple)):
        return [_as_plain(v) for v in value]
    return value


def _same(guess, actual):
    guess, actual = _as_plain(guess), _as_plain(actual)
    if isinstance(guess, (list, tuple)) and isinstance(actual, (list, tuple)):
        return len(guess) == len(actual) and all(_same(g, a) for g, a in zip(guess, actual))
    if isinstance(guess, bool) or isinstance(actual, bool) or guess is None or actual is None:
        return guess is actual or guess == actual
    if isinstance(guess, (int, float)) and isinstance(actual, (int, float)):
        return math.isclose(guess, actual, rel_tol=1e-4, abs_tol=1e-6)
    if isinstance(guess, str) and isinstance(actual, str):
        return guess.strip().lower() == actual.strip().lower()
    return guess == actual


def check(guess, actual, why=None, show_answer=False):
    """Print whether ``guess`` matches ``actual`` (what the lesson's code just computed).

    Parameters
    ----------
    guess : object
        The learner's prediction; ``...`` (Ellipsis) means no prediction yet: the learner is
        asked for one and the answer stays hidden. Numbers, nested lists, booleans, ``None``
        and strings (e.g. a ``grad_fn`` name) are accepted.
    actual : object
        The computed value: a tensor, a number, a ``grad_fn`` node (compared by its name),
        ``None`` or a bool.
    why : str, optional
        A short bilingual explanation, printed after the verdict (it gives the answer away,
        so not before a guess unless ``show_answer``).
    show_answer : bool
        Show the answer and the explanation even without a guess.

    Examples
    --------
    >>> check([1.0, 2.0], [1.0, 2.5])
    ❌ 不对 / Not quite.
        你的预测 / your guess:    [1.0, 2.0]
        实际结果 / actual result: [1.0, 2.5]
    """
    _last.update(actual=actual, why=why)
    if guess is NO_GUESS:
        print("✍️  还没有预测：把答案写进 guess，再运行这一格。 / "
              "No prediction yet: write your answer into guess and run this cell again.")
        if show_answer:
            reveal()
        else:
            print("    想直接看答案：运行 reveal()。 / To see the answer instead: run reveal().")
        return
    if _same(guess, actual):
        print("✅ 预测正确！ / Correct!")
    else:
        print("❌ 不对 / Not quite.")
        print("    你的预测 / your guess:   ", _show(guess))
        print("    实际结果 / actual result:", _show(actual))
    if why:
        print("💡", why)


def reveal():
    """Show the answer (and its explanation) of the checkpoint run last.

    Examples
    --------
    >>> check(..., 5.5, why="4.5 + 1")
    ✍️  还没有预测：把答案写进 guess，再运行这一格。 / No prediction yet: write your answer into guess and run this cell again.
        想直接看答案：运行 reveal()。 / To see the answer instead: run reveal().
    >>> reveal()
        实际结果 / actual result: 5.5
    💡 4.5 + 1
    """
    if not _last:
        print("还没有运行过 🔮 格。 / No 🔮 cell has run yet.")
        return
    print("    实际结果 / actual result:", _show(_last["actual"]))
    if _last["why"]:
        print("💡", _last["why"])


def answer():
    """The last checkpoint's answer as a plain value a learner could type as ``guess``
    (tensors as nested lists, a ``grad_fn`` by its name).

    Examples
    --------
    >>> check(..., (1.5, None)); answer()  # doctest: +ELLIPSIS
    ✍️ ...
    [1.5, None]
    """
    return _as_plain(_last.get("actual"))


def _show(value):
    """A tensor as the library prints it, a node by its name, lists item by item."""
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    plain = _as_plain(value)
    if isinstance(plain, str):
        return repr(plain)
    return str(value) if hasattr(value, "tolist") else str(plain)
