"""Every op, one module per family; each module holds the op's forward and backward side by
side. This package re-exports the functions the Tensor methods and the top level call."""
from .arithmetic import (add, sub, rsub, mul, div, rdiv, neg, pow, rpow, square, remainder,
                         fmod, float_power, true_divide, divide, multiply, subtract, negative,
                         floor_divide)
from .arithmetic import alpha_number, float_power_
from .unary_math import (abs, absolute, exp, log, log2, log10, log1p, expm1, sqrt, rsqrt,
                         reciprocal, sin, cos, tan, sign, floor, ceil, trunc, round)
from .trig_hyperbolic import (asin, acos, atan, sinh, cosh, asinh, acosh, atanh, arcsin, arccos,
                              arctan, arcsinh, arccosh, arctanh, sinc, exp2, deg2rad, rad2deg,
                              asinh_, acosh_, atanh_)
from .special_functions import erf, erfc, erfinv, lgamma, digamma, polygamma, polygamma_, logit
from .float_parts import frac, signbit, sgn, nan_to_num
from .binary_math import (copysign, xlogy, atan2, arctan2, hypot, logaddexp, logaddexp2, fmax,
                          fmin, heaviside)
from .addc import addcmul, addcdiv
from .random_fill import poisson
from .activations import tanh, sigmoid, relu
from .clamp_where import clamp, clip, maximum, minimum, where, masked_fill, lerp
from .clamp_bounds import clamp_, clamp_min, clamp_max, clamp_min_, clamp_max_
from .comparison import (eq, ne, lt, le, gt, ge, greater, greater_equal, less, less_equal,
                         not_equal, logical_op, bitwise_not, logical_not, logical_and, logical_or,
                         logical_xor, isnan, isinf, isfinite, equal, allclose, isclose,
                         isposinf, isneginf, isreal)
from .reduction import (sum, mean, prod, max, min, amax, amin, argmax, argmin, var, std, norm,
                        vector_norm, logsumexp, cumsum, all, any, sort, argsort, topk,
                        return_types)
from .cumulative import cumprod, cummax, cummin, logcumsumexp
from .order_stats import (median, nanmedian, kthvalue, mode, aminmax, msort, quantile,
                          nanquantile)
from .statistics import nansum, nanmean, std_mean, var_mean, count_nonzero, cov, corrcoef
from .search import (unique, unique_consecutive, bincount, histc, searchsorted, bucketize)
from .integrate import trapezoid, trapz, cumulative_trapezoid
from .shape import (view, reshape, flatten, unflatten, squeeze, unsqueeze, permute, transpose,
                    swapaxes, swapdims, t, reverse_dims, expand, broadcast_to, repeat, clone,
                    flip, movedim, moveaxis, narrow)
from .linalg import mm, bmm, mv, dot, vdot, inner, outer, ger, matmul
from .fused_products import (addmm, addmv, addr, baddbmm, addbmm, addmm_, addmv_, addr_,
                             baddbmm_, addbmm_)
from .diagonal import (diagonal, diag, diag_embed, diagflat, trace, tril, triu, tril_, triu_,
                       tril_indices, triu_indices)
from .matrix_functions import det, logdet, slogdet, inverse, matrix_power, pinverse
from .distance import cross, dist, cdist
from .tensor_products import tensordot, kron, einsum
from .indexing import getitem, setitem, select
from .gather_scatter import gather, index_select, nonzero, scatter, scatter_add, index_add
from .inplace import inplace, fill_, zero_, copy_
from .inplace_more import compare_, logical_, cumulative_, floor_divide_
from .sum_to import sum_to_size
from .renorm import renorm
from .bitwise import (bitwise_and, bitwise_or, bitwise_xor, bitwise_left_shift,
                      bitwise_right_shift, gcd, lcm)
from .bitwise import into as bitwise_into, gcd_lcm_method
from .float_bits import frexp, ldexp, ldexp_, nextafter
from .bessel import i0
from .index_write import (scatter_, scatter_add_, index_add_, scatter_reduce_legacy,
                          index_fill, index_fill_, index_copy, index_copy_, index_put,
                          index_put_, masked_scatter, masked_scatter_, fill_diagonal_)
from .conversion import to
from .softmax import softmax, log_softmax
from .joining import (cat, concat, concatenate, stack, hstack, vstack, split, chunk, unbind,
                      row_stack, dstack, column_stack, tensor_split, hsplit, vsplit, dsplit)
from .rearrange import (roll, rot90, fliplr, flipud, tile, repeat_interleave, atleast_1d,
                        atleast_2d, atleast_3d, ravel, broadcast_shapes, broadcast_tensors,
                        meshgrid, cartesian_prod, diff)
from .strided import as_strided, unfold
from .selection import take, take_along_dim, masked_select, argwhere, unravel_index
