"""autograd_lab: a PyTorch-compatible tensor and autograd library on NumPy, built to be read.

``import autograd_lab as torch`` runs PyTorch lesson code and prints what PyTorch prints;
unlike PyTorch, every part (the graph, the backward pass, each derivative) is plain Python.
"""
from . import _dtype
from ._backend import device
from ._dtype import (bool_ as bool, dtype, float16, float32, float64, get_default_dtype, int8,
                     int16, int32, int64, promote_types, set_default_dtype, uint8)
from ._grad_mode import (enable_grad, inference_mode, is_grad_enabled, is_inference_mode_enabled,
                         no_grad, set_grad_enabled)
from ._size import Size
from ._tensor import Tensor
from ._creation import (BoolTensor, ByteTensor, CharTensor, DoubleTensor, FloatTensor,
                        HalfTensor, IntTensor, LongTensor, ShortTensor, arange, as_tensor,
                        bernoulli, empty, empty_like, eye, from_numpy, full, full_like,
                        linspace, logspace, multinomial, normal, ones, ones_like, rand,
                        rand_like, randint, randint_like, randn, randn_like, randperm, tensor,
                        zeros, zeros_like)
from ._random import (Generator, default_generator, get_rng_state, initial_seed, manual_seed,
                      seed, set_rng_state)
from ._printing import get_printoptions, set_printoptions
from ._type_info import finfo, iinfo
from .ops import (abs, absolute, add, allclose, ceil, clamp, clip, clone, cos, div, divide, dot,
                  eq, equal, exp, expm1, flatten, floor, ge, gt, isclose, isfinite, isinf,
                  isnan, le, lerp, log, log1p, log2, log10, logical_and, logical_not,
                  logical_or, lt, masked_fill, matmul, maximum, mean, minimum, mm, bmm, mul,
                  multiply, mv, ne, neg, negative, nonzero, outer, permute, pow, reciprocal,
                  remainder, reshape, round, rsqrt, sigmoid, sign, sin, sqrt, square, squeeze,
                  sub, subtract, sum, t, tan, tanh, transpose, true_divide, trunc, unsqueeze,
                  where, gather, index_select, relu, swapaxes, broadcast_to)
from .ops import fmod, float_power, floor_divide, greater, less, greater_equal, less_equal, not_equal
from .ops import (asin, acos, atan, sinh, cosh, asinh, acosh, atanh, arcsin, arccos, arctan,
                  arcsinh, arccosh, arctanh, sinc, exp2, deg2rad, rad2deg, erf, erfc, erfinv,
                  lgamma, digamma, polygamma, logit, frac, signbit, sgn, nan_to_num, copysign,
                  xlogy, atan2, arctan2, hypot, logaddexp, logaddexp2, fmax, fmin, heaviside,
                  addcmul, addcdiv, clamp_min, clamp_max)
from .ops import (prod, max, min, amax, amin, argmax, argmin, var, std, norm, logsumexp, cumsum,
                  all, any, sort, argsort, topk, return_types)
from .ops import (cumprod, cummax, cummin, logcumsumexp, median, nanmedian, kthvalue, mode,
                  aminmax, msort, quantile, nanquantile, nansum, nanmean, std_mean, var_mean,
                  count_nonzero, cov, corrcoef, unique, unique_consecutive, bincount, histc,
                  searchsorted, bucketize, trapezoid, trapz, cumulative_trapezoid)
from .ops import scatter, scatter_add, index_add, flip, softmax, log_softmax
from .ops import index_copy, index_fill, index_put, index_put_, masked_scatter
from .ops import isposinf, isneginf, isreal
from .ops import renorm
from .ops import (bitwise_and, bitwise_or, bitwise_xor, bitwise_not, bitwise_left_shift,
                  bitwise_right_shift, gcd, lcm)
from .ops import frexp, ldexp, nextafter
from .ops import i0
from .ops import poisson
from .ops import (cat, concat, concatenate, stack, hstack, vstack, split, chunk, unbind,
                  movedim, moveaxis, narrow)
from .ops import (row_stack, dstack, column_stack, tensor_split, hsplit, vsplit, dsplit, roll,
                  rot90, fliplr, flipud, tile, repeat_interleave, atleast_1d, atleast_2d,
                  atleast_3d, ravel, broadcast_shapes, broadcast_tensors, meshgrid,
                  cartesian_prod, diff, as_strided, take, take_along_dim, masked_select,
                  argwhere, unravel_index, swapdims, unflatten)
from .ops import vdot, inner, ger, select, logical_xor
from .ops import (addmm, addmv, addmv_, addr, baddbmm, addbmm, diagonal, diag, diag_embed,
                  diagflat, trace, tril, triu, tril_indices, triu_indices, det, logdet, slogdet,
                  inverse, matrix_power, pinverse, cross, dist, cdist, tensordot, kron,
                  einsum)
from . import autograd, cuda
from . import accelerator, backends, profiler
from ._default_device import get_default_device, set_default_device
from . import linalg
from . import nn
from .nn.functional import (celu, celu_, cosine_similarity, pairwise_distance, prelu, selu,
                            selu_, threshold, threshold_)
from . import optim
from . import distributions
from .serialization import load, save
from . import hub, models
from . import utils

float = float32
double = float64
half = float16
long = int64
int = int32
short = int16
__version__ = "0.1.0"


def is_tensor(obj):
    return isinstance(obj, Tensor)


def is_floating_point(input):
    return input.is_floating_point()


def is_complex(input):
    return input.is_complex()


def is_signed(input):
    return input.is_signed()


def is_nonzero(input):
    return input.is_nonzero()


def numel(input):
    return input.numel()


def result_type(tensor1, tensor2):
    return _dtype.result_type(tensor1, tensor2)


def can_cast(from_, to):
    return from_._kind <= to._kind and not (from_.is_floating_point and not to.is_floating_point)
