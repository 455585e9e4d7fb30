"""ResNet-18 and ResNet-34, built exactly as torchvision builds them.

Same classes (``ResNet``, ``BasicBlock``), same module and parameter names (``conv1``,
``layer1.0.bn2.running_var``, ``fc.weight``...), same initialisation, so a torchvision
``state_dict`` loads unchanged and ``print(model)`` shows what torchvision shows.

``weights=``/``pretrained=True`` get torchvision's checkpoint as torchvision does: from the
local cache (see :mod:`autograd_lab.hub`), downloaded there the first time. Without a network,
bring the file and load it yourself::

    model = autograd_lab.models.resnet18()
    model.load_state_dict(autograd_lab.load("resnet18-f37072fd.pth"))

``$AUTOGRAD_LAB_WEIGHTS_MIRROR`` (a URL) replaces ``https://download.pytorch.org/models``
for the downloads: a classroom's own copy, or a test's local server.
"""
import enum
import os
import warnings

from .. import nn
from ..ops import flatten


def conv3x3(in_planes, out_planes, stride=1, groups=1, dilation=1):
    """3x3 convolution with padding (no bias: a batch norm follows)."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=3, stride=stride, padding=dilation,
                     groups=groups, bias=False, dilation=dilation)


def conv1x1(in_planes, out_planes, stride=1):
    """1x1 convolution: the shortcut's projection when the shape changes."""
    return nn.Conv2d(in_planes, out_planes, kernel_size=1, stride=stride, bias=False)


class BasicBlock(nn.Module):
    """Two 3x3 convolutions plus the input itself: ``relu(bn2(conv2(relu(bn1(conv1(x))))) + x)``.

    When the block halves the image or changes the channel count, ``downsample`` (a 1x1
    convolution and a batch norm) reshapes ``x`` so the two can be added.
    """

    expansion = 1

    def __init__(self, inplanes, planes, stride=1, downsample=None, groups=1, base_width=64,
                 dilation=1, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        if groups != 1 or base_width != 64:
            raise ValueError("BasicBlock only supports groups=1 and base_width=64")
        if dilation > 1:
            raise NotImplementedError("Dilation > 1 not supported in BasicBlock")
        self.conv1 = conv3x3(inplanes, planes, stride)
        self.bn1 = norm_layer(planes)
        self.relu = nn.ReLU(inplace=True)
        self.conv2 = conv3x3(planes, planes)
        self.bn2 = norm_layer(planes)
        self.downsample = downsample
        self.stride = stride

    def forward(self, x):
        identity = x
        out = self.conv1(x)
        out = self.bn1(out)
        out = self.relu(out)
        out = self.conv2(out)
        out = self.bn2(out)
        if self.downsample is not None:
            identity = self.downsample(x)
        out += identity            # the residual connection
        out = self.relu(out)
        return out


class ResNet(nn.Module):
    """A residual network (He et al., 2015), torchvision's ``ResNet`` with ``BasicBlock``.

    Parameters
    ----------
    block : type
        :class:`BasicBlock`.
    layers : list of int
        Blocks in each of the four stages: ``[2, 2, 2, 2]`` is ResNet-18.
    num_classes : int, default 1000
    zero_init_residual : bool, default False
        Start each block's last batch-norm scale at 0 (every block starts as the identity).
    """

    def __init__(self, block, layers, num_classes=1000, zero_init_residual=False, groups=1,
                 width_per_group=64, replace_stride_with_dilation=None, norm_layer=None):
        super().__init__()
        if norm_layer is None:
            norm_layer = nn.BatchNorm2d
        self._norm_layer = norm_layer
        self.inplanes = 64
        self.dilation = 1
        if replace_stride_with_dilation is None:
            replace_stride_with_dilation = [False, False, False]
        if len(replace_stride_with_dilation) != 3:
            raise ValueError("replace_stride_with_dilation should be None or a 3-element tuple, "
                             f"got {replace_stride_with_dilation}")
        self.groups = groups
        self.base_width = width_per_group
        self.conv1 = nn.Conv2d(3, self.inplanes, kernel_size=7, stride=2, padding=3, bias=False)
        self.bn1 = norm_layer(self.inplanes)
        self.relu = nn.ReLU(inplace=True)
        self.maxpool = nn.MaxPool2d(kernel_size=3, stride=2, padding=1)
        self.layer1 = self._make_layer(block, 64, layers[0])
        self.layer2 = self._make_layer(block, 128, layers[1], stride=2,
                                       dilate=replace_stride_with_dilation[0])
        self.layer3 = self._make_layer(block, 256, layers[2], stride=2,
                                       dilate=replace_stride_with_dilation[1])
        self.layer4 = self._make_layer(block, 512, layers[3], stride=2,
                                       dilate=replace_stride_with_dilation[2])
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(512 * block.expansion, num_classes)

        # torchvision's initialisation, in the same order (so a seeded model matches theirs)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.constant_(m.weight, 1)
                nn.init.constant_(m.bias, 0)
        if zero_init_residual:
            for m in self.modules():
                if isinstance(m, BasicBlock) and m.bn2.weight is not None:
                    nn.init.constant_(m.bn2.weight, 0)

    def _make_layer(self, block, planes, blocks, stride=1, dilate=False):
        norm_layer = self._norm_layer
        downsample = None
        previous_dilation = self.dilation
        if dilate:
            self.dilation *= stride
            stride = 1
        if stride != 1 or self.inplanes != planes * block.expansion:
            downsample = nn.Sequential(conv1x1(self.inplanes, planes * block.expansion, stride),
                                       norm_layer(planes * block.expansion))
        layers = [block(self.inplanes, planes, stride, downsample, self.groups, self.base_width,
                        previous_dilation, norm_layer)]
        self.inplanes = planes * block.expansion
        for _ in range(1, blocks):
            layers.append(block(self.inplanes, planes, groups=self.groups,
                                base_width=self.base_width, dilation=self.dilation,
                                norm_layer=norm_layer))
        return nn.Sequential(*layers)

    def _forward_impl(self, x):
        x = self.conv1(x)
        x = self.bn1(x)
        x = self.relu(x)
        x = self.maxpool(x)
        x = self.layer1(x)
        x = self.layer2(x)
        x = self.layer3(x)
        x = self.layer4(x)
        x = self.avgpool(x)
        x = flatten(x, 1)
        x = self.fc(x)
        return x

    def forward(self, x):
        return self._forward_impl(x)


# --------------------------------------------------------------------------- weights
class _Weights(enum.Enum):
    """Where torchvision's pretrained checkpoint comes from (``ResNet18_Weights``...).

    ``get_state_dict()`` reads the file from ``autograd_lab.hub.get_dir() + "/checkpoints"``,
    downloading it there from :attr:`url` the first time (torchvision's hash check included).
    """

    @property
    def url(self):
        """torchvision's URL, or the same file on ``$AUTOGRAD_LAB_WEIGHTS_MIRROR``."""
        mirror = os.environ.get("AUTOGRAD_LAB_WEIGHTS_MIRROR")
        if not mirror:
            return self.value["url"]
        return mirror.rstrip("/") + "/" + self.value["url"].rsplit("/", 1)[1]

    @property
    def meta(self):
        return self.value["meta"]

    def get_state_dict(self, progress=True, check_hash=False):
        from .. import hub
        return hub.load_state_dict_from_url(self.url, progress=progress, check_hash=check_hash)

    def __repr__(self):
        return f"{type(self).__name__}.{self.name}"


class ResNet18_Weights(_Weights):
    IMAGENET1K_V1 = {"url": "https://download.pytorch.org/models/resnet18-f37072fd.pth",
                     "meta": {"num_params": 11689512, "num_classes": 1000}}
    DEFAULT = IMAGENET1K_V1


class ResNet34_Weights(_Weights):
    IMAGENET1K_V1 = {"url": "https://download.pytorch.org/models/resnet34-b627a593.pth",
                     "meta": {"num_params": 21797672, "num_classes": 1000}}
    DEFAULT = IMAGENET1K_V1


def _resolve_weights(weights_enum, weights, kwargs):
    """torchvision's handling of ``pretrained=`` and ``weights=`` (with its warnings)."""
    if "pretrained" in kwargs:
        pretrained = kwargs.pop("pretrained")
        warnings.warn("The parameter 'pretrained' is deprecated since 0.13 and may be removed in "
                      "the future, please use 'weights' instead.", UserWarning, stacklevel=3)
        if pretrained:
            warnings.warn(
                "Arguments other than a weight enum or `None` for 'weights' are deprecated "
                "since 0.13 and may be removed in the future. The current behavior is "
                f"equivalent to passing `weights={weights_enum.__name__}.IMAGENET1K_V1`. You can "
                f"also use `weights={weights_enum.__name__}.DEFAULT` to get the most "
                "up-to-date weights.", UserWarning, stacklevel=3)
            weights = weights_enum.IMAGENET1K_V1
    if isinstance(weights, str):
        weights = weights_enum[weights]
    if weights is not None:
        if not isinstance(weights, weights_enum):
            raise TypeError(f"weights must be a {weights_enum.__name__} or None, "
                            f"not {weights!r}")
        expected = weights.meta["num_classes"]
        if kwargs.get("num_classes", expected) != expected:
            raise ValueError(f"The parameter 'num_classes' expected value {expected} but got "
                             f"{kwargs['num_classes']} instead.")
    return weights


def _resnet(layers, weights, progress, kwargs):
    # the checkpoint is read first: a failed download is reported before the (slow) init
    state_dict = None if weights is None else weights.get_state_dict(progress=progress,
                                                                     check_hash=True)
    model = ResNet(BasicBlock, layers, **kwargs)
    if state_dict is not None:
        model.load_state_dict(state_dict)
    return model


def resnet18(*, weights=None, progress=True, **kwargs):
    """ResNet-18: 11,689,512 parameters in 62 tensors (torchvision's ``resnet18``).

    Parameters
    ----------
    weights : ResNet18_Weights or str, optional
        Pretrained weights (``"IMAGENET1K_V1"``, ``"DEFAULT"``): torchvision's checkpoint
        (44.7 MB), downloaded once into ``$TORCH_HOME/hub/checkpoints``. Without a network,
        build the model with ``weights=None`` and load your copy of the file:
        ``model.load_state_dict(autograd_lab.load("resnet18-f37072fd.pth"))``.
    progress : bool
        Show a progress bar while downloading.
    num_classes : int, default 1000
    pretrained : bool, deprecated
        ``True`` means ``weights=ResNet18_Weights.IMAGENET1K_V1``.

    Examples
    --------
    >>> import autograd_lab as torch
    >>> model = torch.models.resnet18()
    >>> sum(p.numel() for p in model.parameters())
    11689512
    >>> model.fc = torch.nn.Linear(512, 10)     # a new head for 10 classes (seed 004)
    """
    weights = _resolve_weights(ResNet18_Weights, weights, kwargs)
    return _resnet([2, 2, 2, 2], weights, progress, kwargs)


def resnet34(*, weights=None, progress=True, **kwargs):
    """ResNet-34: 21,797,672 parameters (torchvision's ``resnet34``); see :func:`resnet18`."""
    weights = _resolve_weights(ResNet34_Weights, weights, kwargs)
    return _resnet([3, 4, 6, 3], weights, progress, kwargs)
