"""Recurrent layers: ``RNNCell``, ``LSTMCell``, ``GRUCell`` (one time step) and ``RNN``,
``LSTM``, ``GRU`` (whole sequences, stacked layers, both directions).

Each cell is written out with ordinary tensor ops (``linear``, ``sigmoid``, ``tanh``, ``*``,
``+``), so its graph shows every gate; torch runs fused kernels instead, so the ``grad_fn``
names differ from torch's (``AddBackward0`` and friends here, ``MkldnnRnnLayerBackward0`` or
``ThnnFusedLstmCellBackward0`` there), while values and gradients are torch's. One cell
step, with gates ``g = x W_ih^T + b_ih + h W_hh^T + b_hh``:

* RNN:  ``h' = tanh(g)`` (or relu)
* LSTM: ``i, f, c~, o = sigmoid, sigmoid, tanh, sigmoid`` of the four chunks of ``g``;
  ``c' = f*c + i*c~``, ``h' = o*tanh(c')`` (times ``W_hr^T`` with ``proj_size``)
* GRU:  ``r, z = sigmoid`` of the first two chunks (input and hidden parts added),
  ``n = tanh(gi_n + r*(h W_hn^T + b_hn))``, ``h' = (1-z)*n + z*h``

The sequence layers compute the input part ``x W_ih^T + b_ih`` of every time step in one
matrix product, then loop over time for the hidden part (a recurrence cannot be batched).
They also take a ``PackedSequence`` (``nn.utils.rnn``): then at step ``t`` only the first
``batch_sizes[t]`` sequences advance, so the padding never enters the computation.
Parameters are named as torch names them (``weight_ih_l0``, ``bias_hh_l1_reverse``...) and
drawn in torch's order from U(-1/sqrt(hidden_size), 1/sqrt(hidden_size)), so
``manual_seed`` gives torch's weights.
"""
import math
import numbers
import warnings

from .. import _creation
from ..ops.joining import cat, stack
from . import functional as F
from . import init
from .module import Module
from .parameter import Parameter


# ----------------------------------------------------------------------------- one step
def _lstm_gates(gates, c, proj=None):
    i, f, g, o = gates.chunk(4, 1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    h = o.sigmoid() * c.tanh()
    return (h if proj is None else F.linear(h, proj)), c


def _gru_gates(gi, gh, h):
    i_r, i_z, i_n = gi.chunk(3, 1)
    h_r, h_z, h_n = gh.chunk(3, 1)
    r = (i_r + h_r).sigmoid()
    z = (i_z + h_z).sigmoid()
    n = (i_n + r * h_n).tanh()
    return (1 - z) * n + z * h


def _rnn_step(mode, gi, h, w_hh, b_hh, proj=None):
    """One step from the input part ``gi`` of the gates and the state ``h`` (``(h, c)`` for
    LSTM)."""
    if mode == "LSTM":
        h, c = h
        return _lstm_gates(gi + F.linear(h, w_hh, b_hh), c, proj)
    gh = F.linear(h, w_hh, b_hh)
    if mode == "GRU":
        return _gru_gates(gi, gh, h)
    return (gi + gh).tanh() if mode == "RNN_TANH" else (gi + gh).relu()


# ----------------------------------------------------------------------------- cells
class RNNCellBase(Module):
    def __init__(self, input_size, hidden_size, bias, num_chunks, device=None, dtype=None):
        super().__init__()
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        kw = {"device": device, "dtype": dtype}
        self.weight_ih = Parameter(_creation.empty((num_chunks * hidden_size, input_size), **kw))
        self.weight_hh = Parameter(_creation.empty((num_chunks * hidden_size, hidden_size),
                                                   **kw))
        if bias:
            self.bias_ih = Parameter(_creation.empty(num_chunks * hidden_size, **kw))
            self.bias_hh = Parameter(_creation.empty(num_chunks * hidden_size, **kw))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if "bias" in self.__dict__ and self.bias is not True:
            s += ", bias={bias}"
        if "nonlinearity" in self.__dict__ and self.nonlinearity != "tanh":
            s += ", nonlinearity={nonlinearity}"
        return s.format(**self.__dict__)

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def _check(self, input, hxs):
        """Torch's cell checks (``_VF.*_cell``): input and hidden sizes, batch sizes."""
        if input.shape[1] != self.input_size:
            raise RuntimeError(f"input has inconsistent input_size: got {input.shape[1]} "
                               f"expected {self.input_size}")
        for k, h in enumerate(hxs):
            if input.shape[0] != h.shape[0]:
                raise RuntimeError(f"Input batch size {input.shape[0]} doesn't match hidden{k} "
                                   f"batch size {h.shape[0]}")
            if h.shape[1] != self.hidden_size:
                raise RuntimeError(f"hidden{k} has inconsistent hidden_size: got "
                                   f"{h.shape[1]}, expected {self.hidden_size}")

    def _prepare(self, input, hx, n_states):
        """Batch an unbatched input (and state); zeros for a missing state."""
        name = type(self).__name__
        if input.dim() not in (1, 2):
            raise ValueError(f"{name}: Expected input to be 1D or 2D, got {input.dim()}D "
                             "instead")
        states = None if hx is None else (hx if n_states == 2 else (hx,))
        if states is not None:
            for idx, value in enumerate(states):
                if value.dim() not in (1, 2):
                    what = f"hx[{idx}]" if n_states == 2 else "hidden"
                    raise ValueError(f"{name}: Expected {what} to be 1D or 2D, got "
                                     f"{value.dim()}D instead")
        batched = input.dim() == 2
        if not batched:
            input = input.unsqueeze(0)
        if states is None:
            zeros = _creation.zeros((input.shape[0], self.hidden_size), dtype=input.dtype,
                                    device=input.device)
            states = (zeros,) * n_states
        elif not batched:
            states = tuple(s.unsqueeze(0) for s in states)
        self._check(input, states)
        return input, states, batched


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> cell = torch.nn.RNNCell(3, 4)
    >>> cell
    RNNCell(3, 4)
    >>> cell(torch.ones(2, 3)).shape
    torch.Size([2, 4])
    """

    def __init__(self, input_size, hidden_size, bias=True, nonlinearity="tanh", device=None,
                 dtype=None):
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        if self.nonlinearity not in ("tanh", "relu"):
            raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        input, (h,), batched = self._prepare(input, hx, 1)
        mode = "RNN_TANH" if self.nonlinearity == "tanh" else "RNN_RELU"
        out = _rnn_step(mode, F.linear(input, self.weight_ih, self.bias_ih), h,
                        self.weight_hh, self.bias_hh)
        return out if batched else out.squeeze(0)


class LSTMCell(RNNCellBase):
    """One step of an LSTM; returns ``(h', c')``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> h, c = torch.nn.LSTMCell(3, 4)(torch.ones(2, 3))
    >>> h.shape, c.shape
    (torch.Size([2, 4]), torch.Size([2, 4]))
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input, hx=None):
        input, (h, c), batched = self._prepare(input, hx, 2)
        h, c = _rnn_step("LSTM", F.linear(input, self.weight_ih, self.bias_ih), (h, c),
                         self.weight_hh, self.bias_hh)
        return (h, c) if batched else (h.squeeze(0), c.squeeze(0))


class GRUCell(RNNCellBase):
    """One step of a GRU.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> torch.nn.GRUCell(3, 4)(torch.ones(3)).shape
    torch.Size([4])
    """

    def __init__(self, input_size, hidden_size, bias=True, device=None, dtype=None):
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input, hx=None):
        input, (h,), batched = self._prepare(input, hx, 1)
        out = _rnn_step("GRU", F.linear(input, self.weight_ih, self.bias_ih), h,
                        self.weight_hh, self.bias_hh)
        return out if batched else out.squeeze(0)


# ----------------------------------------------------------------------------- sequences
class RNNBase(Module):
    """What RNN, LSTM and GRU share: torch's parameters, checks and the layer loop."""

    def __init__(self, mode, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, proj_size=0,
                 device=None, dtype=None):
        super().__init__()
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        num_directions = 2 if bidirectional else 1
        if not isinstance(dropout, numbers.Number) or not 0 <= dropout <= 1 or \
                isinstance(dropout, bool):
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if dropout > 0 and num_layers == 1:
            warnings.warn("dropout option adds dropout after all but last recurrent layer, so "
                          "non-zero dropout expects num_layers greater than 1, but got "
                          f"dropout={dropout} and num_layers={num_layers}")
        for name, v in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(v, int):
                raise TypeError(f"{name} should be of type int, got: {type(v).__name__}")
            if v <= 0:
                raise ValueError(f"{name} must be greater than zero")
        if num_layers <= 0:
            raise ValueError("num_layers must be greater than zero")
        if proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        gate_size = {"LSTM": 4, "GRU": 3}.get(mode, 1) * hidden_size
        real_hidden = proj_size if proj_size > 0 else hidden_size
        kw = {"device": device, "dtype": dtype}
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(num_directions):
                layer_input = input_size if layer == 0 else real_hidden * num_directions
                shapes = [("weight_ih_l{}{}", (gate_size, layer_input)),
                          ("weight_hh_l{}{}", (gate_size, real_hidden))]
                if bias:
                    shapes += [("bias_ih_l{}{}", (gate_size,)), ("bias_hh_l{}{}", (gate_size,))]
                if proj_size > 0:
                    shapes += [("weight_hr_l{}{}", (proj_size, hidden_size))]
                suffix = "_reverse" if direction == 1 else ""
                names = []
                for fmt, shape in shapes:
                    name = fmt.format(layer, suffix)
                    setattr(self, name, Parameter(_creation.empty(shape, **kw)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()

    @property
    def _flat_weights(self):
        return [getattr(self, n) for n in self._flat_weights_names]

    @property
    def all_weights(self):
        return [[getattr(self, n) for n in names] for names in self._all_weights]

    def flatten_parameters(self):
        """A no-op, as on the CPU in torch (there is no cuDNN weight buffer here)."""

    def reset_parameters(self):
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -stdv, stdv)

    def extra_repr(self):
        s = "{input_size}, {hidden_size}"
        if self.proj_size != 0:
            s += ", proj_size={proj_size}"
        if self.num_layers != 1:
            s += ", num_layers={num_layers}"
        if self.bias is not True:
            s += ", bias={bias}"
        if self.batch_first is not False:
            s += ", batch_first={batch_first}"
        if self.dropout != 0:
            s += ", dropout={dropout}"
        if self.bidirectional is not False:
            s += ", bidirectional={bidirectional}"
        return s.format(**self.__dict__)

    # -- checks, as torch's RNNBase
    def _check_input(self, input, expected_dim=3):
        """(``expected_dim`` is 2 for a PackedSequence's data.)"""
        w = self._flat_weights[0]
        if input.dtype != w.dtype:
            raise ValueError(f"RNN input dtype ({input.dtype}) does not match weight dtype "
                             f"({w.dtype}). Convert input: input.to({w.dtype}), or convert "
                             f"model: model.to({input.dtype})")
        if input.dim() != expected_dim:
            raise RuntimeError(f"input must have {expected_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(f"input.size(-1) must be equal to input_size. Expected "
                               f"{self.input_size}, got {input.size(-1)}")

    def _expected_hidden(self, input, size):
        batch = input.size(0) if self.batch_first else input.size(1)
        return (self.num_layers * (2 if self.bidirectional else 1), batch, size)

    @staticmethod
    def _check_hidden(hx, expected, msg="Expected hidden size {}, got {}"):
        if tuple(hx.size()) != expected:
            raise RuntimeError(msg.format(expected, list(hx.size())))

    def _check_states(self, states, shapes, n_states):
        for i, (s, shape) in enumerate(zip(states, shapes)):
            msg = f"Expected hidden[{i}] size {{}}, got {{}}" if n_states == 2 else \
                "Expected hidden size {}, got {}"
            self._check_hidden(s, shape, msg)

    def _state_sizes(self, n_states):
        """The last dim of each state: ``h`` (``proj_size`` wide with a projection), ``c``."""
        real_hidden = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (real_hidden, self.hidden_size)[:n_states]

    def _zeros(self, input, size):
        return _creation.zeros(self._expected_hidden(input, size), dtype=input.dtype,
                               device=input.device)

    # -- the computation
    def _direction_weights(self, k):
        """``w_ih, w_hh, b_ih, b_hh, w_hr`` of layer-direction ``k`` (None where absent)."""
        params = [getattr(self, n) for n in self._all_weights[k]]
        b_ih, b_hh = (params[2], params[3]) if self.bias else (None, None)
        proj = params[-1] if self.proj_size > 0 else None
        return params[0], params[1], b_ih, b_hh, proj

    def _cell(self, gi, h, w_hh, b_hh, proj):
        """One time step on the states as a tuple, ``(h,)`` or ``(h, c)``, whatever the mode."""
        if self.mode == "LSTM":
            return _rnn_step(self.mode, gi, h, w_hh, b_hh, proj)
        return (_rnn_step(self.mode, gi, h[0], w_hh, b_hh, proj),)

    def _layers(self, x, states, run_direction, cat_dim):
        """The stack of layers: each runs every direction on the previous layer's output with
        ``run_direction(x, direction, h0, *weights) -> (outputs, final states)``, the two
        directions' outputs joined along ``cat_dim``, dropout between layers. Returns the last
        layer's outputs and the final states, stacked as torch stacks them (layer-major,
        forward direction first)."""
        num_directions = 2 if self.bidirectional else 1
        finals = [[] for _ in states]
        for layer in range(self.num_layers):
            outs = []
            for direction in range(num_directions):
                k = layer * num_directions + direction
                out, h = run_direction(x, direction, tuple(s[k] for s in states),
                                       *self._direction_weights(k))
                for i, s in enumerate(h):
                    finals[i].append(s)
                outs.append(out)
            x = outs[0] if num_directions == 1 else cat(outs, cat_dim)
            if self.dropout and self.training and layer < self.num_layers - 1:
                x = F.dropout(x, self.dropout, True)
        return x, tuple(stack(f) for f in finals)

    def _run(self, input, states):
        """``input`` (L, N, H_in) time-major; ``states``: a tuple of (layers*D, N, H) tensors.
        Returns :meth:`_layers`' outputs and final states."""
        L, N = input.shape[0], input.shape[1]

        def run_direction(x, direction, h, w_ih, w_hh, b_ih, b_hh, proj):
            # the input part of every time step in one matrix product
            gi = F.linear(x.reshape(L * N, x.shape[2]), w_ih, b_ih).reshape(L, N, -1)
            hs = [None] * L
            for t in (range(L - 1, -1, -1) if direction == 1 else range(L)):
                h = self._cell(gi[t], h, w_hh, b_hh, proj)
                hs[t] = h[0]
            return stack(hs), h

        return self._layers(input, states, run_direction, 2)

    def _run_packed(self, data, batch_sizes, states):
        """:meth:`_run` on packed steps: at step ``t`` only the first ``batch_sizes[t]``
        sequences advance; the others keep their state (forward direction: their final
        one) or have not started (reverse direction: they start from the initial state)."""
        offsets = [0]
        for bs in batch_sizes:
            offsets.append(offsets[-1] + bs)

        def run_direction(x, direction, h0, w_ih, w_hh, b_ih, b_hh, proj):
            gi = F.linear(x, w_ih, b_ih)        # every packed step in one product
            hs = [None] * len(batch_sizes)
            if direction == 0:
                h = h0
                for t, bs in enumerate(batch_sizes):
                    new = self._cell(gi[offsets[t]:offsets[t + 1]], tuple(s[:bs] for s in h),
                                     w_hh, b_hh, proj)
                    hs[t] = new[0]
                    # sequences that have ended keep their last state
                    h = tuple(n if bs == s.shape[0] else cat([n, s[bs:]])
                              for n, s in zip(new, h))
            else:
                h = None
                for t in range(len(batch_sizes) - 1, -1, -1):
                    bs = batch_sizes[t]
                    # sequences whose (reversed) run starts here join from h0
                    h = tuple(s[:bs] for s in h0) if h is None else \
                        tuple(s if s.shape[0] == bs else cat([s, s0[s.shape[0]:bs]])
                              for s, s0 in zip(h, h0))
                    h = self._cell(gi[offsets[t]:offsets[t + 1]], h, w_hh, b_hh, proj)
                    hs[t] = h[0]
            return cat(hs), h

        return self._layers(data, states, run_direction, 1)

    def _forward_packed(self, packed, hx, n_states):
        """A PackedSequence in, a PackedSequence out; states in the caller's order."""
        from .utils.rnn import PackedSequence
        data, batch_sizes = packed.data, [int(b) for b in packed.batch_sizes.tolist()]
        sizes = self._state_sizes(n_states)
        shape = (self.num_layers * (2 if self.bidirectional else 1), batch_sizes[0])
        if hx is None:
            states = tuple(_creation.zeros(shape + (s,), dtype=data.dtype, device=data.device)
                           for s in sizes)
        else:
            states = tuple(hx) if n_states == 2 else (hx,)
            if packed.sorted_indices is not None:
                states = tuple(s.index_select(1, packed.sorted_indices) for s in states)
        self._check_input(data, 2)
        self._check_states(states, [shape + (size,) for size in sizes], n_states)
        out, finals = self._run_packed(data, batch_sizes, states)
        if packed.unsorted_indices is not None:
            finals = tuple(f.index_select(1, packed.unsorted_indices) for f in finals)
        output = PackedSequence(out, packed.batch_sizes, packed.sorted_indices,
                                packed.unsorted_indices)
        return output, (finals if n_states == 2 else finals[0])

    def _forward(self, input, hx, n_states):
        from .utils.rnn import PackedSequence
        if isinstance(input, PackedSequence):
            return self._forward_packed(input, hx, n_states)
        name = {"RNN_TANH": "RNN", "RNN_RELU": "RNN"}.get(self.mode, self.mode)
        if input.dim() not in (2, 3):
            extra = " tensor" if name == "RNN" else ""
            raise ValueError(f"{name}: Expected input to be 2D or 3D, got {input.dim()}D"
                             f"{extra} instead")
        batched = input.dim() == 3
        if not batched:
            input = input.unsqueeze(0 if self.batch_first else 1)
        sizes = self._state_sizes(n_states)
        if hx is None:
            self._check_input(input)
            states = tuple(self._zeros(input, s) for s in sizes)
        else:
            states = tuple(hx) if n_states == 2 else (hx,)
            want = 3 if batched else 2
            if any(s.dim() != want for s in states):
                what = "3-D input" if batched else "2-D input"
                if n_states == 2:
                    dims = ", ".join(f"{s.dim()}-D" for s in states)
                    raise RuntimeError(f"For {'batched' if batched else 'unbatched'} {what}, hx "
                                       f"and cx should also be {want}-D but got ({dims}) "
                                       "tensors")
                raise RuntimeError(f"For {'batched' if batched else 'unbatched'} {what}, hx "
                                   f"should also be {want}-D but got {states[0].dim()}-D tensor")
            if not batched:
                states = tuple(s.unsqueeze(1) for s in states)
            self._check_input(input)
            self._check_states(states, [self._expected_hidden(input, size) for size in sizes],
                               n_states)
        if self.batch_first:
            input = input.transpose(0, 1)
        output, finals = self._run(input, states)
        if self.batch_first:
            output = output.transpose(0, 1)
        if not batched:
            output = output.squeeze(0 if self.batch_first else 1)
            finals = tuple(f.squeeze(1) for f in finals)
        return output, (finals if n_states == 2 else finals[0])


class RNN(RNNBase):
    """A multi-layer Elman RNN over a sequence (``tanh`` or ``relu``); returns
    ``(output, h_n)``. Values and gradients are torch's; the graph is the composite of the
    cell's ops (torch's fused kernel has its own node names).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> rnn = torch.nn.RNN(3, 5, num_layers=2, batch_first=True)
    >>> rnn
    RNN(3, 5, num_layers=2, batch_first=True)
    >>> out, h = rnn(torch.ones(4, 7, 3))
    >>> out.shape, h.shape
    (torch.Size([4, 7, 5]), torch.Size([2, 4, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, nonlinearity="tanh", bias=True,
                 batch_first=False, dropout=0.0, bidirectional=False, device=None,
                 dtype=None):
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             "'relu'.")
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         0, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx=None):
        return self._forward(input, hx, 1)


class LSTM(RNNBase):
    """A multi-layer LSTM over a sequence; returns ``(output, (h_n, c_n))``. Values and
    gradients are torch's; the graph is the composite of the cell's ops (torch's fused
    kernel has its own node names).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> lstm = torch.nn.LSTM(3, 5, bidirectional=True)
    >>> out, (h, c) = lstm(torch.ones(7, 2, 3))
    >>> out.shape, h.shape, c.shape
    (torch.Size([7, 2, 10]), torch.Size([2, 2, 5]), torch.Size([2, 2, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, proj_size=0, device=None, dtype=None):
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, proj_size, device, dtype)

    def forward(self, input, hx=None):
        return self._forward(input, hx, 2)


class GRU(RNNBase):
    """A multi-layer GRU over a sequence; returns ``(output, h_n)``. Values and gradients
    are torch's; the graph is the composite of the cell's ops (torch's fused kernel has its
    own node names).

    Examples
    --------
    >>> import autograd_lab as torch
    >>> out, h = torch.nn.GRU(3, 5)(torch.ones(7, 3))
    >>> out.shape, h.shape
    (torch.Size([7, 5]), torch.Size([1, 5]))
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True, batch_first=False,
                 dropout=0.0, bidirectional=False, device=None, dtype=None):
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first,
                         dropout, bidirectional, 0, device, dtype)

    def forward(self, input, hx=None):
        return self._forward(input, hx, 1)
