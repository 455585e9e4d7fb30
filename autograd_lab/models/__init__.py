"""``autograd_lab.models``: torchvision's ResNet-18 and ResNet-34 (``torchvision.models``)."""
from .resnet import (BasicBlock, ResNet, ResNet18_Weights, ResNet34_Weights, resnet18,
                     resnet34)

__all__ = ["BasicBlock", "ResNet", "ResNet18_Weights", "ResNet34_Weights", "resnet18",
           "resnet34"]
