#!/usr/bin/python3
"""The strategy's failure handling, configuration and HTTP client, in Debian's Watcher against a PWB stub on
loopback (no PWB service needed): what reaches PWB, from which settings, and what an audit does when PWB or the
datasource fails. run_scenarios.py covers planning against the real service.

Usage: PYTHONPATH=<plugin site> /usr/bin/python3 test_plugin.py [-v]
"""

import http.server
import json
import os
import socket
import sys
import tempfile
import threading
import unittest
from unittest import mock

import jsonschema
from oslo_config import cfg

from watcher.common import exception
from watcher.common import utils
from watcher.decision_engine.model import model_root

import run_scenarios
from run_scenarios import PWB

SCENARIO = "scenario_6_with_2_nodes"
MOVED = "73b09e16-35b7-4922-804e-e8f5d9b740fc"
ANSWER = {"mode": "balance", "cpuStdDevBefore": 0.2, "cpuStdDevAfter": 0.1, "notes": ["stub"], "advisoryMoves": [],
          "moves": [{"instanceUuid": MOVED, "sourceHostname": "hostname_0", "destinationHostname": "hostname_1",
                     "explanation": "stub move"}], "instancesWithCpuData": 4}
# PWB's answer when it knew the CPU of no instance: it moves nothing.
NO_DATA = dict(ANSWER, moves=[], instancesWithCpuData=0)


class StubPwb(object):
    """PWB's plan endpoint on a loopback port; ``reply`` picks the answer, ``requests`` records what arrived."""

    def __init__(self):
        self.requests = []
        self.reply = ("json", ANSWER)
        stub = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                stub.requests.append({"path": self.path, "authorization": self.headers.get("Authorization"),
                                      "body": json.loads(body)})
                kind, value = stub.reply
                if kind == "raw":  # bytes as they are, then the connection closes
                    self.wfile.write(value)
                    self.close_connection = True
                    return
                if kind == "redirect":
                    self.send_response(307)
                    self.send_header("Location", value)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                data = value if kind == "text" else json.dumps(value).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        self.server.timeout = 0.2
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.open = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        # Not serve_forever: its shutdown() waits on a threading.Event, which hangs in this process once a Watcher
        # module has loaded eventlet's green locks.
        while self.open:
            self.server.handle_request()
        self.server.server_close()

    def close(self):
        self.open = False


def closed_port_url():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return "http://127.0.0.1:%d" % s.getsockname()[1]


class PluginTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        with open(os.path.join(run_scenarios.HERE, "data", "scenario_metrics.json")) as f:
            cls.table = json.load(f)[SCENARIO]

    def setUp(self):
        self.pwb = StubPwb()
        self.addCleanup(self.pwb.close)
        self.token_file = self.write_token("stub-token\n")
        run_scenarios.configure(self.pwb.url, self.token_file)

    def write_token(self, text):
        fd, path = tempfile.mkstemp(suffix=".token")
        with os.fdopen(fd, "w") as f:
            f.write(text)
        self.addCleanup(os.unlink, path)
        return path

    def audit(self, audit_type="ONESHOT", datasource="table", params=None):
        """Runs one audit on scenario_6; ``datasource`` "table" is a fake datasource with the scenario's metrics."""
        params = dict(params or {}, _scenario=SCENARIO)
        return run_scenarios.run(PWB, os.path.join(run_scenarios.HERE, "data"),
                                 self.table if datasource == "table" else datasource, params, "audit-test",
                                 audit_type=audit_type)

    # -- where the settings come from ------------------------------------------------------------------------

    def test_connection_settings_are_watcher_conf_options_and_not_audit_parameters(self):
        strategy = run_scenarios.load_strategy(PWB)
        group = cfg.CONF.get(run_scenarios.PWB_CONF_GROUP)
        self.assertEqual(self.pwb.url, group.pwb_url)
        self.assertEqual(self.token_file, group.pwb_token_file)
        self.assertIn("datasources", group.keys())  # Watcher's own per-strategy option is kept
        self.assertEqual(self.pwb.url, strategy.config.pwb_url)
        schema = strategy.get_schema()
        for name in run_scenarios.CONNECTION_SETTINGS:
            self.assertNotIn(name, schema["properties"])
            # What Watcher's API does with an audit's parameters: an unknown one is refused.
            with self.assertRaises(exception.AuditParameterNotAllowed):
                utils.StrictDefaultValidatingDraft4Validator(schema).validate({name: "http://elsewhere"})

    def test_an_audit_without_parameters_plans_with_the_configured_service_and_token(self):
        _, solution = self.audit(audit_type="CONTINUOUS")
        self.assertEqual([MOVED], [a["input_parameters"]["resource_id"] for a in solution.actions])
        self.assertEqual(1, len(self.pwb.requests))
        self.assertEqual("/api/v1/watcher/plan", self.pwb.requests[0]["path"])
        self.assertEqual("Bearer stub-token", self.pwb.requests[0]["authorization"])

    def test_connection_settings_left_in_an_old_audit_are_ignored(self):
        elsewhere = StubPwb()
        self.addCleanup(elsewhere.close)
        strategy = run_scenarios.load_strategy(PWB)
        with open(os.path.join(run_scenarios.HERE, "data", SCENARIO + ".xml")) as f:
            strategy._compute_model = model_root.ModelRoot.from_xml(f.read())
        strategy._datasource_backend = run_scenarios.FakeDatasource(self.table)
        # Set as Watcher sets an audit's stored parameters, without validating them again.
        strategy.input_parameters.update({"pwb_url": elsewhere.url, "pwb_token_file": "/etc/passwd"})
        with self.assertLogs("pwb_watcher.strategy", "WARNING") as logs:
            strategy.execute(audit=run_scenarios.FakeAudit("old-audit"))
        self.assertEqual([], elsewhere.requests)
        self.assertEqual("Bearer stub-token", self.pwb.requests[0]["authorization"])
        self.assertIn("pwb_token_file, pwb_url are ignored", "\n".join(logs.output))

    # -- PWB down --------------------------------------------------------------------------------------------

    def test_a_oneshot_audit_fails_when_pwb_is_down(self):
        url = closed_port_url()
        run_scenarios.configure(url, self.token_file, timeout=2.0)
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit()
        self.assertEqual("PwbUnavailable", type(failure.exception).__name__)
        self.assertIn(url, str(failure.exception))
        self.assertIn("Connection refused", str(failure.exception))

    def test_a_continuous_audit_proposes_nothing_and_logs_an_error_when_pwb_is_down(self):
        run_scenarios.configure(closed_port_url(), self.token_file, timeout=2.0)
        with self.assertLogs("pwb_watcher.strategy", "ERROR") as logs:
            strategy, solution = self.audit(audit_type="CONTINUOUS")
        self.assertEqual([], solution.actions)
        self.assertEqual(0, run_scenarios.indicators(solution)["instance_migrations_count"])
        self.assertIn("could not plan this audit", "\n".join(logs.output))
        self.assertIn("tries again at its next interval", "\n".join(logs.output))
        # The model is left as it was: nothing was moved in it.
        self.assertEqual("hostname_0", strategy.compute_model.get_node_by_instance_uuid(MOVED).hostname)

    # -- the datasource --------------------------------------------------------------------------------------

    def test_without_a_datasource_pwb_is_asked_and_plans_on_its_own_collector(self):
        # No datasource configured at all: Watcher's datasource manager has nothing to choose, but PWB's own
        # OpenStack collector may know the instances (the stub answers as if it did).
        run_scenarios.configure(self.pwb.url, self.token_file, extra="[watcher_datasources]\ndatasources =\n")
        with self.assertLogs("pwb_watcher.strategy", "WARNING") as logs:
            _, solution = self.audit(datasource=None)
        self.assertIn("PWB plans on what its own collector has", "\n".join(logs.output))
        self.assertEqual({}, self.pwb.requests[0]["body"]["metrics"]["instanceCpuPercent"])
        self.assertEqual([MOVED], [a["input_parameters"]["resource_id"] for a in solution.actions])

    def test_without_a_datasource_or_pwb_data_a_oneshot_audit_fails_and_a_continuous_one_proposes_nothing(self):
        run_scenarios.configure(self.pwb.url, self.token_file, extra="[watcher_datasources]\ndatasources =\n")
        self.pwb.reply = ("json", NO_DATA)
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit(datasource=None)
        self.assertEqual("NoUsableMetrics", type(failure.exception).__name__)
        self.assertIn("no datasource maps instance_cpu_usage, and PWB's own collector has no CPU data for them"
                      " either", str(failure.exception))
        with self.assertLogs("pwb_watcher.strategy", "ERROR"):
            _, solution = self.audit(audit_type="CONTINUOUS", datasource=None)
        self.assertEqual([], solution.actions)
        self.assertEqual(2, len(self.pwb.requests))

    def test_a_datasource_without_the_instance_metrics_is_not_used(self):
        # Grafana without its settings maps no metric: Watcher finds no datasource for the strategy.
        run_scenarios.configure(self.pwb.url, self.token_file, extra="[watcher_datasources]\ndatasources = grafana\n")
        self.pwb.reply = ("json", NO_DATA)
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit(datasource=None)
        self.assertEqual("NoUsableMetrics", type(failure.exception).__name__)
        self.assertEqual({}, self.pwb.requests[0]["body"]["metrics"]["instanceCpuPercent"])

    def test_an_audit_fails_when_neither_the_datasource_nor_pwb_has_instance_cpu(self):
        datasource = run_scenarios.FakeDatasource({})
        self.pwb.reply = ("json", NO_DATA)
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit(datasource=datasource)
        self.assertEqual("NoUsableMetrics", type(failure.exception).__name__)
        self.assertIn("fake gave no instance_cpu_usage for any of the 4 instances", str(failure.exception))
        # The same answer when the datasource did give CPU is no failure: PWB simply found nothing to move.
        self.audit()
        self.assertEqual(2, len(self.pwb.requests))

    def test_a_measure_that_is_not_a_finite_number_counts_as_missing(self):
        table = json.loads(json.dumps(self.table))
        bad, good = sorted(table["instance_cpu_usage"])[:2]
        table["instance_cpu_usage"][bad] = float("nan")
        table["instance_cpu_usage"][good] = float("inf")
        with self.assertLogs("pwb_watcher.strategy", "WARNING") as logs:
            _, solution = self.audit(datasource=run_scenarios.FakeDatasource(table))
        self.assertIn("the datasource gave nan", "\n".join(logs.output))
        sent = self.pwb.requests[0]["body"]["metrics"]["instanceCpuPercent"]
        self.assertNotIn(bad, sent)
        self.assertNotIn(good, sent)
        self.assertEqual(len(table["instance_cpu_usage"]) - 2, len(sent))
        self.assertEqual(1, len(solution.actions))

    def test_a_threshold_of_zero_is_refused_by_the_schema(self):
        strategy = run_scenarios.load_strategy(PWB)
        validator = utils.StrictDefaultValidatingDraft4Validator(strategy.get_schema())
        with self.assertRaises(jsonschema.exceptions.ValidationError) as refused:
            validator.validate({"threshold": 0})
        self.assertIn("minimum", str(refused.exception))
        validator.validate({"threshold": 0.5})

    def test_host_cpu_is_optional(self):
        strategy = run_scenarios.load_strategy(PWB)
        self.assertEqual(["instance_cpu_usage"], strategy.DATASOURCE_METRICS)
        datasource = run_scenarios.FakeDatasource(self.table, metric_map={
            "instance_cpu_usage": "cpu", "instance_ram_usage": "ram", "host_cpu_usage": None})
        _, solution = self.audit(datasource=datasource)
        self.assertNotIn("host_cpu_usage", datasource.calls)
        self.assertNotIn("instance_ram_usage", datasource.calls)  # PWB plans on CPU; memory comes from flavors
        self.assertEqual({}, self.pwb.requests[0]["body"]["metrics"]["hostCpuPercent"])
        self.assertEqual(1, len(solution.actions))
        # A datasource that maps it is asked, once per node, and PWB gets its values.
        nodes = sorted(n["uuid"] for n in self.pwb.requests[0]["body"]["nodes"])
        datasource = run_scenarios.FakeDatasource(dict(self.table, host_cpu_usage={n: 30.0 for n in nodes}))
        self.audit(datasource=datasource)
        self.assertEqual(2, datasource.calls.count("host_cpu_usage"))
        self.assertEqual({n: [30.0] for n in nodes}, self.pwb.requests[1]["body"]["metrics"]["hostCpuPercent"])

    # -- the HTTP client -------------------------------------------------------------------------------------

    def test_only_the_token_files_first_line_is_sent(self):
        run_scenarios.configure(self.pwb.url, self.write_token("  first-line-token \nsecond line\n"))
        self.audit()
        self.assertEqual("Bearer first-line-token", self.pwb.requests[0]["authorization"])

    def test_a_token_file_whose_first_line_is_empty_fails_the_audit(self):
        path = self.write_token("\nthe-token-on-line-two\n")
        run_scenarios.configure(self.pwb.url, path)
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit()
        self.assertIn("first line of the PWB token file %s is empty" % path, str(failure.exception))
        self.assertEqual([], self.pwb.requests)

    def test_proxies_from_the_environment_are_not_used(self):
        dead = closed_port_url()
        proxies = {"http_proxy": dead, "https_proxy": dead, "HTTP_PROXY": dead, "HTTPS_PROXY": dead}
        environment = {k: v for k, v in os.environ.items() if k.lower() != "no_proxy"}
        environment.update(proxies)
        with mock.patch.dict(os.environ, environment, clear=True):
            _, solution = self.audit()
        self.assertEqual(1, len(solution.actions))
        self.assertEqual("Bearer stub-token", self.pwb.requests[0]["authorization"])

    def test_a_redirect_is_not_followed(self):
        elsewhere = StubPwb()
        self.addCleanup(elsewhere.close)
        self.pwb.reply = ("redirect", elsewhere.url + "/api/v1/watcher/plan")
        with self.assertRaises(exception.WatcherException) as failure:
            self.audit()
        self.assertIn("HTTP 307", str(failure.exception))
        self.assertIn("not followed", str(failure.exception))
        self.assertEqual([], elsewhere.requests)

    def test_broken_answers_fail_the_audit_clearly(self):
        broken = {
            "not JSON": ("text", b"<html>proxy error</html>"),
            "broken HTTP": ("raw", b"garbage instead of a status line\r\n"),
            "cut-off body": ("raw", b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"moves\": ["),
            "moves not objects": ("json", dict(ANSWER, moves=["x"])),
            "sd not a number": ("json", dict(ANSWER, cpuStdDevBefore="high")),
        }
        for label, reply in broken.items():
            with self.subTest(label):
                self.pwb.reply = reply
                with self.assertRaises(exception.WatcherException) as failure:
                    self.audit()
                self.assertEqual("PwbUnavailable", type(failure.exception).__name__)
                self.assertIn("no actions were proposed", str(failure.exception))
                with self.assertLogs("pwb_watcher.strategy", "ERROR"):
                    _, solution = self.audit(audit_type="CONTINUOUS")
                self.assertEqual([], solution.actions)


if __name__ == "__main__":
    argv = list(sys.argv)
    sys.argv = sys.argv[:1]  # Watcher's loader parses the configuration with sys.argv
    unittest.main(argv=argv)
