"""The one shape of the portal's registries.

A lower app offers a hook (search filters, account-deletion handlers, status
listeners, site-map providers…) and the apps above it plug into it from their
`AppConfig.ready()`, never as a side effect of importing a module. Django calls the
`ready()` methods once, in the order of INSTALLED_APPS, so what is registered, and
in which order, does not depend on which module happened to be imported first.
Registering the same function again changes nothing.
"""

from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")


class Registry(Generic[T]):
    """An ordered set of plug-ins, filled from AppConfig.ready()."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._items: list[T] = []

    def register(self, item: T) -> T:
        """Add `item` once; returns it, so a module may still name it as it likes."""
        if item not in self._items:
            self._items.append(item)
        return item

    def __iter__(self) -> Iterator[T]:
        return iter(list(self._items))

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        return item in self._items
