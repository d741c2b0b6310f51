"""Small HTTP(S) client for PWB's Watcher endpoint (standard library only)."""

import json
import socket
import ssl
import urllib.error
import urllib.request

PLAN_PATH = "/api/v1/watcher/plan"


class PwbError(Exception):
    """PWB could not be reached or did not give a usable answer."""


def read_token(path):
    """Returns the bearer token stored in ``path`` (surrounding whitespace removed), or None without a path."""
    if not path:
        return None
    try:
        with open(path, encoding="utf-8") as f:
            token = f.read().strip()
    except OSError as exc:
        raise PwbError("cannot read the PWB token file %s: %s" % (path, exc.strerror or exc))
    if not token:
        raise PwbError("the PWB token file %s is empty" % path)
    return token


class PwbClient(object):

    def __init__(self, base_url, token=None, ca_file=None, timeout_seconds=10.0):
        if not base_url or not base_url.startswith(("http://", "https://")):
            raise PwbError("pwb_url must start with http:// or https://, not %r" % (base_url,))
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_seconds = float(timeout_seconds)
        self.ssl_context = None
        if self.base_url.startswith("https://"):
            self.ssl_context = ssl.create_default_context(cafile=ca_file or None)

    def plan(self, request_body):
        """POSTs a plan request and returns the decoded answer; raises PwbError on any failure."""
        url = self.base_url + PLAN_PATH
        data = json.dumps(request_body).encode("utf-8")
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        req = urllib.request.Request(url, data=data, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout_seconds, context=self.ssl_context) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            raise PwbError("HTTP %d from %s: %s" % (exc.code, url, detail.strip() or exc.reason))
        except urllib.error.URLError as exc:
            raise PwbError("cannot reach %s: %s" % (url, exc.reason))
        except (socket.timeout, TimeoutError):
            raise PwbError("no answer from %s within %.1f s" % (url, self.timeout_seconds))
        except OSError as exc:
            raise PwbError("connection to %s failed: %s" % (url, exc))
        try:
            answer = json.loads(body.decode("utf-8"))
        except ValueError:
            raise PwbError("%s answered with something that is not JSON" % url)
        if not isinstance(answer, dict) or not isinstance(answer.get("moves"), list):
            raise PwbError("%s answered without a list of moves" % url)
        return answer
