"""``python -m autograd_lab lessons [DIR]``: the same as the ``autograd-lab`` command."""
import sys

from .lessons import main

sys.exit(main())
