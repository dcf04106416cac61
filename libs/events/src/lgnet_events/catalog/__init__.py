"""The event catalog of DESIGN section 3: every payload model, and the default registry."""

from lgnet_events.catalog import civic, housing, intake
from lgnet_events.catalog.base import DomainEvent, Sealed
from lgnet_events.registry import EventRegistry

ALL_EVENTS: tuple[type[DomainEvent], ...] = tuple(
    model
    for module in (intake, housing, civic)
    for model in vars(module).values()
    if isinstance(model, type) and issubclass(model, DomainEvent) and "event_type" in model.__dict__
)


def default_registry() -> EventRegistry:
    """A registry holding every catalog event at its current version."""
    return EventRegistry(ALL_EVENTS)


__all__ = ["ALL_EVENTS", "DomainEvent", "Sealed", "civic", "default_registry", "housing", "intake"]
