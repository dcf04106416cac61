import pytest

from lgnet_service.metrics import MetricsRegistry


def test_counters_and_gauges_render_in_the_prometheus_text_format() -> None:
    registry = MetricsRegistry()
    registry.counter("jobs_total", "jobs done").inc(2, kind="rebuild")
    registry.gauge("backlog", "waiting").set(5)
    assert registry.render() == (
        "# HELP backlog waiting\n"
        "# TYPE backlog gauge\n"
        "backlog 5.0\n"
        "# HELP jobs_total jobs done\n"
        "# TYPE jobs_total counter\n"
        'jobs_total{kind="rebuild"} 2.0\n'
    )


def test_a_histogram_counts_each_observation_in_every_bucket_above_it() -> None:
    registry = MetricsRegistry()
    latency = registry.histogram("latency_seconds", "latency", buckets=(0.1, 1.0))
    latency.observe(0.05, route="/a")
    latency.observe(0.5, route="/a")
    lines = registry.render().splitlines()
    assert 'latency_seconds_bucket{route="/a",le="0.1"} 1.0' in lines
    assert 'latency_seconds_bucket{route="/a",le="1.0"} 2.0' in lines
    assert 'latency_seconds_bucket{route="/a",le="+Inf"} 2.0' in lines
    assert 'latency_seconds_sum{route="/a"} 0.55' in lines
    assert 'latency_seconds_count{route="/a"} 2.0' in lines


def test_label_values_are_escaped() -> None:
    registry = MetricsRegistry()
    registry.counter("odd_total", "odd").inc(path='a"b\\c\nd')
    assert 'odd_total{path="a\\"b\\\\c\\nd"} 1.0' in registry.render()


def test_a_name_cannot_be_registered_as_two_kinds() -> None:
    registry = MetricsRegistry()
    registry.counter("things", "things")
    with pytest.raises(ValueError, match="already a counter"):
        registry.gauge("things", "things")
