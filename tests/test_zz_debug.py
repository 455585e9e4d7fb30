import gc, weakref, sys
import autograd_lab as al
from autograd_lab import _observe

def test_debug():
    x = al.tensor([1., 2.], requires_grad=True)
    y = (x * 2 + 1).sum()
    saved = list(_observe._observers)
    _observe._observers[:] = []
    y.backward()
    _observe._observers[:] = saved
    r = weakref.ref(y.grad_fn)
    del y
    gc.collect()
    assert r() is None
