"""PyTorch's named result tuples, ``torch.return_types.<name>``: what ``max(dim)``, ``sort``,
``aminmax``, ``slogdet``, ``linalg.svd``... return. Each is a plain tuple (it unpacks and
indexes as one) whose items can also be read by name, printed as PyTorch prints it; one
factory makes them all, so they cannot drift apart.
"""
import operator


def named_result(name, fields):
    """The class ``torch.return_types.<name>``: a tuple of ``len(fields)`` items, item ``i``
    also readable as the attribute ``fields[i]``.

    Examples
    --------
    >>> sort = named_result("sort", ("values", "indices"))
    >>> r = sort(3, 1)
    >>> r.indices, tuple(r)
    (1, (3, 1))
    >>> r
    torch.return_types.sort(
    values=3,
    indices=1)
    """
    fields = tuple(fields)

    def __new__(cls, *items):
        if len(items) != len(fields):
            raise TypeError(f"torch.return_types.{name} takes {len(fields)} items "
                            f"({', '.join(fields)}), got {len(items)}")
        return tuple.__new__(cls, items)

    def __repr__(self):
        shown = ",\n".join(f"{field}={item!r}" for field, item in zip(fields, self))
        return f"torch.return_types.{name}(\n{shown})"

    namespace = {"__slots__": (), "__module__": "torch.return_types", "__qualname__": name,
                 "__doc__": f"``({', '.join(fields)})``, with named fields.",
                 "__new__": __new__, "__repr__": __repr__}
    for i, field in enumerate(fields):
        namespace[field] = property(operator.itemgetter(i))
    return type(name, (tuple,), namespace)
