#!/usr/bin/python3
"""Benchmark: PWB's strategy (end to end, against a running PWB) next to upstream workload_stabilization, on one
seeded synthetic cloud (default 200 nodes, 4,000 instances), both run in Debian's Watcher as run_scenarios.py
does. Prints a JSON report; --dump-request writes the body PWB received (for the Java JMH benchmark).

Usage: PYTHONPATH=<plugin site> bench_watcher.py --url http://127.0.0.1:PORT --token-file F [--nodes 200]
       [--instances 4000] [--seed 7] [--repeat 3] [--dump-request FILE]
"""

import argparse
import json
import random
import statistics
import time

from watcher.common import utils
from watcher.decision_engine.model import element
from watcher.decision_engine.model import model_root

import run_scenarios


def build(nodes, instances, seed):
    """A cloud with a few hot hosts: instance CPU mostly low, some hosts crowded with busy instances."""
    rnd = random.Random(seed)
    model = model_root.ModelRoot()
    table = {"instance_cpu_usage": {}, "instance_ram_usage": {}, "host_cpu_usage": {}, "host_ram_usage": {}}
    node_list = []
    for n in range(nodes):
        node = element.ComputeNode(
            uuid="node-%04d" % n, hostname="cmp%04d" % n, state="up", status="enabled", disabled_reason=None,
            vcpus=64, vcpu_reserved=0, vcpu_ratio=4.0, memory=262144, memory_mb_reserved=0, memory_ratio=1.0,
            disk=4000, disk_gb_reserved=0, disk_ratio=1.0)
        model.add_node(node)
        node_list.append(node)
    hot = set(rnd.sample(range(nodes), max(1, nodes // 10)))
    load = {n.uuid: 0.0 for n in node_list}
    for i in range(instances):
        n = i % nodes
        node = node_list[n]
        vcpus = rnd.choice([1, 2, 4, 8])
        uuid = "%08x-0000-4000-8000-%012x" % (seed, i)
        inst = element.Instance(uuid=uuid, name="vm-%05d" % i, state="active", vcpus=vcpus,
                                memory=vcpus * 2048, disk=20, metadata={}, project_id="91ffe30a-78a0-4152-acd2-8310ff274dc9",
                                watcher_exclude=False, locked=False)
        model.add_instance(inst)
        model.map_instance(inst, node)
        cpu = rnd.uniform(40, 95) if n in hot else rnd.uniform(2, 30)
        table["instance_cpu_usage"][uuid] = cpu
        table["instance_ram_usage"][uuid] = vcpus * 2048 * rnd.uniform(0.3, 0.9)
        load[node.uuid] += cpu * vcpus / 100.0
    for node in node_list:
        table["host_cpu_usage"][node.uuid] = min(100.0, load[node.uuid] / node.vcpus * 100.0 + 2.0)
        table["host_ram_usage"][node.uuid] = sum(
            table["instance_ram_usage"][i.uuid] for i in model.get_node_instances(node)) * 1024
    return model, table


def timed(name, args, params):
    # Built afresh for every run (an XML round trip would turn locked="False" into True: from_xml only
    # literal-evaluates watcher_exclude).
    model, table = build(args.nodes, args.instances, args.seed)
    strategy = run_scenarios.load_strategy(name)
    strategy._compute_model = model
    strategy._datasource_backend = run_scenarios.FakeDatasource(table)
    utils.StrictDefaultValidatingDraft4Validator(strategy.get_schema()).validate(params)
    strategy.input_parameters.update(params)
    started = time.perf_counter()
    solution = strategy.execute(audit=run_scenarios.FakeAudit("bench"))
    seconds = time.perf_counter() - started
    return seconds, solution, strategy


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--token-file", required=True)
    parser.add_argument("--nodes", type=int, default=200)
    parser.add_argument("--instances", type=int, default=4000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--threshold", type=float, default=50.0)
    parser.add_argument("--max-migrations", type=int, default=20)
    parser.add_argument("--dump-request")
    args = parser.parse_args()
    run_scenarios.configure(args.url, args.token_file, timeout=120.0)

    report = {"nodes": args.nodes, "instances": args.instances, "seed": args.seed}

    # PWB is stateful: later runs on the same (unmigrated) model see the first run's shadows, so the
    # actions and standard deviations reported are the first run's; every run counts for timing.
    runs, first = [], None
    for _ in range(args.repeat):
        seconds, solution, strategy = timed(
            "predictive_workload_balance", args,
            {"threshold": args.threshold, "max_migrations": args.max_migrations})
        runs.append(seconds)
        if first is None:
            first = solution
            if args.dump_request:
                with open(args.dump_request, "w") as f:
                    json.dump(strategy._collect(), f)
    solution = first
    eff = run_scenarios.indicators(solution)
    moves = [a["input_parameters"] for a in solution.actions]
    if False:
        with open(args.dump_request, "w") as f:
            json.dump(strategy._collect(), f)
    report["pwb"] = {"seconds_median": statistics.median(runs), "seconds_all": runs, "actions": len(moves),
                     "sd_before": eff["standard_deviation_before_audit"],
                     "sd_after": eff["standard_deviation_after_audit"]}

    # Upstream workload_stabilization: CPU only, its defaults otherwise (host_choice retry).
    runs = []
    for _ in range(args.repeat):
        seconds, solution, _ = timed("workload_stabilization", args, {"metrics": ["instance_cpu_usage"]})
        runs.append(seconds)
    eff = run_scenarios.indicators(solution)
    report["workload_stabilization"] = {
        "seconds_median": statistics.median(runs), "seconds_all": runs, "actions": len(solution.actions),
        "sd_before": eff.get("standard_deviation_before_audit"),
        "sd_after": eff.get("standard_deviation_after_audit")}
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
