"""RNNCell/LSTMCell/GRUCell and RNN/LSTM/GRU against torch: outputs, final states, input,
initial-state and parameter gradients with identical weights; reprs, parameter names and
shapes, seeded default initialisation, inter-layer dropout masks, torch's errors, float64
gradcheck.

Node names are not compared: torch runs fused kernels (``MkldnnRnnLayerBackward0``...),
autograd_lab the composite of the cell's ops (see ``autograd_lab/nn/rnn.py``).
"""
import warnings

import numpy as np
import pytest

import autograd_lab as al
from nn_helper import array, fill_params
from ops_helper import check_error
from oracle import assert_tensor_matches

# (key, constructor, input shape, initial state shapes or None)
MODELS = [
    ("rnncell", lambda l: l.nn.RNNCell(3, 4), (2, 3), [(2, 4)]),
    ("rnncell_zero_state", lambda l: l.nn.RNNCell(3, 4), (2, 3), None),
    ("rnncell_relu_nobias", lambda l: l.nn.RNNCell(3, 4, bias=False, nonlinearity="relu"),
     (2, 3), [(2, 4)]),
    ("rnncell_unbatched", lambda l: l.nn.RNNCell(3, 4), (3,), [(4,)]),
    ("lstmcell", lambda l: l.nn.LSTMCell(3, 4), (2, 3), [(2, 4), (2, 4)]),
    ("lstmcell_zero_state", lambda l: l.nn.LSTMCell(3, 4, bias=False), (2, 3), None),
    ("lstmcell_unbatched", lambda l: l.nn.LSTMCell(3, 4), (3,), [(4,), (4,)]),
    ("grucell", lambda l: l.nn.GRUCell(3, 4), (2, 3), [(2, 4)]),
    ("grucell_nobias", lambda l: l.nn.GRUCell(3, 4, bias=False), (2, 3), None),
    ("grucell_unbatched", lambda l: l.nn.GRUCell(3, 4), (3,), None),
    ("rnn", lambda l: l.nn.RNN(3, 4), (5, 2, 3), None),
    ("rnn_h0", lambda l: l.nn.RNN(3, 4, 2), (5, 2, 3), [(2, 2, 4)]),
    ("rnn_relu_bi_bf", lambda l: l.nn.RNN(3, 4, 2, nonlinearity="relu", batch_first=True,
                                          bidirectional=True), (2, 5, 3), [(4, 2, 4)]),
    ("rnn_unbatched", lambda l: l.nn.RNN(3, 4, bias=False), (5, 3), [(1, 4)]),
    ("lstm", lambda l: l.nn.LSTM(3, 4), (5, 2, 3), None),
    ("lstm_h0", lambda l: l.nn.LSTM(3, 4, 2), (5, 2, 3), [(2, 2, 4), (2, 2, 4)]),
    ("lstm_bi", lambda l: l.nn.LSTM(3, 4, 2, bidirectional=True), (5, 2, 3), None),
    ("lstm_bf_nobias", lambda l: l.nn.LSTM(3, 4, batch_first=True, bias=False), (2, 5, 3),
     [(1, 2, 4), (1, 2, 4)]),
    ("lstm_proj", lambda l: l.nn.LSTM(3, 4, 2, proj_size=2, bidirectional=True), (5, 2, 3),
     [(4, 2, 2), (4, 2, 4)]),
    ("lstm_unbatched", lambda l: l.nn.LSTM(3, 4, batch_first=True), (5, 3),
     [(1, 4), (1, 4)]),
    ("gru", lambda l: l.nn.GRU(3, 4), (5, 2, 3), None),
    ("gru_3_layers_bi_bf", lambda l: l.nn.GRU(3, 4, 3, bidirectional=True, batch_first=True),
     (2, 5, 3), [(6, 2, 4)]),
    ("gru_unbatched", lambda l: l.nn.GRU(3, 4, 2, bidirectional=True), (5, 3), [(4, 4)]),
]
IDS = [m[0] for m in MODELS]


def _outputs(out):
    """(output, h) / (output, (h, c)) / h / (h, c) as a flat list."""
    flat = []
    for o in (out if isinstance(out, tuple) else (out,)):
        flat += list(o) if isinstance(o, tuple) else [o]
    return flat


def run_model(lib, make, shape, state_shapes, dtype=np.float32):
    m = fill_params(make(lib), lib).to(getattr(lib, np.dtype(dtype).name))
    x = lib.tensor(array(shape, 1, dtype), requires_grad=True)
    states = None if state_shapes is None else \
        [lib.tensor(array(s, 20 + i, dtype), requires_grad=True)
         for i, s in enumerate(state_shapes)]
    if states is None:
        out = m(x)
    else:
        out = m(x, tuple(states) if len(states) == 2 else states[0])
    outs = _outputs(out)
    loss = sum((o * lib.tensor(array(tuple(o.shape), 7 + i, dtype))).sum()
               for i, o in enumerate(outs))
    loss.backward()
    return outs + [x.grad] + [s.grad for s in states or []] + \
        [p.grad for _, p in m.named_parameters()]


@pytest.mark.filterwarnings("ignore:LSTM with projections:UserWarning")
@pytest.mark.parametrize("key,make,shape,states", MODELS, ids=IDS)
def test_values_and_gradients_vs_torch(oracle, key, make, shape, states):
    expected = oracle(key, lambda torch: run_model(torch, make, shape, states))
    ours = run_model(al, make, shape, states)
    assert len(ours) == len(expected)
    n_out = len(ours) - len(list(make(al).parameters())) - 1 - len(states or [])
    for i, (o, e) in enumerate(zip(ours, expected)):
        # outputs: values only (torch's fused nodes have other names); gradients: all
        assert_tensor_matches(o, e, rtol=1e-4, atol=1e-5, check_graph=i >= n_out)


@pytest.mark.filterwarnings("ignore:LSTM with projections:UserWarning")
@pytest.mark.parametrize("key", ["lstm_bi", "gru_3_layers_bi_bf", "rnn_h0", "lstm_proj",
                                 "lstmcell", "grucell"])
def test_float64_vs_torch(oracle, key):
    _, make, shape, states = MODELS[IDS.index(key)]
    expected = oracle(key, lambda torch: run_model(torch, make, shape, states, np.float64))
    for o, e in zip(run_model(al, make, shape, states, np.float64), expected):
        assert_tensor_matches(o, e, rtol=1e-10, atol=1e-12, check_graph=False)


@pytest.mark.parametrize("key,make,shape,states", MODELS, ids=IDS)
def test_repr_names_and_seeded_init(oracle, key, make, shape, states):
    """repr, parameter names and shapes, and ``manual_seed(0)`` giving torch's weights."""
    def run(lib):
        lib.manual_seed(0)
        m = make(lib)
        return [repr(m), [[n, list(p.shape)] for n, p in m.named_parameters()],
                list(m.state_dict())] + [p.detach() for p in m.parameters()]
    expected = oracle(key, run)
    ours = run(al)
    assert ours[:3] == expected[:3]
    for o, e in zip(ours[3:], expected[3:]):
        assert_tensor_matches(o, e, rtol=0, atol=1e-7)


@pytest.mark.parametrize("mode", ["GRU", "LSTM", "RNN"])
def test_dropout_between_layers_matches_torch(oracle, mode):
    """Training-mode dropout on each layer's output but the last: torch's masks for the same
    seed; eval mode has none."""
    def run(lib):
        m = fill_params(getattr(lib.nn, mode)(3, 4, 3, dropout=0.4, bidirectional=True,
                                              batch_first=True), lib)
        x = lib.tensor(array((2, 5, 3)), requires_grad=True)
        lib.manual_seed(0)
        out = _outputs(m(x))
        out[0].sum().backward()
        m.eval()
        return out + [x.grad, _outputs(m(x))[0]]
    for o, e in zip(run(al), oracle(mode, run)):
        assert_tensor_matches(o, e, rtol=1e-4, atol=1e-5, check_graph=False)


def test_dropout_with_one_layer_warns():
    with pytest.warns(UserWarning, match="non-zero dropout expects num_layers greater than 1"):
        al.nn.GRU(4, 5, dropout=0.5)


def test_all_weights_and_flatten_parameters(oracle):
    def run(lib):
        m = lib.nn.LSTM(2, 3, 2, bidirectional=True)
        m.flatten_parameters()
        return [[list(p.shape) for p in layer] for layer in m.all_weights], \
            list(m._flat_weights_names)
    assert list(run(al)) == oracle("weights", run)


@pytest.mark.parametrize("mode", ["rnncell", "lstmcell", "grucell", "rnn", "lstm_bi", "gru"])
def test_gradcheck(mode):
    """float64 central differences through the input and the initial state."""
    makers = {"rnncell": (lambda: al.nn.RNNCell(2, 3), (4, 2), [(4, 3)]),
              "lstmcell": (lambda: al.nn.LSTMCell(2, 3), (4, 2), [(4, 3), (4, 3)]),
              "grucell": (lambda: al.nn.GRUCell(2, 3), (4, 2), [(4, 3)]),
              "rnn": (lambda: al.nn.RNN(2, 3, 2), (3, 2, 2), [(2, 2, 3)]),
              "lstm_bi": (lambda: al.nn.LSTM(2, 3, bidirectional=True), (3, 2, 2),
                          [(2, 2, 3), (2, 2, 3)]),
              "gru": (lambda: al.nn.GRU(2, 3, batch_first=True), (2, 3, 2), [(1, 2, 3)])}
    make, shape, state_shapes = makers[mode]
    al.manual_seed(0)
    m = make().double()
    inputs = [al.tensor(array(shape, 1, np.float64), requires_grad=True)] + \
        [al.tensor(array(s, 2 + i, np.float64), requires_grad=True)
         for i, s in enumerate(state_shapes)]

    def f(x, *states):
        return tuple(_outputs(m(x, states if len(states) == 2 else states[0])))
    assert al.autograd.gradcheck(f, tuple(inputs))


ERRORS = [
    ("rnncell_input_size", lambda l: l.nn.RNNCell(4, 5)(l.ones(3, 3))),
    ("rnncell_hidden_size", lambda l: l.nn.RNNCell(4, 5)(l.ones(3, 4), l.ones(3, 6))),
    ("rnncell_batch", lambda l: l.nn.RNNCell(4, 5)(l.ones(3, 4), l.ones(2, 5))),
    ("rnncell_3d", lambda l: l.nn.RNNCell(4, 5)(l.ones(3, 4, 1))),
    ("rnncell_hidden_3d", lambda l: l.nn.RNNCell(4, 5)(l.ones(3, 4), l.ones(1, 3, 5))),
    ("rnncell_nonlinearity", lambda l: l.nn.RNNCell(4, 5, nonlinearity="foo")(l.ones(3, 4))),
    ("lstmcell_input_size", lambda l: l.nn.LSTMCell(4, 5)(l.ones(3, 3))),
    ("lstmcell_hidden0", lambda l: l.nn.LSTMCell(4, 5)(l.ones(3, 4),
                                                       (l.ones(3, 6), l.ones(3, 5)))),
    ("lstmcell_hidden1", lambda l: l.nn.LSTMCell(4, 5)(l.ones(3, 4),
                                                       (l.ones(3, 5), l.ones(3, 6)))),
    ("lstmcell_hx_3d", lambda l: l.nn.LSTMCell(4, 5)(l.ones(3, 4),
                                                     (l.ones(3, 5), l.ones(1, 3, 5)))),
    ("grucell_3d", lambda l: l.nn.GRUCell(4, 5)(l.ones(3, 4, 1))),
    ("rnn_nonlinearity", lambda l: l.nn.RNN(4, 5, nonlinearity="foo")),
    ("rnn_dropout", lambda l: l.nn.RNN(4, 5, dropout=2)),
    ("rnn_layers", lambda l: l.nn.RNN(4, 5, num_layers=0)),
    ("rnn_hidden_type", lambda l: l.nn.GRU(4, 5.0)),
    ("rnn_input_zero", lambda l: l.nn.GRU(0, 5)),
    ("lstm_proj", lambda l: l.nn.LSTM(4, 5, proj_size=5)),
    ("lstm_proj_negative", lambda l: l.nn.LSTM(4, 5, proj_size=-1)),
    ("gru_input_size", lambda l: l.nn.GRU(4, 5)(l.ones(2, 3, 3))),
    ("gru_hidden_size", lambda l: l.nn.GRU(4, 5)(l.ones(2, 3, 4), l.ones(2, 3, 5))),
    ("gru_dtype", lambda l: l.nn.GRU(4, 5)(l.ones(2, 3, 4).double())),
    ("gru_4d", lambda l: l.nn.GRU(4, 5)(l.ones(2, 3, 4, 1))),
    ("rnn_4d", lambda l: l.nn.RNN(4, 5)(l.ones(2, 3, 4, 1))),
    ("rnn_hx_dims", lambda l: l.nn.RNN(4, 5)(l.ones(2, 3, 4), l.ones(3, 5))),
    ("rnn_hx_dims_unbatched", lambda l: l.nn.RNN(4, 5)(l.ones(2, 4), l.ones(1, 2, 5))),
    ("lstm_cell_size", lambda l: l.nn.LSTM(4, 5)(l.ones(2, 3, 4), (l.ones(1, 3, 5),
                                                                   l.ones(1, 2, 5)))),
    ("lstm_hx_dims", lambda l: l.nn.LSTM(4, 5)(l.ones(2, 3, 4), (l.ones(1, 3, 5),
                                                                 l.ones(3, 5)))),
    ("lstm_hx_dims_unbatched", lambda l: l.nn.LSTM(4, 5)(l.ones(2, 4), (l.ones(1, 3, 5),
                                                                        l.ones(3, 5)))),
    ("lstm_4d", lambda l: l.nn.LSTM(4, 5)(l.ones(2, 3, 4, 1))),
]


@pytest.mark.parametrize("key,fn", ERRORS, ids=[k for k, _ in ERRORS])
def test_errors_match_torch(oracle, key, fn):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        check_error(oracle, key, fn)


PAD_CASES = [("default", {}), ("batch_first", {"batch_first": True}),
             ("left_value", {"padding_side": "left", "padding_value": -1.5}),
             ("batch_first_left", {"batch_first": True, "padding_side": "left"})]


@pytest.mark.parametrize("key,kw", PAD_CASES, ids=[k for k, _ in PAD_CASES])
def test_pad_sequence(oracle, key, kw):
    """Values, the CopySlices graph and the gradient of every sequence, as torch's."""
    from ops_helper import node_sig

    def run(lib):
        seqs = [lib.tensor(array((n, 2), n), requires_grad=True) for n in (3, 1, 2)]
        out = lib.nn.utils.rnn.pad_sequence(seqs, **kw)
        (out * lib.tensor(array(tuple(out.shape), 9))).sum().backward()
        return [out, node_sig(out.grad_fn)] + [s.grad for s in seqs]
    ours, expected = run(al), oracle(key, run)
    assert ours[1] == expected[1]
    for o, e in zip(ours[:1] + ours[2:], expected[:1] + expected[2:]):
        assert_tensor_matches(o, e)


def test_pad_sequence_feeds_an_lstm(oracle):
    """A padded batch of a tensor's rows (unbound), through an LSTM."""
    def run(lib):
        m = fill_params(lib.nn.LSTM(2, 3, batch_first=True), lib)
        batch = lib.nn.utils.rnn.pad_sequence(lib.tensor(array((3, 4, 2))), batch_first=True)
        out, (h, c) = m(batch)
        return [batch, out, h, c]
    for o, e in zip(run(al), oracle("lstm", run)):
        assert_tensor_matches(o, e, rtol=1e-5, atol=1e-6, check_graph=False)


@pytest.mark.parametrize("key,fn", [
    ("empty", lambda l: l.nn.utils.rnn.pad_sequence([])),
    ("side", lambda l: l.nn.utils.rnn.pad_sequence([l.ones(2, 3)], padding_side="middle")),
    ("not_iterable", lambda l: l.nn.utils.rnn.pad_sequence(3)),
], ids=["empty", "side", "not_iterable"])
def test_pad_sequence_errors(oracle, key, fn):
    check_error(oracle, key, fn)


PACK_CASES = [("sorted", [3, 2, 2, 1], False, True), ("unsorted", [1, 3, 2, 3], False, False),
              ("batch_first", [2, 3, 1, 2], True, False), ("equal", [3, 3, 3, 3], True, True)]


@pytest.mark.parametrize("key,lengths,bf,es", PACK_CASES, ids=[c[0] for c in PACK_CASES])
def test_pack_and_pad_packed(oracle, key, lengths, bf, es):
    """pack_padded_sequence then pad_packed_sequence: data, batch sizes, permutations, the
    padded result, lengths, graphs (PackPaddedSequenceBackward0, CopySlices, IndexSelect)
    and the input gradient, as torch's."""
    from ops_helper import node_sig

    def run(lib):
        rnn = lib.nn.utils.rnn
        x = lib.tensor(array((4, 3, 2) if bf else (3, 4, 2)), requires_grad=True)
        pk = rnn.pack_padded_sequence(x, lengths, batch_first=bf, enforce_sorted=es)
        out, lens = rnn.pad_packed_sequence(pk, batch_first=bf, padding_value=-1.0,
                                            total_length=5)
        (out * lib.tensor(array(tuple(out.shape), 4))).sum().backward()
        return [pk.data, pk.batch_sizes, pk.sorted_indices, pk.unsorted_indices, out, lens,
                x.grad, node_sig(out.grad_fn)]
    ours, expected = run(al), oracle(key, run)
    assert ours[-1] == expected[-1]
    for o, e in zip(ours[:-1], expected[:-1]):
        if e is None:
            assert o is None
        else:
            assert_tensor_matches(o, e)


def test_pack_sequence_and_repr(oracle):
    def run(lib):
        seqs = [lib.tensor([1.0, 2.0]), lib.tensor([3.0]), lib.tensor([4.0, 5.0, 6.0])]
        pk = lib.nn.utils.rnn.pack_sequence(seqs, enforce_sorted=False)
        return [repr(pk), pk.data, pk.batch_sizes]
    ours, expected = run(al), oracle("pack", run)
    assert ours[0] == expected[0]
    for o, e in zip(ours[1:], expected[1:]):
        assert_tensor_matches(o, e)


PACKED_MODELS = [
    ("gru", lambda l: l.nn.GRU(2, 3), [3, 2, 2, 1], False, True, False),
    ("gru_unsorted_bi_h0", lambda l: l.nn.GRU(2, 3, 2, bidirectional=True), [1, 3, 2, 3],
     False, False, True),
    ("lstm_bi_bf_h0", lambda l: l.nn.LSTM(2, 3, 2, bidirectional=True, batch_first=True),
     [2, 3, 1, 2], True, False, True),
    ("lstm_proj", lambda l: l.nn.LSTM(2, 3, proj_size=2, bidirectional=True), [2, 3, 1, 2],
     False, False, True),
    ("rnn_relu_bi", lambda l: l.nn.RNN(2, 3, nonlinearity="relu", bidirectional=True),
     [3, 3, 1, 1], False, True, False),
]


@pytest.mark.filterwarnings("ignore:LSTM with projections:UserWarning")
@pytest.mark.parametrize("key,make,lengths,bf,es,h0", PACKED_MODELS,
                         ids=[m[0] for m in PACKED_MODELS])
def test_rnn_on_packed_sequences(oracle, key, make, lengths, bf, es, h0):
    """The padding is skipped: outputs, final states (in the caller's order) and every
    gradient as torch's."""
    def run(lib):
        m = fill_params(make(lib), lib)
        x = lib.tensor(array((4, 3, 2) if bf else (3, 4, 2)), requires_grad=True)
        pk = lib.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=bf,
                                                   enforce_sorted=es)
        d = 2 if m.bidirectional else 1
        hx = None
        if h0:
            hs = [lib.tensor(array((d * m.num_layers, 4, m.proj_size or m.hidden_size), 11)),
                  lib.tensor(array((d * m.num_layers, 4, m.hidden_size), 12))]
            hx = tuple(hs) if isinstance(m, lib.nn.LSTM) else hs[0]
        out, h = m(pk, hx)
        padded, _ = lib.nn.utils.rnn.pad_packed_sequence(out, batch_first=bf)
        hs = list(h) if isinstance(h, tuple) else [h]
        loss = (padded * lib.tensor(array(tuple(padded.shape), 5))).sum() + \
            sum((t * lib.tensor(array(tuple(t.shape), 6 + i))).sum() for i, t in enumerate(hs))
        loss.backward()
        return [out.data, out.batch_sizes, padded] + hs + [x.grad] + \
            [p.grad for p in m.parameters()]
    ours, expected = run(al), oracle(key, run)
    assert len(ours) == len(expected)
    for o, e in zip(ours, expected):
        assert_tensor_matches(o, e, rtol=1e-4, atol=1e-5, check_graph=False)


@pytest.mark.parametrize("key,fn", [
    ("unsorted", lambda l: l.nn.utils.rnn.pack_padded_sequence(l.ones(3, 3, 2), [2, 3, 1])),
    ("zero_length", lambda l: l.nn.utils.rnn.pack_padded_sequence(l.ones(3, 3, 2), [3, 2, 0])),
    ("count", lambda l: l.nn.utils.rnn.pack_padded_sequence(l.ones(3, 3, 2), [3, 2])),
    ("total_length", lambda l: l.nn.utils.rnn.pad_packed_sequence(
        l.nn.utils.rnn.pack_padded_sequence(l.ones(3, 3, 2), [3, 2, 1]), total_length=2)),
    ("hidden_size", lambda l: l.nn.GRU(2, 3)(
        l.nn.utils.rnn.pack_padded_sequence(l.ones(3, 3, 2), [3, 2, 1]), l.ones(1, 2, 3))),
], ids=["unsorted", "zero_length", "count", "total_length", "hidden_size"])
def test_packing_errors(oracle, key, fn):
    check_error(oracle, key, fn)
