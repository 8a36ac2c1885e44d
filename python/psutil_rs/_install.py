"""``psutil_rs.install()``: later ``import psutil`` statements get psutil_rs.

For applications that cannot be edited. A finder placed first on ``sys.meta_path``
answers ``psutil`` with the ``psutil_rs`` module object itself and ``psutil.X`` with
``psutil_rs.X`` when psutil_rs has that submodule (``_common``, ``_ntuples``,
``_pslinux``, ``_psposix``, ...). A ``psutil.X`` that psutil_rs lacks (psutil's C
extension ``_psutil_linux``, its ``tests`` package) is not found, as for any missing
module: it raises ``ModuleNotFoundError`` and is never taken from a real psutil.
"""

import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys

_ALIAS = "psutil"
_TARGET = __name__.rpartition(".")[0] or "psutil_rs"


def _target_of(fullname):
    """The psutil_rs module name that stands for *fullname*, or None."""
    if fullname == _ALIAS:
        return _TARGET
    if fullname.startswith(_ALIAS + "."):
        return _TARGET + fullname[len(_ALIAS) :]
    return None


class _AliasLoader(importlib.abc.Loader):
    """Hands out the already-imported psutil_rs module; runs no code of its own."""

    def __init__(self, target):
        self._target = target

    def create_module(self, spec):
        return importlib.import_module(self._target)

    def exec_module(self, module):
        pass


class PsutilAliasFinder(importlib.abc.MetaPathFinder):
    """Resolves ``psutil`` and ``psutil.*`` to psutil_rs's modules of the same name."""

    def find_spec(self, fullname, path=None, target=None):
        name = _target_of(fullname)
        if name is None:
            return None
        try:
            real = importlib.util.find_spec(name)
        except ModuleNotFoundError:
            return None
        if real is None:
            return None
        return importlib.machinery.ModuleSpec(
            fullname,
            _AliasLoader(name),
            is_package=real.submodule_search_locations is not None,
        )


def install():
    """Makes every later ``import psutil`` (and ``import psutil.X``) in this process give
    psutil_rs, for applications that cannot be edited. Call it before the application
    imports psutil: a module that already holds a real psutil keeps it. Calling it again
    does nothing more. Returns the psutil_rs module.

    >>> import psutil_rs
    >>> psutil_rs.install()  # doctest: +ELLIPSIS
    <module 'psutil_rs' ...>
    >>> import psutil
    >>> psutil is psutil_rs
    True
    """
    if not any(isinstance(f, PsutilAliasFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, PsutilAliasFinder())
    # psutil modules imported before this call would otherwise still be answered from
    # sys.modules; later imports must resolve afresh through the finder.
    for name in [n for n in sys.modules if _target_of(n) is not None]:
        if getattr(sys.modules[name], "__name__", None) != _target_of(name):
            del sys.modules[name]
    return importlib.import_module(_TARGET)
