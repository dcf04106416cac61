"""deploy/k8s renders (``kubectl kustomize``) and agrees with the code: services, ports, probe
paths, environment, topics and partitions, databases, secrets referenced and never inlined."""

import shutil
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from lgnet_events.topics import SERVICES
from lgnet_privacy import MasterKey
from lgnet_service.production import production_problems
from lgnet_service.settings import ServiceSettings

from .codebase import PARTITIONS, PORTS, ROOT, TOPICS, readable_variables, routes

K8S = ROOT / "deploy" / "k8s"
OVERLAYS = ("dev", "prod")
Resource = dict[str, Any]


def test_every_manifest_under_deploy_parses_as_yaml() -> None:
    files = [*K8S.rglob("*.yaml"), *(ROOT / "deploy" / "compose").glob("*.yaml")]
    assert len(files) >= 10
    for path in files:
        assert [doc for doc in yaml.safe_load_all(path.read_text()) if doc], path


@pytest.fixture(scope="module", params=OVERLAYS)
def rendered(request: pytest.FixtureRequest) -> list[Resource]:
    kubectl = shutil.which("kubectl")
    if kubectl is None:
        pytest.skip("kubectl (with its built-in kustomize) is not installed")
    overlay = K8S / "overlays" / request.param
    output = subprocess.run(  # noqa: S603
        [kubectl, "kustomize", str(overlay)], check=True, capture_output=True, text=True
    ).stdout
    return [doc for doc in yaml.safe_load_all(output) if doc]


def of_kind(resources: list[Resource], kind: str) -> dict[str, Resource]:
    return {r["metadata"]["name"]: r for r in resources if r["kind"] == kind}


def containers(workload: Resource) -> Iterator[Resource]:
    """The init and main containers of a Deployment or a Job."""
    spec = workload["spec"]["template"]["spec"]
    yield from spec.get("initContainers", [])
    yield from spec["containers"]


def config_keys(resources: list[Resource]) -> set[str]:
    return set(of_kind(resources, "ConfigMap")["lgnet-config"]["data"])


def test_no_secret_is_written_in_the_manifests(rendered: list[Resource]) -> None:
    assert of_kind(rendered, "Secret") == {}
    workloads = [*of_kind(rendered, "Deployment").values(), *of_kind(rendered, "Job").values()]
    for container in [c for workload in workloads for c in containers(workload)]:
        for variable in container["env"]:
            sensitive = any(w in variable["name"] for w in ("SECRET", "KEY", "DATABASE_URL"))
            assert not sensitive or "secretKeyRef" in variable.get("valueFrom", {})


def test_everything_lives_in_the_overlays_namespace(rendered: list[Resource]) -> None:
    [namespace] = of_kind(rendered, "Namespace")
    others = [r for r in rendered if r["kind"] != "Namespace"]
    assert {r["metadata"].get("namespace") for r in others} == {namespace}


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_is_deployed_with_its_port_probes_resources_and_a_safe_context(
    rendered: list[Resource], service: str
) -> None:
    deployment = of_kind(rendered, "Deployment")[service]
    [app] = deployment["spec"]["template"]["spec"]["containers"]
    assert app["ports"] == [{"name": "http", "containerPort": PORTS[service]}]
    env = {v["name"]: v.get("value") for v in app["env"]}
    assert (env["SERVICE"], env["PORT"]) == (service, str(PORTS[service]))
    for probe, path in (("readinessProbe", "/ready"), ("livenessProbe", "/health")):
        assert app[probe]["httpGet"] == {"path": path, "port": "http"}
        assert path in routes(service)
    assert app["startupProbe"]["httpGet"]["path"] in routes(service)
    assert {"cpu", "memory"} <= app["resources"]["requests"].keys()
    assert "memory" in app["resources"]["limits"]
    assert deployment["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"] is True
    assert app["securityContext"]["readOnlyRootFilesystem"] is True
    assert app["image"].startswith("ghcr.io/lgnet/lgnet:")
    [port] = of_kind(rendered, "Service")[service]["spec"]["ports"]
    assert (port["port"], port["targetPort"]) == (PORTS[service], "http")


@pytest.mark.parametrize("service", SERVICES)
def test_every_variable_a_container_gets_is_read_by_the_code(
    rendered: list[Resource], service: str
) -> None:
    deployment = of_kind(rendered, "Deployment")[service]
    jobs = [of_kind(rendered, "Job")[f"{service}-migrate"]]
    pods = [deployment["spec"]["template"]["spec"], *(j["spec"]["template"]["spec"] for j in jobs)]
    for pod in pods:
        for container in [*pod.get("initContainers", []), *pod["containers"]]:
            given = {v["name"] for v in container["env"]}
            if {"configMapRef": {"name": "lgnet-config"}} in container.get("envFrom", []):
                given |= config_keys(rendered)
            assert given - readable_variables(service) == set()


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_own_database_cluster_and_migrates_it_first(
    rendered: list[Resource], service: str
) -> None:
    cluster = of_kind(rendered, "Cluster")[f"{service}-db"]
    assert cluster["apiVersion"].startswith("postgresql.cnpg.io/")
    assert cluster["spec"]["bootstrap"]["initdb"] == {"database": service, "owner": service}
    reference = {"name": f"{service}-db-app", "key": "uri"}
    migrate = ["lgnet", "migrate", service]
    deployment = of_kind(rendered, "Deployment")[service]
    job = of_kind(rendered, "Job")[f"{service}-migrate"]
    [job_container] = job["spec"]["template"]["spec"]["containers"]
    [init] = deployment["spec"]["template"]["spec"]["initContainers"]
    for container in (*containers(deployment), job_container):
        [url] = [
            v for v in container["env"] if v["name"] == f"LGNET_{service.upper()}_DATABASE_URL"
        ]
        assert url["valueFrom"]["secretKeyRef"] == reference
    assert init["command"] == migrate
    assert job_container["command"] == migrate


@pytest.mark.parametrize("service", SERVICES)
def test_disruption_budget_and_autoscaler_fit_the_deployment_and_the_partitions(
    rendered: list[Resource], service: str
) -> None:
    labels = of_kind(rendered, "Deployment")[service]["spec"]["template"]["metadata"]["labels"]
    budget = of_kind(rendered, "PodDisruptionBudget")[service]["spec"]
    assert budget["selector"]["matchLabels"].items() <= labels.items()
    assert budget["maxUnavailable"] == 1
    scaler = of_kind(rendered, "HorizontalPodAutoscaler")[service]["spec"]
    assert scaler["scaleTargetRef"] == {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "name": service,
    }
    assert 1 <= scaler["minReplicas"] <= scaler["maxReplicas"] <= PARTITIONS


def test_kafka_is_kraft_on_strimzi_with_replication_three_and_two_in_sync(
    rendered: list[Resource],
) -> None:
    [(name, kafka)] = of_kind(rendered, "Kafka").items()
    assert kafka["metadata"]["annotations"]["strimzi.io/kraft"] == "enabled"
    config = kafka["spec"]["kafka"]["config"]
    assert (config["default.replication.factor"], config["min.insync.replicas"]) == (3, 2)
    assert config["auto.create.topics.enable"] is False
    [pool] = of_kind(rendered, "KafkaNodePool").values()
    assert pool["metadata"]["labels"]["strimzi.io/cluster"] == name
    assert set(pool["spec"]["roles"]) == {"controller", "broker"}
    assert pool["spec"]["replicas"] >= 3
    bootstrap = of_kind(rendered, "ConfigMap")["lgnet-config"]["data"]["LGNET_KAFKA_BOOTSTRAP"]
    assert bootstrap == f"{name}-kafka-bootstrap:9092"


def test_there_is_a_kafka_topic_for_every_topic_of_the_code_with_six_partitions(
    rendered: list[Resource],
) -> None:
    [kafka] = of_kind(rendered, "Kafka")
    topics = of_kind(rendered, "KafkaTopic").values()
    assert sorted(t["spec"]["topicName"] for t in topics) == sorted(TOPICS)
    for topic in topics:
        assert topic["metadata"]["labels"]["strimzi.io/cluster"] == kafka
        assert (topic["spec"]["partitions"], topic["spec"]["replicas"]) == (PARTITIONS, 3)
        assert topic["spec"]["config"]["retention.ms"] == -1


def test_the_config_names_the_namespace_of_the_topics_and_the_idempotent_producer(
    rendered: list[Resource],
) -> None:
    data = of_kind(rendered, "ConfigMap")["lgnet-config"]["data"]
    assert data["LGNET_TOPIC_NAMESPACE"] == TOPICS[0].split(".")[0]
    assert data["LGNET_KAFKA_IDEMPOTENT"] == "true"
    assert data["OTEL_EXPORTER_OTLP_ENDPOINT"].startswith("http")
    assert data["LGNET_LOG_FORMAT"] == "json"


def test_the_image_user_is_the_one_the_pods_run_as(rendered: list[Resource]) -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for deployment in of_kind(rendered, "Deployment").values():
        uid = deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"]
        assert f"USER {uid}:" in dockerfile


def test_scheduled_backups_name_existing_clusters(rendered: list[Resource]) -> None:
    clusters = of_kind(rendered, "Cluster")
    for backup in of_kind(rendered, "ScheduledBackup").values():
        name = backup["spec"]["cluster"]["name"]
        assert name in clusters
        assert "backup" in clusters[name]["spec"]


def test_the_prod_overlay_is_fit_for_production_and_dev_is_development(
    rendered: list[Resource], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = of_kind(rendered, "ConfigMap")["lgnet-config"]["data"]
    for name, value in data.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LGNET_AUTH_HS256_SECRET", raising=False)
    settings = ServiceSettings(master_key=MasterKey.generate().as_text())
    namespace = next(iter(of_kind(rendered, "Namespace")))
    assert settings.env == ("production" if namespace == "lgnet" else "development")
    assert production_problems(settings) == []
