"""Where photo files live: originals in a private store, renditions in the public one."""

from django.core.files.storage import storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

PRIVATE_STORAGE_ALIAS = "private"


class _PrivateStorage(LazyObject):
    """`storages["private"]`, looked up on first use so settings (and tests) can change it."""

    def _setup(self):
        self._wrapped = storages[PRIVATE_STORAGE_ALIAS]


_private = _PrivateStorage()


def private_storage():
    """The originals' storage. A callable, so migrations name it instead of freezing a path."""
    return _private


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **kwargs) -> None:
    # Django resets its own storages when STORAGES changes; this keeps ours in step.
    if setting == "STORAGES":
        _private._wrapped = empty
