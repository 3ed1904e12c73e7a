"""Expected answers of the book's exercises, computed by fluxlib.

One module per section (``s1_1.py``, ``s2_3.py``, ...); every module in this package is
imported on the first look-up, which registers its answers.
"""

import importlib
import pkgutil

for _info in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_info.name}")
