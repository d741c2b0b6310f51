"""Predictive Workload Balancer (PWB) strategy plugin for OpenStack Watcher."""
