#!/usr/bin/python3
"""Runs PWB's Watcher strategy the way Watcher's decision engine does, on scenario models with a fake
datasource, against a running PWB service; checks every action with Watcher's own migrate validation.
PWB's address and token are set as an operator does, in a watcher.conf section (written to a temporary file).

Usage: run_scenarios.py --url http://127.0.0.1:PORT --token-file F [--data DIR] [--unreachable-url URL]
Prints one JSON report on stdout; exit status 0 only when every check passed.
"""

import argparse
import atexit
import json
import os
import socket
import sys
import tempfile
import time

from oslo_config import cfg
import stevedore

from watcher import conf as watcher_conf  # noqa: F401 (registers Watcher's options, as its services do)

from watcher.applier.loading import default as action_loading
from watcher.common import utils
from watcher.decision_engine.loading import default as strategy_loading
from watcher.decision_engine.model import model_root

PWB = "predictive_workload_balance"
PWB_CONF_GROUP = "watcher_strategies." + PWB
CONNECTION_SETTINGS = ("pwb_url", "pwb_token_file", "pwb_ca_file", "timeout_seconds")
HERE = os.path.dirname(os.path.abspath(__file__))


def configure(url, token_file, timeout=10.0, ca_file="", extra=""):
    """Parses a watcher.conf with the strategy's section (and ``extra`` text), as the decision engine does.
    Watcher's loader parses the file again at every strategy load, so it stays until the process ends."""
    if not hasattr(configure, "path"):
        fd, configure.path = tempfile.mkstemp(prefix="watcher-", suffix=".conf")
        os.close(fd)
        atexit.register(os.unlink, configure.path)
    with open(configure.path, "w") as f:
        f.write("[%s]\npwb_url = %s\npwb_token_file = %s\npwb_ca_file = %s\ntimeout_seconds = %s\n%s" % (
            PWB_CONF_GROUP, url, token_file, ca_file, timeout, extra))
    # Watcher's loader parses the configuration again with sys.argv, as in its own services: keep ours out.
    sys.argv = sys.argv[:1]
    cfg.CONF([], project="watcher", default_config_files=[configure.path])


class FakeDatasource(object):
    """Answers statistic_aggregation from a static table, like upstream's FakeGnocchiMetrics."""
    NAME = "fake"

    def __init__(self, table, metric_map=None):
        self.table = table
        self.calls = []
        # Real datasources name their meter for each Watcher metric; None means the datasource lacks it.
        self.METRIC_MAP = metric_map or {m: m for m in ("host_cpu_usage", "instance_cpu_usage",
                                                        "instance_ram_usage")}

    def statistic_aggregation(self, resource=None, resource_type=None, meter_name=None, period=300,
                              aggregate='mean', granularity=300):
        self.calls.append(meter_name)
        value = self.table.get(meter_name, {}).get(resource.uuid)
        return None if value is None else float(value)


class FakeAudit(object):
    def __init__(self, uuid, audit_type="ONESHOT"):
        self.uuid = uuid
        self.audit_type = audit_type


class Checks(object):
    def __init__(self):
        self.failures = []

    def check(self, condition, message):
        if not condition:
            self.failures.append(message)
        return condition


def load_strategy(name):
    """Loads a strategy through the watcher_strategies entry point, as Watcher's strategy selector does."""
    return strategy_loading.DefaultStrategyLoader().load(name)


def run(name, data_dir, datasource, params, audit_uuid, audit_type="ONESHOT"):
    """Mirrors DefaultStrategyContext.do_execute_strategy: defaults from the schema, then execute().
    ``datasource`` is a metrics table for a FakeDatasource, a datasource, or None for Watcher's own choice."""
    strategy = load_strategy(name)
    with open(os.path.join(data_dir, params.pop("_scenario") + ".xml")) as f:
        strategy._compute_model = model_root.ModelRoot.from_xml(f.read())
    if isinstance(datasource, dict):
        datasource = FakeDatasource(datasource)
    strategy._datasource_backend = datasource
    utils.StrictDefaultValidatingDraft4Validator(strategy.get_schema()).validate(params)
    strategy.input_parameters.update(params)
    return strategy, strategy.execute(audit=FakeAudit(audit_uuid, audit_type))


def validate_actions(solution, checks, label):
    """Every action must be a migrate that Watcher's applier accepts (its own schema validation)."""
    loader = action_loading.DefaultActionLoader()
    out = []
    for action in solution.actions:
        checks.check(action["action_type"] == "migrate", "%s: unexpected action %s" % (label, action))
        migrate = loader.load(action["action_type"])
        migrate.input_parameters = action["input_parameters"]
        try:
            migrate.validate_parameters()
        except Exception as exc:
            checks.check(False, "%s: Watcher rejects %s: %s" % (label, action, exc))
        out.append(action["input_parameters"])
    return out


def indicators(solution):
    return {i["name"]: i["value"] for i in solution.efficacy.indicators}


def upstream_cpu_sd(data_dir, tables, scenario, moves):
    """Host CPU standard deviation as upstream workload_stabilization measures it, before and after moves."""
    ws = load_strategy("workload_stabilization")
    with open(os.path.join(data_dir, scenario + ".xml")) as f:
        ws._compute_model = model_root.ModelRoot.from_xml(f.read())
    ws._datasource_backend = FakeDatasource(tables)
    params = {"metrics": ["instance_cpu_usage"]}
    utils.StrictDefaultValidatingDraft4Validator(ws.get_schema()).validate(params)
    ws.input_parameters.update(params)
    ws.pre_execute()
    hosts = ws.get_hosts_load()
    before = ws.get_sd(ws.normalize_hosts_load(hosts), "instance_cpu_usage")
    model = ws.compute_model
    for move in moves:
        instance = model.get_instance_by_uuid(move["resource_id"])
        src = model.get_node_by_name(move["source_node"])
        dst = model.get_node_by_name(move["destination_node"])
        case = ws.calculate_migration_case(hosts, instance, src, dst)
        hosts = case[-1]
        model.migrate_instance(instance, src, dst)
    after = ws.get_sd(ws.normalize_hosts_load(hosts), "instance_cpu_usage")
    return before, after


def expect_failure(data_dir, tables, url, token_file, timeout, checks, label):
    """With PWB unreachable, silent or refusing: a one-shot audit fails with a clear error and proposes nothing;
    a continuous one proposes nothing without failing, so that Watcher runs it again at its next interval."""
    configure(url, token_file, timeout=timeout)
    params = {"_scenario": "scenario_6_with_2_nodes", "threshold": 25.0}
    started = time.monotonic()
    try:
        _, solution = run(PWB, data_dir, tables["scenario_6_with_2_nodes"], dict(params), "audit-down")
        checks.check(False, "%s: the audit succeeded with %d actions" % (label, len(solution.actions)))
        report = {"error": None}
    except Exception as exc:
        message = str(exc)
        checks.check(type(exc).__name__ == "PwbUnavailable", "%s: unexpected %r" % (label, exc))
        checks.check(url in message and "no actions were proposed" in message,
                     "%s: message is not clear: %s" % (label, message))
        report = {"error": message, "type": type(exc).__name__, "seconds": round(time.monotonic() - started, 2)}
    try:
        _, solution = run(PWB, data_dir, tables["scenario_6_with_2_nodes"], dict(params), "audit-down-cont",
                          audit_type="CONTINUOUS")
        report["continuous_actions"] = len(solution.actions)
        checks.check(solution.actions == [], "%s: the continuous audit proposed %s" % (label, solution.actions))
    except Exception as exc:
        checks.check(False, "%s: the continuous audit raised %r, so Watcher would end it" % (label, exc))
    return report


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--data", default=os.path.join(HERE, "data"))
    parser.add_argument("--unreachable-url")
    parser.add_argument("--skip-running", action="store_true", help="only the service-down checks")
    args = parser.parse_args()
    configure(args.url, args.token_file)

    with open(os.path.join(args.data, "scenario_metrics.json")) as f:
        tables = json.load(f)
    checks = Checks()
    report = {}

    names = stevedore.ExtensionManager("watcher_strategies").names()
    checks.check(PWB in names, "entry point %s not found in watcher_strategies: %s" % (PWB, names))
    report["entry_point"] = PWB in names
    # The connection settings are watcher.conf options, and no audit parameter can override them.
    strategy = load_strategy(PWB)
    report["conf_options"] = sorted(k for k in cfg.CONF.get(PWB_CONF_GROUP).keys() if k in CONNECTION_SETTINGS)
    report["schema_parameters"] = sorted(strategy.get_schema()["properties"])
    checks.check(report["conf_options"] == sorted(CONNECTION_SETTINGS), "conf options: %s" % report["conf_options"])
    checks.check(not set(CONNECTION_SETTINGS) & set(report["schema_parameters"]),
                 "audit parameters still hold connection settings: %s" % report["schema_parameters"])
    checks.check(strategy.config.pwb_url == args.url, "pwb_url from watcher.conf: %s" % strategy.config.pwb_url)
    # Proxies named in the environment (the Java test sets dead ones) must not carry PWB's requests.
    report["proxies_in_environment"] = sorted(k for k in os.environ if k.lower() in ("http_proxy", "https_proxy"))

    common = {"threshold": 25.0}
    if not args.skip_running:
        # First, before PWB has seen these instances: a datasource without instance CPU. The plugin still asks
        # PWB (its own collector might know them); PWB knows none of them, so the audit fails clearly.
        try:
            _, solution = run(PWB, args.data, FakeDatasource({}), dict(common, _scenario="scenario_6_with_2_nodes"),
                              "audit-no-cpu")
            checks.check(False, "no CPU anywhere: the audit succeeded with %s" % solution.actions)
            report["no_cpu"] = None
        except Exception as exc:
            checks.check(type(exc).__name__ == "NoUsableMetrics" and "PWB's own collector has no CPU data" in str(exc),
                         "no CPU anywhere: unexpected %r" % exc)
            report["no_cpu"] = str(exc)
        # Golden: scenario_6, no history beyond Watcher's, threshold 25 -> upstream workload_balance's move.
        strategy, solution = run(PWB, args.data, tables["scenario_6_with_2_nodes"],
                                 dict(common, _scenario="scenario_6_with_2_nodes"), "audit-s6")
        actions = validate_actions(solution, checks, "scenario_6")
        expected = {"migration_type": "live", "source_node": "hostname_0", "destination_node": "hostname_1",
                    "resource_name": "", "resource_id": "73b09e16-35b7-4922-804e-e8f5d9b740fc"}
        checks.check(actions == [expected], "scenario_6: expected [%s], got %s" % (expected, actions))
        model = strategy.compute_model
        checks.check(model.get_node_by_instance_uuid(expected["resource_id"]).hostname == "hostname_1",
                     "scenario_6: the model was not updated with the move")
        eff = indicators(solution)
        checks.check(eff.get("instance_migrations_count") == 1 and eff.get("instances_count") == 4,
                     "scenario_6: efficacy %s" % eff)
        report["scenario_6_with_2_nodes"] = {"actions": actions, "efficacy": eff,
                                             "global_efficacy": [dict(g) for g in solution.global_efficacy]}

        # scenario_1: PWB's moves must lower the host CPU sd as upstream workload_stabilization measures it.
        strategy, solution = run(PWB, args.data, tables["scenario_1"], dict(common, _scenario="scenario_1"),
                                 "audit-s1")
        actions = validate_actions(solution, checks, "scenario_1")
        checks.check(len(actions) >= 1, "scenario_1: no actions")
        before, after = upstream_cpu_sd(args.data, tables["scenario_1"], "scenario_1", actions)
        checks.check(after < before, "scenario_1: sd %.6f -> %.6f did not go down" % (before, after))
        eff = indicators(solution)
        checks.check(abs(eff.get("standard_deviation_before_audit", -1) - before) < 1e-6,
                     "scenario_1: PWB's sd before %s differs from upstream's %s" % (eff, before))
        checks.check(abs(eff.get("standard_deviation_after_audit", -1) - after) < 1e-6,
                     "scenario_1: PWB's sd after %s differs from upstream's %s" % (eff, after))
        moved = [a["resource_id"] for a in actions]
        checks.check("d060ef1f-dc19-4982-9383-087498bfde03" not in moved, "scenario_1: stopped instance moved")
        report["scenario_1"] = {"actions": actions, "efficacy": eff, "upstream_sd_before": before,
                                "upstream_sd_after": after}

        # Advisory mode: PWB explains, Watcher gets no actions.
        _, solution = run(PWB, args.data, tables["scenario_6_with_2_nodes"],
                          dict(common, _scenario="scenario_6_with_2_nodes", mode="advisory"), "audit-adv")
        checks.check(solution.actions == [], "advisory: actions %s" % solution.actions)
        report["advisory_actions"] = len(solution.actions)

        # A wrong token: PWB answers 401 and the audit fails clearly, with no actions.
        with tempfile.NamedTemporaryFile("w", suffix=".token", delete=False) as f:
            f.write("not-the-token\n")
        report["wrong_token"] = expect_failure(args.data, tables, args.url, f.name, 10.0, checks, "wrong token")
        os.unlink(f.name)
        configure(args.url, args.token_file)
        checks.check("HTTP 401" in (report["wrong_token"].get("error") or ""), "wrong token: %s" % report["wrong_token"])

    if args.unreachable_url:
        report["service_down"] = expect_failure(args.data, tables, args.unreachable_url, args.token_file, 2.0,
                                                checks, "down")
        # A service that accepts the connection but never answers: the timeout must cut it short.
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = "http://127.0.0.1:%d" % silent.getsockname()[1]
        report["service_silent"] = expect_failure(args.data, tables, url, args.token_file, 1.0, checks, "silent")
        silent.close()

    report["failures"] = checks.failures
    print(json.dumps(report, indent=2, sort_keys=True, default=str))
    return 1 if checks.failures else 0


if __name__ == "__main__":
    sys.exit(main())
