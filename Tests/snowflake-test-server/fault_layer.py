"""A thin layer in front of an engine's /api/v2/statements (snowduck, or fakesnow_api.py) that behaves like
Snowflake where tests need it. Statements and bindings pass through exactly as the client sent them.

- Verifies every request's key-pair JWT (RS256 signature against the test public key, iss/sub with the
  public-key fingerprint, a lifetime of at most one hour, not expired) or a programmatic access token.
- Remembers requestIds: a resubmission with retry=true of a statement that already succeeded is not run
  again (Snowflake's documented idempotency), and the original response is returned.
- Injects faults on demand (POST /_faults): 429s, 503s, statements that answer 202 several times before
  their result, 401 as if the token had expired, "lose" (the statement runs, its answer is replaced by a
  503) and "down" (every statement 503 until cleared).
- "hangAfter": N holds every statement after the Nth execution unanswered until cleared, so a test can kill the
  client at a known statement (kill -9 after each statement of a table setup in turn).
- GET /_log returns what was seen (requestIds, retry flags, token types, executions) for assertions.

Usage: python fault_layer.py --port P --upstream http://127.0.0.1:U --public-key key.pub --account ACME --user MLC_LOADER [--pat TOKEN]
"""
import argparse
import base64
import gzip
import hashlib
import json
import threading
import time
import urllib.error
import urllib.request
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import jwt
from cryptography.hazmat.primitives import serialization

state_lock = threading.Lock()
faults = {"status429": 0, "status503": 0, "slow202": 0, "expire": 0, "lose": 0, "down": False, "partitionRows": 0, "hangAfter": 0}
partitions = {}    # handle -> [rows of partition 1, 2, …]
log = {"requests": [], "executions": 0, "rejected": []}
completed = {}     # requestId -> (status, body) of a statement that succeeded
pending = {}       # handle -> [polls left, status, body]


def fingerprint(public_key):
    der = public_key.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return "SHA256:" + base64.b64encode(hashlib.sha256(der).digest()).decode()


class Layer(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body, headers=None):
        data = json.dumps(body).encode() if not isinstance(body, bytes) else body
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def authenticate(self):
        auth = self.headers.get("Authorization", "")
        kind = self.headers.get("X-Snowflake-Authorization-Token-Type", "")
        if not auth.startswith("Bearer "):
            return "missing bearer token"
        token = auth[7:]
        if kind == "PROGRAMMATIC_ACCESS_TOKEN":
            return None if args.pat and token == args.pat else "programmatic access token is not valid"
        try:
            claims = jwt.decode(token, public_key, algorithms=["RS256"], options={"require": ["iss", "sub", "iat", "exp"]})
        except jwt.ExpiredSignatureError:
            return "JWT token has expired"
        except Exception as e:  # signature, format
            return "JWT token is invalid: %s" % e
        expected_sub = "%s.%s" % (args.account, args.user)
        if claims["sub"] != expected_sub:
            return "JWT sub %r does not match %r" % (claims["sub"], expected_sub)
        if claims["iss"] != expected_sub + "." + fingerprint(public_key):
            return "JWT iss %r does not carry the registered key fingerprint" % claims["iss"]
        iat, exp = claims["iat"], claims["exp"]
        if iat > 1e11:  # milliseconds are allowed too
            iat, exp = iat / 1000, exp / 1000
        if exp - iat > 3600:
            return "JWT lifetime exceeds one hour"
        return None

    def do_POST(self):
        if self.path == "/_faults":
            with state_lock:
                faults.update(json.loads(self.body() or b"{}"))
            return self.reply(200, faults)
        if self.path == "/_reset":
            with state_lock:
                faults.update({"status429": 0, "status503": 0, "slow202": 0, "expire": 0, "lose": 0, "down": False, "partitionRows": 0, "hangAfter": 0})
                log["requests"].clear(); log["rejected"].clear(); log["executions"] = 0
            return self.reply(200, {})
        if not self.path.startswith("/api/v2/statements"):
            return self.reply(404, {"code": "390404", "message": "unknown path"})
        body = self.body()
        query = dict(p.split("=", 1) for p in self.path.partition("?")[2].split("&") if "=" in p)
        request_id, retry = query.get("requestId"), query.get("retry") == "true"
        with state_lock:
            log["requests"].append({"requestId": request_id, "retry": retry,
                                    "tokenType": self.headers.get("X-Snowflake-Authorization-Token-Type"),
                                    "userAgent": self.headers.get("User-Agent")})
            problem = self.authenticate()
            if problem is None and faults["expire"] > 0:
                faults["expire"] -= 1
                problem = "JWT token has expired"
            if problem:
                log["rejected"].append(problem)
                return self.reply(401, {"code": "390144", "message": problem})
            if faults["down"]:
                return self.reply(503, {"code": "390503", "message": "service unavailable"})
            for fault, status, code in (("status429", 429, "390505"), ("status503", 503, "390503")):
                if faults[fault] > 0:
                    faults[fault] -= 1
                    return self.reply(status, {"code": code, "message": "injected %d" % status})
            if retry and request_id in completed:
                status, data = completed[request_id]
                return self.reply(status, data)
            warehouse = json.loads(body or b"{}").get("warehouse")
            if args.warehouses and warehouse and warehouse not in args.warehouses.split(","):
                # snowduck ignores warehouses; Snowflake refuses a statement that has none it can use.
                return self.reply(422, {"code": "000606", "sqlState": "57P03", "statementHandle": str(uuid.uuid4()),
                                        "message": "No active warehouse selected in the current session.  Select an active warehouse with the 'use warehouse' command."})
            slow = faults["slow202"]
        while True:
            with state_lock:
                if not (faults["hangAfter"] and log["executions"] >= faults["hangAfter"]):
                    break
            time.sleep(0.05)
        status, data = self.forward(body)
        with state_lock:
            log["executions"] += 1
            size = faults["partitionRows"]
            if status == 200 and size:
                data = self.partition(data, size)
            if status == 200 and request_id:
                completed[request_id] = (status, data)
            if faults["lose"] > 0 and status == 200:
                # The statement ran but its answer is lost on the way back (a dropped connection).
                faults["lose"] -= 1
                return self.reply(503, {"code": "390503", "message": "injected: response lost after execution"})
            if slow > 0 and status == 200:
                handle = str(uuid.uuid4())
                pending[handle] = [slow, status, data]
                return self.reply(202, {"code": "333334", "message": "Asynchronous execution in progress.",
                                        "statementHandle": handle, "statementStatusUrl": "/api/v2/statements/" + handle})
        self.reply(status, data)

    @staticmethod
    def partition(data, size):
        """Split a result like Snowflake does: partition 0 in the answer, the rest fetched with ?partition=N."""
        result = json.loads(data)
        rows = result.get("data") or []
        if len(rows) <= size:
            return data
        chunks = [rows[i:i + size] for i in range(0, len(rows), size)]
        result["data"] = chunks[0]
        result.setdefault("resultSetMetaData", {})["partitionInfo"] = [{"rowCount": len(c)} for c in chunks]
        partitions[result["statementHandle"]] = chunks[1:]
        return json.dumps(result).encode()

    def do_GET(self):
        if self.path == "/_log":
            with state_lock:
                return self.reply(200, log)
        handle = self.path.partition("?")[0].rsplit("/", 1)[-1]
        query = dict(p.split("=", 1) for p in self.path.partition("?")[2].split("&") if "=" in p)
        if "partition" in query and handle in partitions:
            # Later partitions carry only data, gzip-compressed, as the documentation describes.
            number = int(query["partition"])
            body = gzip.compress(json.dumps(partitions[handle][number - 1]).encode())
            return self.reply(200, body, {"Content-Encoding": "gzip"})
        with state_lock:
            problem = self.authenticate()
            if problem:
                return self.reply(401, {"code": "390144", "message": problem})
            if handle in pending:
                entry = pending[handle]
                if entry[0] > 0:
                    entry[0] -= 1
                    return self.reply(202, {"code": "333334", "message": "Asynchronous execution in progress.",
                                            "statementHandle": handle, "statementStatusUrl": "/api/v2/statements/" + handle})
                return self.reply(entry[1], entry[2])
        status, data = self.forward(None, method="GET")
        self.reply(status, data)

    def forward(self, body, method="POST"):
        request = urllib.request.Request(args.upstream + self.path, data=body, method=method,
                                         headers={"Content-Type": "application/json", "Accept": "application/json",
                                                  "Authorization": "Bearer upstream"})
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as e:
            return e.code, e.read()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--upstream", required=True)
    parser.add_argument("--public-key", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--user", required=True)
    parser.add_argument("--pat")
    parser.add_argument("--warehouses", help="comma-separated warehouses that exist")
    args = parser.parse_args()
    with open(args.public_key, "rb") as f:
        public_key = serialization.load_pem_public_key(f.read())
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Layer)
    print("fault layer on %d -> %s" % (args.port, args.upstream), flush=True)
    server.serve_forever()
