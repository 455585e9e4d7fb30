"""torch's CPU random number generator, reproduced bit for bit on NumPy.

``torch.manual_seed(0); torch.randint(5, (4,))`` prints ``tensor([4, 4, 3, 0])`` in PyTorch, and
it must print the same here, so this module does not use NumPy's own samplers: it re-runs the
kernels of ``aten/src/ATen`` on the same 32-bit mt19937 stream.

The engine
    torch's ``CPUGeneratorImpl`` owns one mt19937 (``ATen/core/MT19937RNGEngine.h``), seeded with
    ``init_genrand`` on the low 32 bits of the 64-bit seed. ``random()`` is one 32-bit draw and
    ``random64()`` is two, the first one giving the high half. NumPy's ``MT19937`` bit generator
    runs the same recurrence and tempering, so it is the engine here: we seed its 624-word key
    ourselves and read ``random_raw``. torch's ``(left_, next_)`` pair is NumPy's ``pos``.

Which kernel each function mirrors (all in ``aten/src/ATen``):

* uniform (``rand``, ``uniform_``): ``uniform_real_distribution`` + ``uniform_kernel``.
  float32/float16: ``(random() & (2**24-1)) * 2**-24``; float64: 53 bits of ``random64()``.
  Then ``x * (to - from) + from``, which the compiler contracts into one FMA (torch's x86
  kernels are built with ``-mfma``), and a result that rounds to ``to`` becomes ``from``.
* normal (``randn``, ``normal``, ``normal_``): ``normal_kernel`` in
  ``native/cpu/DistributionTemplates.h``. float32 with >= 16 elements and contiguous:
  ``normal_fill_AVX2``: uniforms for every element, Box-Muller on blocks of 16 with the
  Cephes-style ``log256_ps``/``sincos256_ps`` of ``avx_mathfun.h`` (emulated here op by op in
  float32, with the FMAs GCC forms), and the last 16 redrawn when the size is not a multiple of
  16. float16 with >= 16 elements and contiguous goes through that float kernel on a
  float buffer rounded up to whole blocks (the last block's results land on the last 16
  elements). float64 with >= 16 elements and contiguous: ``normal_fill<double>`` with glibc's
  ``log``/``cos``/``sin`` (Python's ``math`` calls the same libm). Everything else (fewer
  than 16 elements, or a non-contiguous tensor): ``normal_distribution<double>`` one value at
  a time, which draws two uniforms, returns ``r*cos`` and keeps ``r*sin`` in the generator for
  the next call (that cache is part of the state, and ``manual_seed`` clears it).
* randint / ``random_``: ``uniform_int_from_to_distribution``: ``random() % range + from``,
  or ``random64()`` once the range reaches 2**28; float dtypes first move ``from``/``to`` as
  ``update_from``/``update_to`` do. ``random_()`` with no bounds: ``uniform_int_distribution``.
* randperm: ``randperm_cpu``: a Fisher-Yates swap with ``random() % (n - i)``.
* bernoulli: ``bernoulli_kernel``: ``uniform < p`` with a double uniform (``random64``) for a
  scalar ``p`` or a float64 ``p`` tensor, a float uniform (``random()``) for other ``p`` dtypes.
* exponential_, geometric_, cauchy_, log_normal_: ``cpu_serial_kernel`` over an
  ``at::*_distribution<double>`` (one double uniform per element; log_normal is ``exp`` of the
  scalar ``normal_distribution<double>``, cache included), then a cast to the dtype.
* poisson: ``sample_poisson`` in ``native/Distributions.cpp``: Hoermann's transformed
  rejection for rates >= 10, a product of double uniforms below.
* multinomial: ``multinomial_out``: without replacement (or for one sample) ``p / q`` with
  ``q = exponential_(1)`` (a double uniform per element) and ``argmax``/``topk`` (libstdc++'s
  selection order on ties); with replacement ``MultinomialKernel.cpp``: a double uniform per
  sample, binary-searched in the row's normalised running sum.
* in-place methods walk a non-contiguous tensor in TensorIterator's order (dimensions sorted
  by stride), as ``cpu_serial_kernel`` does.

Exactness (checked by ``tests/test_random.py`` against torch 2.13 on x86-64):

* bit-exact: the raw stream and every state transition (``get_state`` bytes included), rand and
  uniform_ (float16/32/64), randn/normal/normal_ (float16/32/64, every path, in-place on
  non-contiguous tensors too), randint/random_ (all integer and float dtypes), randperm,
  bernoulli / bernoulli_ (number or tensor ``p``); exponential_, geometric_, cauchy_,
  log_normal_ and poisson (float16/32/64) in ``tests/test_random_fills_extra.py``;
  multinomial (float16/32/64, both paths, ties included) in ``tests/test_multinomial.py``.
* not checked: randperm for n >= 2**32/20 (the 'inside-out' branch; too large to test), and
  bfloat16 (NumPy has no such dtype).
* platform limits (why a result may still differ on another machine): the FMA forms assume
  torch's x86 AVX2/AVX512 kernels (the normal stub never dispatches to AVX512, so float32
  normal runs the AVX2 kernel there too). On a CPU without AVX2 (torch's DEFAULT kernels, no
  FMA) ``uniform_(a, b)`` can differ in the last bit (``rand`` cannot), and there and on ARM
  torch's float32 ``randn`` uses the scalar ``normal_fill`` with the platform's libm. torch
  sources up to 2.x also route ``bernoulli_(p: float)`` (and so ``dropout``) on *Intel* CPUs of
  MKL builds to MKL's MCG31 stream seeded by one ``random()``; that path cannot be checked on
  this AMD machine and is not reproduced: autograd_lab always uses the generic kernel (the one
  torch runs on AMD CPUs). CUDA generators (Philox) are not reproduced either: a ``cuda`` tensor
  gets its values from this CPU stream.

Where each part lives (this package's modules):

* ``generator``: the mt19937 engine, ``Generator`` and its state bytes, the default
  generator and the module-level seeding functions.
* ``kernel_support``: what the samplers share: torch's dtype tables and message formats,
  the fused multiply-add and glibc ``libm`` of torch's compiled kernels, and TensorIterator's
  visiting order for in-place fills.
* ``continuous``: uniform and normal (``rand``, ``randn``, ``normal``, ``uniform_``,
  ``normal_``).
* ``discrete``: integers, permutations and bernoulli (``randint``, ``random_``, ``randperm``,
  ``bernoulli``, ``bernoulli_``).
* ``distributions``: ``exponential_`` (also multinomial's Exp(1) noise), ``geometric_``,
  ``cauchy_``, ``log_normal_``.
* ``poisson``: ``poisson`` (``sample_poisson``).
* ``multinomial``: ``multinomial``.
(``multinomial`` also relies on ``ops._topk_order``: the order torch's CPU ``topk`` leaves
equal values in, libstdc++'s ``partial_sort``/``nth_element``/``sort`` rerun.)
"""
from .generator import (Generator, default_generator, manual_seed, seed, initial_seed,
                        get_rng_state, set_rng_state)
# pickles of a Generator written before this module became a package name this function here
from .generator import _rebuild_generator  # noqa: F401
from .continuous import rand_array, randn_array, normal_array, uniform_, normal_
from .continuous import uniform_array  # noqa: F401  (importable here before, not in __all__)
from .discrete import randint_array, randperm_array, bernoulli_array, bernoulli_, random_
from .distributions import exponential_, geometric_, cauchy_, log_normal_
from .poisson import poisson_array
from .multinomial import multinomial_array

__all__ = ["Generator", "default_generator", "manual_seed", "seed", "initial_seed",
           "get_rng_state", "set_rng_state", "rand_array", "randn_array", "randint_array",
           "normal_array", "randperm_array", "bernoulli_array", "uniform_", "normal_",
           "bernoulli_", "random_", "exponential_", "geometric_", "cauchy_", "log_normal_",
           "poisson_array", "multinomial_array"]

