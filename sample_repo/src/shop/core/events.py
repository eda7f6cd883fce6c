"""A tiny in-process event bus: services publish, anyone may subscribe."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import clock


@dataclass(frozen=True)
class Event:
    name: str
    payload: dict[str, Any]
    at: datetime


Handler = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._handlers: defaultdict[str, list[Handler]] = defaultdict(list)
        self.history: list[Event] = []

    def subscribe(self, name: str, handler: Handler) -> None:
        """Call ``handler`` for every event called ``name`` ("*" for all events)."""
        self._handlers[name].append(handler)

    def publish(self, name: str, **payload: Any) -> Event:
        event = Event(name, dict(payload), clock.now())
        self.history.append(event)
        for handler in [*self._handlers[name], *self._handlers["*"]]:
            handler(event)
        return event

    def names(self) -> list[str]:
        return [event.name for event in self.history]


bus = EventBus()
