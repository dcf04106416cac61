"""The reporting service: audit log, projections for the national office, rebuilds, dashboard.

Public API, by layer:

- app: ``create_app`` (api.app), ``ReportingSettings``/``load_settings`` (settings).
- consuming: ``AuditConsumer``, ``audit_consumer``, ``store_event`` (ingest);
  ``record_event``, ``Delivery`` (audit); ``reconsume`` (reconsume).
- projections: ``project``, ``project_log`` (projections); ``MAPPINGS`` (projections.fact_sql).
- generations and rebuilds: ``rebuild_projections``, ``generation_rows``, ``RebuildRunning``
  (rebuild); ``live_generation``, ``use_generation`` (generations); ``RebuildJobs`` (jobs).
- rules: ``KPIS`` (domain.kpis), ``suppress``/``withheld`` (domain.suppression),
  ``age_band`` (domain.age), ``redact`` (domain.redaction).
- CLI: ``reporting.cli:app`` (Typer: ``rebuild``, ``reconsume``).
- migrations: ``SCRIPT_LOCATION`` (migrations).
"""
