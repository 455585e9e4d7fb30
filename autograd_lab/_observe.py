"""Observers of tensor changes (the visualizer's live panels).

The engine calls :func:`notify` after a change a learner would want to see (``.grad``
accumulated or zeroed, an in-place update, ``detach_``, ``requires_grad_``). With no panel
open the list is empty and a notification costs one truth test.
"""
import weakref

_observers = []


def add_observer(callback):
    """Call ``callback(tensor, what)`` on each change; held weakly if it is a bound method."""
    ref = weakref.WeakMethod(callback) if hasattr(callback, "__self__") else (lambda: callback)
    _observers.append(ref)
    return ref


def remove_observer(ref):
    if ref in _observers:
        _observers.remove(ref)


def notify(tensor, what):
    for ref in list(_observers):
        cb = ref()
        if cb is None:
            _observers.remove(ref)
        else:
            cb(tensor, what)


def active():
    return bool(_observers)
