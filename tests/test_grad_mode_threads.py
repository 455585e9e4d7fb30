"""Grad mode is per thread, as in torch: a ``no_grad`` (or ``inference_mode``, or a backward
pass) in one thread never changes whether another thread's forward records a graph.

Each scenario runs on torch and on autograd_lab (``check``) and returns what a learner would
see: which results carry a ``grad_fn``, whether gradients arrived, ``is_grad_enabled()``.
Threads are made to overlap with events, never with sleeps, so the interleaving is the one
described."""
import threading

from autograd_helpers import check

TIMEOUT = 30


def _start(target):
    errors = []

    def run():
        try:
            target()
        except BaseException as exc:       # reported by the main thread, not swallowed
            errors.append(exc)
    thread = threading.Thread(target=run)
    thread.start()
    return thread, errors


def _join(*pairs):
    for thread, errors in pairs:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a thread of the scenario hung"
        if errors:
            raise errors[0]


def test_no_grad_in_one_thread_leaves_another_recording(oracle):
    def run(T):
        inside, release = threading.Event(), threading.Event()
        seen = {}

        def quiet():
            with T.no_grad():
                inside.set()
                release.wait(TIMEOUT)
                seen["worker"] = T.is_grad_enabled()

        pair = _start(quiet)
        inside.wait(TIMEOUT)
        x = T.ones(2, requires_grad=True)
        y = x * 3                      # main thread, while the other is inside no_grad
        seen["main"] = [T.is_grad_enabled(), y.requires_grad, y.grad_fn is not None]
        release.set()
        _join(pair)
        return [seen["main"], seen["worker"], T.is_grad_enabled()]
    check(oracle, "other_thread_records", run)


def test_overlapping_no_grad_blocks_restore_each_thread(oracle):
    """Thread A enters, B enters, A leaves, B leaves: with one shared flag B's exit would put
    back A's "off" and leave grad mode off for good."""
    def run(T):
        a_in, b_in, a_out = threading.Event(), threading.Event(), threading.Event()
        after = {}

        def a():
            with T.no_grad():
                a_in.set()
                b_in.wait(TIMEOUT)
            a_out.set()
            after["a"] = T.is_grad_enabled()

        def b():
            a_in.wait(TIMEOUT)
            with T.no_grad():
                b_in.set()
                a_out.wait(TIMEOUT)
            after["b"] = T.is_grad_enabled()

        _join(_start(a), _start(b))
        x = T.ones(1, requires_grad=True)
        return [after["a"], after["b"], T.is_grad_enabled(), (x * 2).requires_grad]
    check(oracle, "overlapping_blocks", run)


def test_new_thread_starts_with_grad_on(oracle):
    """A thread started inside ``no_grad`` (or ``set_grad_enabled(False)``) still records."""
    def run(T):
        seen = []

        def worker():
            x = T.ones(1, requires_grad=True)
            seen.append([T.is_grad_enabled(), T.is_inference_mode_enabled(),
                         (x + 1).requires_grad])

        with T.no_grad():
            _join(_start(worker))
        with T.inference_mode():
            _join(_start(worker))
        T.set_grad_enabled(False)
        try:
            _join(_start(worker))
            off_here = T.is_grad_enabled()
        finally:
            T.set_grad_enabled(True)
        return [seen, off_here, T.is_grad_enabled()]
    check(oracle, "new_thread_defaults", run)


def test_switch_and_decorator_in_a_thread_stay_there(oracle):
    def run(T):
        done, release = threading.Event(), threading.Event()
        seen = {}

        @T.no_grad()
        def evaluate(t):
            return (t * 2).requires_grad

        def worker():
            T.set_grad_enabled(False)                 # this thread only
            with T.enable_grad():
                seen["enable"] = T.is_grad_enabled()
            seen["decorated"] = evaluate(T.ones(1, requires_grad=True))
            done.set()
            release.wait(TIMEOUT)
            seen["worker_end"] = T.is_grad_enabled()

        pair = _start(worker)
        done.wait(TIMEOUT)
        x = T.ones(1, requires_grad=True)
        main = [T.is_grad_enabled(), (x * 2).requires_grad, evaluate(x)]
        release.set()
        _join(pair)
        return [main, seen["enable"], seen["decorated"], seen["worker_end"]]
    check(oracle, "switch_in_thread", run)


def test_backward_in_one_thread_while_another_builds_a_graph(oracle):
    """The engine turns grad mode off while a backward pass runs (create_graph=False); a
    forward running at the same time in another thread must record every op. Backward hooks
    hand control back and forth so forward ops really run inside the pass."""
    def run(T):
        n_ops = 200
        in_backward, forward_done = threading.Event(), threading.Event()
        seen = {}

        def hook(grad):
            seen["grad mode inside backward"] = T.is_grad_enabled()
            in_backward.set()
            forward_done.wait(TIMEOUT)
            return grad

        def backward_thread():
            w = T.ones(3, requires_grad=True)
            loss = (w * 2).sum()
            w.register_hook(hook)
            loss.backward()
            seen["w.grad"] = w.grad
            seen["after backward"] = T.is_grad_enabled()

        pair = _start(backward_thread)
        in_backward.wait(TIMEOUT)
        x = T.ones(3, requires_grad=True)
        y = x
        recorded = 0
        for _ in range(n_ops):
            y = y * 1.0
            recorded += y.grad_fn is not None
        forward_done.set()
        _join(pair)
        y.sum().backward()
        return [recorded, x.grad, seen["w.grad"], seen["grad mode inside backward"],
                seen["after backward"], T.is_grad_enabled()]
    check(oracle, "backward_and_forward", run)


def test_many_threads_mixing_no_grad_and_forward(oracle):
    """Stress: eight threads, each alternating no_grad blocks and recorded ops; every recorded
    op must carry a grad_fn and every no_grad one none, whatever the interleaving."""
    def run(T):
        start = threading.Barrier(8)
        tallies = []
        lock = threading.Lock()

        def worker(k):
            start.wait(TIMEOUT)
            x = T.ones(2, requires_grad=True)
            good = 0
            for i in range(300):
                if (i + k) % 2:
                    with T.no_grad():
                        good += (x * 2).grad_fn is None
                else:
                    good += (x * 2).grad_fn is not None
            with lock:
                tallies.append(good)

        pairs = [_start(lambda k=k: worker(k)) for k in range(8)]
        _join(*pairs)
        return [sorted(tallies), T.is_grad_enabled()]
    check(oracle, "stress", run)
