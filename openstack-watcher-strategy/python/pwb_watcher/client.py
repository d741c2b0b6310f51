"""Small HTTP(S) client for PWB's Watcher endpoint (standard library only)."""

import http.client
import json
import socket
import ssl
import urllib.error
import urllib.request

PLAN_PATH = "/api/v1/watcher/plan"


class PwbError(Exception):
    """PWB could not be reached or did not give a usable answer."""


def read_token(path):
    """The bearer token: the first line of ``path``, stripped, as PWB reads its own ``pwb.api.token-file``."""
    if not path:
        raise PwbError("pwb_token_file is not set; PWB refuses plan requests without its API token")
    try:
        with open(path, encoding="utf-8") as f:
            token = f.readline().strip()
    except OSError as exc:
        raise PwbError("cannot read the PWB token file %s: %s" % (path, exc.strerror or exc))
    except ValueError:
        raise PwbError("the PWB token file %s is not UTF-8 text" % path)
    if not token:
        raise PwbError("the first line of the PWB token file %s is empty" % path)
    return token


class _RefuseRedirects(urllib.request.HTTPRedirectHandler):
    """urllib would send the bearer token on to wherever a redirect points; PWB's plan endpoint never redirects."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # urllib then raises the 3xx as an HTTPError


class PwbClient(object):

    def __init__(self, base_url, token=None, ca_file=None, timeout_seconds=10.0):
        if not base_url or not base_url.startswith(("http://", "https://")):
            raise PwbError("pwb_url must start with http:// or https://, not %r" % (base_url,))
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout_seconds = float(timeout_seconds)
        # No ProxyHandler settings: the environment's http(s)_proxy must not see PWB's token or the cloud's model.
        handlers = [urllib.request.ProxyHandler({}), _RefuseRedirects()]
        if self.base_url.startswith("https://"):
            try:
                context = ssl.create_default_context(cafile=ca_file or None)
            except (OSError, ssl.SSLError) as exc:
                raise PwbError("cannot load the CA file %s: %s" % (ca_file, exc))
            handlers.append(urllib.request.HTTPSHandler(context=context))
        self._opener = urllib.request.build_opener(*handlers)

    def plan(self, request_body):
        """POSTs a plan request and returns the decoded answer; raises PwbError on any failure."""
        url = self.base_url + PLAN_PATH
        try:
            # Strict JSON: NaN or Infinity would be refused by PWB as a malformed body.
            data = json.dumps(request_body, allow_nan=False).encode("utf-8")
        except ValueError as exc:
            raise PwbError("the plan request holds a value JSON cannot carry: %s" % exc)
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        try:
            req = urllib.request.Request(url, data=data, headers=headers, method="POST")
            with self._opener.open(req, timeout=self.timeout_seconds) as resp:
                body = resp.read()
        except urllib.error.HTTPError as exc:
            if 300 <= exc.code < 400:
                raise PwbError("HTTP %d from %s, a redirect to %s: not followed, set pwb_url to PWB's own address"
                               % (exc.code, url, exc.headers.get("Location")))
            raise PwbError("HTTP %d from %s: %s" % (exc.code, url, _detail(exc)))
        except urllib.error.URLError as exc:
            raise PwbError("cannot reach %s: %s" % (url, exc.reason))
        except (socket.timeout, TimeoutError):
            raise PwbError("no answer from %s within %.1f s" % (url, self.timeout_seconds))
        except http.client.HTTPException as exc:  # a bad status line, a cut-off body
            raise PwbError("%s gave a broken HTTP answer: %s %s" % (url, type(exc).__name__, exc))
        except OSError as exc:
            raise PwbError("connection to %s failed: %s" % (url, exc))
        except ValueError as exc:  # a URL that urllib cannot use
            raise PwbError("cannot post to %s: %s" % (url, exc))
        try:
            answer = json.loads(body.decode("utf-8"))
        except ValueError:
            raise PwbError("%s answered with something that is not JSON" % url)
        _check_answer(answer, url)
        return answer


def _detail(error):
    try:
        text = error.read()[:500].decode("utf-8", "replace").strip()
    except (OSError, http.client.HTTPException):
        text = ""
    return text or error.reason


def _check_answer(answer, url):
    """The strategy reads these fields without further checks."""
    if not isinstance(answer, dict) or not _list_of_objects(answer.get("moves")):
        raise PwbError("%s answered without a list of moves" % url)
    if answer.get("advisoryMoves") is not None and not _list_of_objects(answer["advisoryMoves"]):
        raise PwbError("%s answered advisoryMoves that are not a list of moves" % url)
    for key in ("cpuStdDevBefore", "cpuStdDevAfter"):
        value = answer.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float))):
            raise PwbError("%s answered a %s that is not a number: %r" % (url, key, value))


def _list_of_objects(value):
    return isinstance(value, list) and all(isinstance(item, dict) for item in value)
