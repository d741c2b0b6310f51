#!/usr/bin/python3
"""Runs a test script (e.g. run_scenarios.py) under current Watcher instead of Debian's 9.0.0: a source checkout
of openstack/watcher (its top folder, holding watcher/) goes first on sys.path, and the two modules current
Watcher imports that Debian 12 lacks are stubbed (oslo_service.backend, observabilityclient); strategies and
the migrate action do not use them. Entry points still come from Debian's installed metadata, by module path.

Usage: with_current_watcher.py WATCHER_CHECKOUT SCRIPT [script arguments...]
"""

import runpy
import sys
import types


def stub(name, **attributes):
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    sys.modules[name] = module
    return module


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    sys.path.insert(0, sys.argv[1])
    stub("oslo_service.backend", get_backend=lambda *a, **k: None, init_backend=lambda *a, **k: None,
         BackendType=types.SimpleNamespace(EVENTLET="eventlet", THREADING="threading"))
    for name in ("observabilityclient", "observabilityclient.client", "observabilityclient.prometheus_client",
                 "observabilityclient.utils", "observabilityclient.utils.metric_utils"):
        stub(name)
    script = sys.argv[2]
    sys.argv = sys.argv[2:]
    runpy.run_path(script, run_name="__main__")


if __name__ == "__main__":
    main()
