"""Version counters: how minigrad notices that a saved value was changed in place.

Tensors can share one memory: detach() wraps the very same array, and the
view ops (reshape, transpose/permute, slices, broadcast_to) give a numpy view
of it. A change made in place through one of them is a change of all, so
they share one version counter, as in PyTorch: otherwise a value saved for
backward could change without anyone noticing. The in-place methods that
bump the counters are in `minigrad.inplace`.
"""

from __future__ import annotations

import threading
import weakref
from typing import Any


class VersionCounter:
    """How many times a tensor's memory has been changed in place.

    A view or detach() is given its base's counter object itself
    (`link_shared_data`), so a change through any of them is counted once and
    seen by all. An op notes its inputs' counts when it is recorded
    (`Function.versions`), and backward compares them again
    (`Function.saved_inputs`). Most tensors are never changed and never
    viewed: they all share `UNCHANGED` (version 0), and get a counter of their
    own (`counter_of`) just before their first change or view.
    """

    __slots__ = ("value",)

    def __init__(self, value: int = 0) -> None:
        self.value = value


class _Unchanged(VersionCounter):
    """The counter of every tensor not yet changed in place or viewed (`UNCHANGED`)."""

    __slots__ = ()

    def __reduce__(self) -> str:
        # copy.deepcopy and pickle give back this very object, by its name: a copy of it
        # would be one counter shared by every tensor copied at once, and a change of
        # one of them would count for all.
        return "UNCHANGED"


# The counter of every tensor not yet changed in place or viewed. It stays at 0: bump_version
# and counter_of give a tensor its own counter before anything is counted. (One shared
# object rather than None, so that `t._version` is simply t._counter.value.)
UNCHANGED = _Unchanged(0)


class Family:
    """The live tensors that are views of one tensor: the tensor, its views, their views.

    The counter says *that* the memory changed. A change recorded in the graph
    also leaves the history of the family's other members wrong (their values
    changed, their grad_fn does not say how), so it must find them: to mark
    their history stale, and to refuse when one is a leaf requiring grad.
    So a family keeps weak references to its members; a member that dies
    leaves the set by itself (the reference's callback removes it). detach()
    shares the counter but starts no family: a detached tensor shares the
    memory, not the history. Most tensors are in no family (`_family` None).
    """

    __slots__ = ("members",)

    def __init__(self, first: Any) -> None:
        self.members: set[weakref.ref[Any]] = set()
        self.add(first)

    def add(self, t: Any) -> None:
        # Each tensor is added once, when it is made, so no two references
        # compare their (live, elementwise-==) tensors.
        self.members.add(weakref.ref(t, self.members.discard))

    def others(self, t: Any) -> list[Any]:
        """The live members other than t."""
        # copy(): another thread may add a view while this one looks (a set
        # must not change while it is iterated).
        found = [ref() for ref in self.members.copy()]
        return [member for member in found if member is not None and member is not t]

    def __reduce__(self) -> tuple[Any, ...]:
        # copy.deepcopy and pickle: a copy of a tensor has memory of its own, so
        # it is in no family: the family is "copied" as NoneType(), which is None.
        return (type(None), ())


# Counters and families are made when first needed. Two threads may make the first
# views of one tensor at once: without the lock each could make one, and one be lost.
_making = threading.Lock()


def counter_of(t: Any) -> VersionCounter:
    """t's version counter, made the first time it is needed."""
    counter = t._counter
    if counter is UNCHANGED:
        with _making:
            counter = t._counter
            if counter is UNCHANGED:
                counter = t._counter = VersionCounter()
    return counter


def bump_version(t: Any) -> None:
    """Count one in-place change of t's memory (seen by every tensor sharing it)."""
    counter = t._counter
    if counter is UNCHANGED:  # its first change: give it a counter of its own
        counter = counter_of(t)
    counter.value += 1


def link_shared_data(original: Any, alias: Any) -> None:
    """`alias` shares `original`'s memory (a view, or detach()): give it the same counter."""
    alias._counter = counter_of(original)
    if alias._data is original._data:
        return  # detach(): the very same array, and a history of its own
    family = original._family
    if family is None:
        with _making:
            family = original._family
            if family is None:
                family = original._family = Family(original)
    family.add(alias)
    alias._family = family


def relatives_of(t: Any) -> list[Any]:
    """The other live members of t's family: its views, what it views, their views."""
    family = t._family
    return [] if family is None else family.others(t)


def settle_input(node: Any, inputs: tuple[Any, ...], t: Any) -> Any:
    """The tensor holding the history that `node` used for its input `t`.

    Called by the engine when t's node is that of a recorded in-place change
    (`_changed_at` set). If node was recorded before the change (the version
    of t it saw is not newer), it used t's earlier history, held by the first
    input of the change's node; changes are followed back as far as needed.
    node.inputs is rewritten to that tensor, so every later walk of the graph
    (the engine's, a picture's) sees it directly. `inputs` is node.inputs as
    it was when the caller started reading it.
    """
    seen = node.versions[next(i for i, x in enumerate(inputs) if x is t)]
    used, change = t, t.grad_fn
    while change is not None and change._changed_at is not None and seen <= change._changed_at:
        used = change.inputs[0]
        change = used.grad_fn
    if used is not t:
        node.inputs = tuple(used if x is t else x for x in node.inputs)
    return used
