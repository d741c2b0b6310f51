"""Watcher strategy ``predictive_workload_balance``: Watcher collects, PWB decides, Watcher migrates.

Works with Watcher 9.0.0 (Zed, Debian 12) and current Watcher: it only uses the strategy base class,
the compute model's public methods, the datasource's ``statistic_aggregation`` and ``add_action_migrate``.
"""

import math
import re

from oslo_config import cfg
from oslo_log import log

from watcher.common import exception
from watcher.decision_engine.strategy.strategies import base

from pwb_watcher import client as pwb_client

LOG = log.getLogger(__name__)

# Same pattern as the applier's migrate action schema: Nova only migrates servers with UUID ids.
_UUID = re.compile(r"^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$")


# Watcher's objects.audit.AuditType.CONTINUOUS.value (importing watcher.objects needs its registry set up).
_CONTINUOUS = "CONTINUOUS"

# Where the audit's model and PWB's token go is watcher.conf's business, not an audit's: these were audit
# parameters once, and audits created then still carry them.
_FORMER_PARAMETERS = ("pwb_url", "pwb_token_file", "pwb_ca_file", "timeout_seconds")


class PwbUnavailable(exception.WatcherException):
    msg_fmt = ("Predictive Workload Balancer at %(url)s could not plan this audit, so no actions were "
               "proposed: %(reason)s")


class NoUsableMetrics(exception.WatcherException):
    msg_fmt = ("Neither Watcher's datasource nor PWB had usable metrics for this audit, so no actions were "
               "proposed: %(reason)s")


class PredictiveWorkloadBalance(base.WorkloadStabilizationBaseStrategy):
    """Predictive workload balance, delegated to PWB

    *Description*

        Sends the audit's compute model and the CPU and memory metrics of Watcher's datasource to the
        Predictive Workload Balancer (PWB) service, which forecasts host load, relieves hosts predicted
        above ``threshold`` and reserves capacity on each destination until the move is seen. Every move
        becomes a live ``migrate`` action with source and destination hostnames.

    *Requirements*

        A reachable PWB service and its API token, set in watcher.conf
        (``[watcher_strategies.predictive_workload_balance]`` ``pwb_url``, ``pwb_token_file``); CPU use of
        the instances, from Watcher's datasource (``instance_cpu_usage``, and ``host_cpu_usage`` when the
        datasource maps it) or from PWB's own OpenStack collector.

    *Limitations*

        Only active, unlocked, non-excluded instances are moved; destinations are up and enabled nodes.
        If PWB cannot plan (unreachable, slower than ``timeout_seconds``, an error) or knows the CPU use of
        no instance (neither from the datasource nor from its collector), nothing is proposed: a one-shot audit fails with a clear message, a continuous audit
        logs it and tries again at its next interval.
    """

    # What a datasource must map to be chosen; host_cpu_usage is optional (see _collect). PWB plans on CPU (memory
    # only has to fit the flavors), so instance RAM is not asked for.
    DATASOURCE_METRICS = ['instance_cpu_usage']
    OPTIONAL_HOST_METRIC = 'host_cpu_usage'

    MODES = ("advisory", "balance", "cost")

    def __init__(self, config, osc=None):
        super(PredictiveWorkloadBalance, self).__init__(config, osc)
        self.instance_migrations_count = 0
        self.sd_before = 0.0
        self.sd_after = 0.0
        self.pwb_notes = []
        self.datasource_gap = None  # why the datasource gave no instance CPU, when it gave none

    @classmethod
    def get_name(cls):
        return "predictive_workload_balance"

    @classmethod
    def get_display_name(cls):
        return "Predictive Workload Balance (PWB)"

    @classmethod
    def get_translatable_display_name(cls):
        return "Predictive Workload Balance (PWB)"

    @classmethod
    def get_config_opts(cls):
        # Watcher registers these in [watcher_strategies.predictive_workload_balance] (the loader's namespace
        # and entry point name) and hands their values to the strategy as self.config.
        return super(PredictiveWorkloadBalance, cls).get_config_opts() + [
            cfg.StrOpt("pwb_url", default="http://127.0.0.1:8080",
                       help="Base URL of the PWB service; the strategy posts to /api/v1/watcher/plan. "
                            "Use https:// when PWB runs on another host."),
            cfg.StrOpt("pwb_token_file", default="/etc/watcher/pwb-token",
                       help="File whose first line is PWB's API bearer token (PWB's pwb.api.token-file); "
                            "PWB refuses plan requests without it."),
            cfg.StrOpt("pwb_ca_file", default="",
                       help="PEM CA bundle to verify PWB's TLS certificate; empty uses the system CAs."),
            cfg.FloatOpt("timeout_seconds", default=10.0, min=0.1,
                         help="How long to wait for PWB's answer, in seconds."),
        ]

    @classmethod
    def get_schema(cls):
        return {
            "properties": {
                "horizon_minutes": {
                    "description": "How far ahead hosts must stay under the threshold",
                    "type": "integer",
                    "minimum": 1,
                    "default": 60
                },
                "threshold": {
                    "description": "Host CPU utilisation (% of vCPUs) above which PWB relieves a host "
                                   "(memory only has to fit)",
                    "type": "number",
                    "minimum": 0,
                    "exclusiveMinimum": True,
                    "maximum": 100,
                    "default": 25.0
                },
                "max_migrations": {
                    "description": "Most migrations proposed by one audit",
                    "type": "integer",
                    "minimum": 0,
                    "default": 3
                },
                "mode": {
                    "description": "advisory: explain only, no actions; balance: relieve hosts above the "
                                   "threshold; cost: also empty lightly used hosts onto busier ones",
                    "type": "string",
                    "enum": list(cls.MODES),
                    "default": "balance"
                },
                "period": {
                    "description": "Datasource aggregation period in seconds",
                    "type": "number",
                    "default": 300
                },
                "granularity": {
                    "description": "Time between two measures in an aggregated series, in seconds",
                    "type": "number",
                    "default": 300
                },
                "aggregation_method": {
                    "description": "Datasource aggregation for the metrics",
                    "type": "string",
                    "enum": ["mean", "max", "min"],
                    "default": "mean"
                },
            },
        }

    def _param(self, name):
        value = self.input_parameters.get(name)
        if value is None:
            value = self.get_schema()["properties"][name]["default"]
        return value

    def pre_execute(self):
        self._pre_execute()
        self.instance_migrations_count = 0
        self.datasource_gap = None

    # -- gathering ----------------------------------------------------------------------------------------

    def _datasource(self):
        """Watcher's datasource for this strategy, chosen once per audit; None when there is none."""
        try:
            return self.datasource_backend
        except exception.WatcherException as exc:  # NoDatasourceAvailable, MetricNotAvailable
            # PWB's own collector may know the instances' CPU: it answers whether it could plan at all.
            LOG.warning("No configured datasource maps %s (%s): PWB plans on what its own collector has",
                        " and ".join(self.DATASOURCE_METRICS), exc)
            return None

    def _aggregate(self, backend, resource, resource_type, meter):
        try:
            value = backend.statistic_aggregation(
                resource, resource_type, meter, self._param("period"),
                self._param("aggregation_method"), self._param("granularity"))
        except Exception as exc:  # a datasource error skips this value, as Watcher's strategies do
            LOG.warning("No %s for %s %s: %s", meter, resource_type, resource.uuid, exc)
            return None
        try:
            value = None if value is None else float(value)
        except (TypeError, ValueError):
            value = float("nan")
        if value is not None and not math.isfinite(value):
            # One bad measure must not fail the audit: it counts as missing, as a datasource error does.
            LOG.warning("No %s for %s %s: the datasource gave %r", meter, resource_type, resource.uuid, value)
            return None
        return value

    def _collect(self):
        model = self.compute_model
        backend = self._datasource()
        with_host_cpu = backend is not None and backend.METRIC_MAP.get(self.OPTIONAL_HOST_METRIC) is not None
        if backend is not None and not with_host_cpu:
            LOG.info("Datasource %s has no %s: host load is the sum of its instances", backend.NAME,
                     self.OPTIONAL_HOST_METRIC)
        nodes, instances = [], []
        cpu, host_cpu = {}, {}
        for node_uuid, node in sorted(model.get_all_compute_nodes().items()):
            nodes.append({
                "uuid": node.uuid, "hostname": node.hostname, "state": node.state, "status": node.status,
                "vcpus": node.vcpus, "vcpuReserved": node.vcpu_reserved, "vcpuRatio": node.vcpu_ratio,
                "memoryMb": node.memory, "memoryMbReserved": node.memory_mb_reserved,
                "memoryRatio": node.memory_ratio, "diskGb": node.disk, "diskGbReserved": node.disk_gb_reserved,
                "diskRatio": node.disk_ratio,
            })
            value = self._aggregate(backend, node, 'compute_node', self.OPTIONAL_HOST_METRIC) \
                if with_host_cpu else None
            if value is not None:
                host_cpu[node.uuid] = [value]
            for instance in model.get_node_instances(node):
                instances.append(self._instance_json(instance, node.uuid))
                value = self._aggregate(backend, instance, 'instance', 'instance_cpu_usage') \
                    if backend is not None else None
                if value is not None:
                    cpu[instance.uuid] = [value]
        if backend is not None and instances and not cpu:
            LOG.warning("%s gave no instance_cpu_usage for any of the %d instances: PWB plans on what its own "
                        "collector has", backend.NAME, len(instances))
        self.datasource_gap = None
        if instances and not cpu:
            self.datasource_gap = ("no datasource maps instance_cpu_usage" if backend is None else
                                   "%s gave no instance_cpu_usage for any of the %d instances"
                                   % (backend.NAME, len(instances)))
        return {
            "auditUuid": getattr(self, "audit_uuid", None),
            "parameters": {
                "thresholdPercent": float(self._param("threshold")),
                "horizonMinutes": int(self._param("horizon_minutes")),
                "maxMigrations": int(self._param("max_migrations")),
                "mode": self._param("mode"),
            },
            "nodes": nodes,
            "instances": instances,
            "metrics": {
                "instanceCpuPercent": cpu, "instanceRamMb": {}, "hostCpuPercent": host_cpu,
                "hostRamKib": {}, "intervalSeconds": int(self._param("granularity")),
            },
        }

    @staticmethod
    def _instance_json(instance, node_uuid):
        return {
            "uuid": instance.uuid, "name": instance.name or "", "state": instance.state,
            "vcpus": instance.vcpus, "memoryMb": instance.memory, "diskGb": instance.disk,
            "locked": bool(getattr(instance, "locked", False)),
            "watcherExclude": bool(instance.watcher_exclude), "nodeUuid": node_uuid,
        }

    # -- acting -------------------------------------------------------------------------------------------

    def _ask_pwb(self, body):
        url = self.config.pwb_url
        try:
            token = pwb_client.read_token(self.config.pwb_token_file)
            pwb = pwb_client.PwbClient(url, token=token, ca_file=self.config.pwb_ca_file,
                                       timeout_seconds=self.config.timeout_seconds)
            return pwb.plan(body)
        except pwb_client.PwbError as exc:
            raise PwbUnavailable(url=url, reason=str(exc))

    def _movable(self, move):
        """Resolves a PWB move against the model; returns (instance, source, destination) or None."""
        model = self.compute_model
        uuid = move.get("instanceUuid")
        if not isinstance(uuid, str) or not _UUID.match(uuid):
            LOG.warning("PWB move skipped: %r is not a Nova server UUID", uuid)
            return None
        try:
            instance = model.get_instance_by_uuid(uuid)
            source = model.get_node_by_name(move.get("sourceHostname"))
            destination = model.get_node_by_name(move.get("destinationHostname"))
            current = model.get_node_by_instance_uuid(uuid)
        except exception.WatcherException as exc:
            LOG.warning("PWB move of %s skipped: %s", uuid, exc)
            return None
        if current.uuid != source.uuid or source.uuid == destination.uuid:
            LOG.warning("PWB move of %s skipped: it is on %s, not %s", uuid, current.hostname, source.hostname)
            return None
        if destination.state != 'up' or destination.status != 'enabled':
            LOG.warning("PWB move of %s skipped: %s is %s/%s", uuid, destination.hostname, destination.state,
                        destination.status)
            return None
        if instance.watcher_exclude or getattr(instance, "locked", False) or instance.state != 'active':
            LOG.warning("PWB move of %s skipped: instance is excluded, locked or not active", uuid)
            return None
        return instance, source, destination

    def do_execute(self, audit=None):
        self.audit_uuid = getattr(audit, "uuid", None)
        ignored = sorted(set(_FORMER_PARAMETERS) & set(self.input_parameters))
        if ignored:
            LOG.warning("Audit %s: parameters %s are ignored; PWB's address, token and timeout come from "
                        "watcher.conf [watcher_strategies.%s]", self.audit_uuid, ", ".join(ignored),
                        self.get_name())
        try:
            answer = self._ask_pwb(self._collect())
            if self.datasource_gap and answer.get("instancesWithCpuData") == 0:
                # PWB planned on flavors alone: it moved nothing, and the operator must learn why.
                raise NoUsableMetrics(reason="%s, and PWB's own collector has no CPU data for them either"
                                      % self.datasource_gap)
        except (PwbUnavailable, NoUsableMetrics) as exc:
            if getattr(audit, "audit_type", None) != _CONTINUOUS:
                raise  # the operator sees a FAILED audit
            # Raising would mark the audit FAILED, and Watcher never runs a failed continuous audit again.
            LOG.error("%s. Continuous audit %s stays ONGOING and tries again at its next interval.", exc,
                      self.audit_uuid)
            return self.solution
        self._apply(answer)
        return self.solution

    def _apply(self, answer):
        self.sd_before = float(answer.get("cpuStdDevBefore") or 0.0)
        after = answer.get("cpuStdDevAfter")
        self.sd_after = self.sd_before if after is None else float(after)
        self.pwb_notes = [str(n) for n in answer.get("notes") or []]
        for note in self.pwb_notes:
            LOG.info("PWB: %s", note)
        for move in answer.get("advisoryMoves") or []:
            LOG.info("PWB advisory (no action): %s", move.get("explanation"))
        for move in answer["moves"]:
            resolved = self._movable(move)
            if resolved is None:
                continue
            instance, source, destination = resolved
            if self.compute_model.migrate_instance(instance, source, destination):
                self.add_action_migrate(instance, 'live', source, destination)
                self.instance_migrations_count += 1
                LOG.info("PWB move: %s", move.get("explanation"))

    def post_execute(self):
        self.solution.model = self.compute_model
        self.solution.set_efficacy_indicators(
            instance_migrations_count=self.instance_migrations_count,
            instances_count=len(self.compute_model.get_all_instances()),
            standard_deviation_before_audit=self.sd_before,
            standard_deviation_after_audit=self.sd_after,
        )
