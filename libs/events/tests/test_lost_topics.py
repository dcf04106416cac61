"""A topic the broker stopped listing is read again from the start once it is back
(pure unit tests with stand-ins for aiokafka's metadata and consumer; the real broker's
part is in tests/faults, which restarts Tansu empty under load)."""

import pytest
from aiokafka import TopicPartition

from lgnet_events import lost_logs
from lgnet_events.lost_logs import LostTopics

INTAKE, HOUSING = "lgnet.intake.events", "lgnet.housing.events"


class Listing:
    """What a metadata update says: topic -> partitions."""

    def __init__(self, **partitions: int) -> None:
        self.partitions = {topic.replace("_", "."): n for topic, n in partitions.items()}

    def partitions_for_topic(self, topic: str) -> set[int] | None:
        count = self.partitions.get(topic, 0)
        return set(range(count)) if count else None


class Member:
    """The part of a consumer the rewind uses: its assignment, and where it reads."""

    def __init__(self, *assigned: TopicPartition) -> None:
        self.assigned = set(assigned)
        self.positions = dict.fromkeys(assigned, 40)

    def assignment(self) -> set[TopicPartition]:
        return self.assigned

    async def beginning_offsets(self, tps: list[TopicPartition]) -> dict[TopicPartition, int]:
        return dict.fromkeys(tps, 0)

    def seek(self, tp: TopicPartition, offset: int) -> None:
        self.positions[tp] = offset


async def test_partitions_of_a_topic_that_vanished_and_came_back_are_read_from_the_start() -> None:
    lost = LostTopics([INTAKE, HOUSING])
    intake0, housing0 = TopicPartition(INTAKE, 0), TopicPartition(HOUSING, 0)
    member = Member(intake0, housing0)
    lost.on_metadata(Listing(**{"lgnet_intake_events": 6, "lgnet_housing_events": 6}))
    lost.on_metadata(Listing(**{"lgnet_housing_events": 6}))  # the broker restarted empty
    assert await lost.rewind(member) == []  # not back yet: nothing of it is assigned anyway
    lost.on_metadata(Listing(**{"lgnet_intake_events": 6, "lgnet_housing_events": 6}))
    assert await lost.rewind(member) == [intake0]
    assert member.positions == {intake0: 0, housing0: 40}
    member.positions[intake0] = 12
    assert await lost.rewind(member) == []  # once: reading on from there is right
    assert member.positions[intake0] == 12


async def test_a_later_assignment_keeps_its_committed_offsets_once_the_window_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lost = LostTopics([INTAKE])
    lost.on_metadata(Listing())
    lost.on_metadata(Listing(**{"lgnet_intake_events": 6}))
    monkeypatch.setattr(lost_logs, "REWIND_WINDOW_SECONDS", 0.0)
    member = Member(TopicPartition(INTAKE, 3))
    assert await lost.rewind(member) == []
    assert member.positions[TopicPartition(INTAKE, 3)] == 40


async def test_topics_always_listed_are_never_rewound() -> None:
    lost = LostTopics([INTAKE])
    for _ in range(3):
        lost.on_metadata(Listing(**{"lgnet_intake_events": 6}))
    member = Member(TopicPartition(INTAKE, 0))
    assert await lost.rewind(member) == []
    assert lost.rewound == 0
