"""``Independent(base, n)``: treat ``n`` batch dims of ``base`` as one event."""
import autograd_lab as _al
from . import constraints
from .distribution import Distribution
from .utils import sum_rightmost

__all__ = ["Independent"]


class Independent(Distribution):
    """Reinterpret the rightmost ``reinterpreted_batch_ndims`` batch dims as event dims.

    ``Independent(Normal(mu, sigma), 1)`` with ``mu`` of shape ``(B, D)`` is a batch of ``B``
    diagonal Gaussians in ``D`` dimensions: ``log_prob`` sums the ``D`` coordinates' log
    densities, giving one value per batch element.

    Parameters
    ----------
    base_distribution : Distribution
    reinterpreted_batch_ndims : int
    validate_args : bool, optional

    Examples
    --------
    >>> import autograd_lab as torch
    >>> D = torch.distributions
    >>> d = D.Independent(D.Normal(torch.zeros(2, 3), 1.0), 1)
    >>> d.batch_shape, d.event_shape
    (torch.Size([2]), torch.Size([3]))
    """

    arg_constraints = {}

    def __init__(self, base_distribution, reinterpreted_batch_ndims, validate_args=None):
        batch = base_distribution.batch_shape
        if reinterpreted_batch_ndims > len(batch):
            raise ValueError("Expected reinterpreted_batch_ndims <= "
                             "len(base_distribution.batch_shape), "
                             f"actual {reinterpreted_batch_ndims} vs {len(batch)}")
        self.base_dist = base_distribution
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims
        # the last n batch dims move over to the front of the event shape
        split = len(batch) - reinterpreted_batch_ndims
        super().__init__(batch[:split], batch[split:] + base_distribution.event_shape,
                         validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        shape = _al.Size(batch_shape)
        moved = self.event_shape[:self.reinterpreted_batch_ndims]
        return self._expanded(shape, _instance, event_shape=self.event_shape,
                              base_dist=self.base_dist.expand(shape + moved),
                              reinterpreted_batch_ndims=self.reinterpreted_batch_ndims)

    @property
    def has_rsample(self):
        return self.base_dist.has_rsample

    @property
    def has_enumerate_support(self):
        # enumerating a product of several outcome sets is not supported
        return self.reinterpreted_batch_ndims == 0 and self.base_dist.has_enumerate_support

    @constraints.dependent_property
    def support(self):
        n = self.reinterpreted_batch_ndims
        base = self.base_dist.support
        return constraints.independent(base, n) if n else base

    # the moments are per coordinate: unchanged by regrouping dims
    @property
    def mean(self):
        return self.base_dist.mean

    @property
    def mode(self):
        return self.base_dist.mode

    @property
    def variance(self):
        return self.base_dist.variance

    def sample(self, sample_shape=()):
        return self.base_dist.sample(sample_shape)

    def rsample(self, sample_shape=()):
        return self.base_dist.rsample(sample_shape)

    def log_prob(self, value):
        """The base log-probabilities summed over the reinterpreted dims (independence:
        the joint density is the product)."""
        per_coordinate = self.base_dist.log_prob(value)
        return sum_rightmost(per_coordinate, self.reinterpreted_batch_ndims)

    def entropy(self):
        """Entropies of independent coordinates add up."""
        return sum_rightmost(self.base_dist.entropy(), self.reinterpreted_batch_ndims)

    def enumerate_support(self, expand=True):
        if self.reinterpreted_batch_ndims:
            raise NotImplementedError("Enumeration over cartesian product is not implemented")
        return self.base_dist.enumerate_support(expand=expand)

    def __repr__(self):
        return f"{type(self).__name__}({self.base_dist!r}, {self.reinterpreted_batch_ndims})"
