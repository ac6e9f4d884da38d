"""The Snowflake SQL API v2 over fakesnow, the second Snowflake-dialect engine mlc's SQL is tested on.

fakesnow (tekumara/fakesnow) emulates Snowflake on DuckDB but only speaks the drivers' protocol, so this
shim maps `POST /api/v2/statements` onto a fakesnow cursor: the statement runs exactly as sent, its
`bindings` bound by position (never put into the text), and the answer comes back in the SQL API's shapes
(jsonv2 strings: NUMBER at its scale, DATE as days, TIMESTAMP as seconds with nine decimals, BOOLEAN as
true/false; 422 with code, message, sqlState and statementHandle for SQL errors; 202/333334 for async=true).
Authentication, retries and faults are fault_layer.py's job, in front of this exactly as in front of snowduck.

Usage: python fakesnow_api.py --port P [--warehouse LOAD_WH] [--role LOADER]
"""
import argparse
import datetime
import decimal
import json
import re
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import fakesnow
import snowflake.connector

# One connection, one statement at a time: fakesnow's DuckDB connection is not safe for concurrent use.
engine_lock = threading.Lock()
results = {}  # handle -> (status, body); the newest few, for GET by handle
epoch = datetime.datetime(1970, 1, 1)

# The snowflake.connector FIELD_TYPES ids, by name as rowType spells them.
TYPE_NAMES = {0: "fixed", 1: "real", 2: "text", 3: "date", 4: "timestamp_ntz", 5: "variant", 6: "timestamp_ltz",
              7: "timestamp_tz", 8: "timestamp_ntz", 9: "object", 10: "array", 11: "binary", 12: "time", 13: "boolean"}


def encode(value, scale):
    """One value as the SQL API's jsonv2 writes it (reference §4.4)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, decimal.Decimal):
        return str(value.quantize(decimal.Decimal(1).scaleb(-(scale or 0)))) if value.is_finite() else str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        delta = value - epoch
        return "%d.%09d" % (delta.days * 86400 + delta.seconds, delta.microseconds * 1000)
    if isinstance(value, datetime.date):
        return str((value - epoch.date()).days)
    if isinstance(value, datetime.time):
        return "%d.%09d" % (value.hour * 3600 + value.minute * 60 + value.second, value.microsecond * 1000)
    if isinstance(value, (bytes, bytearray)):
        return value.hex().upper()
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def bound(binding):
    """A positional binding's value as Python, by its SQL API type (values always arrive as strings)."""
    kind, value = binding.get("type", "TEXT").upper(), binding.get("value")
    if value is None:
        return None
    if kind == "FIXED":
        return int(value) if value.lstrip("-").isdigit() else decimal.Decimal(value)
    if kind == "REAL":
        return float(value)
    if kind == "BOOLEAN":
        return value.lower() == "true"
    return value


class Engine:
    def __init__(self, warehouse, role):
        self.patch = fakesnow.patch()
        self.patch.__enter__()
        self.connection = snowflake.connector.connect(database="MLC_TEST", schema="PUBLIC", paramstyle="qmark")
        self.warehouse, self.role = warehouse, role
        self.namespaces = set()
        self.context = None

    def use(self, database, schema):
        """The request's database and schema, created on first use as the account would have them."""
        database, schema = database or "MLC_TEST", schema or "PUBLIC"
        cursor = self.connection.cursor()
        if (database, schema) not in self.namespaces:
            cursor.execute('CREATE DATABASE IF NOT EXISTS "%s"' % database.replace('"', ""))
            cursor.execute('CREATE SCHEMA IF NOT EXISTS "%s"."%s"' % (database.replace('"', ""), schema.replace('"', "")))
            self.namespaces.add((database, schema))
        cursor.execute('USE SCHEMA "%s"."%s"' % (database.replace('"', ""), schema.replace('"', "")))
        return cursor

    def run(self, request):
        handle = str(uuid.uuid4())
        bindings = request.get("bindings") or {}
        params = [bound(bindings[k]) for k in sorted(bindings, key=int)]
        with engine_lock:
            try:
                cursor = self.use(request.get("database"), request.get("schema"))
                self.define_context_functions(request.get("warehouse"), request.get("role"))
                cursor.execute(request.get("statement", ""), params or None)
                rows = cursor.fetchall() if cursor.description else []
                description = cursor.description or []
            except snowflake.connector.errors.Error as e:
                message = re.sub(r"^\d{6} \(\w{5}\): ", "", e.msg or str(e))  # the code is its own field
                return 422, {"code": "%06d" % (e.errno or 2003), "message": message,
                             "sqlState": e.sqlstate or "42000", "statementHandle": handle}
            except Exception as e:  # the engine's own failure: still a SQL error to the client
                return 422, {"code": "002003", "message": str(e), "sqlState": "42000", "statementHandle": handle}
        row_type = [{"name": d.name, "type": TYPE_NAMES.get(d.type_code, "text"), "scale": d.scale,
                     "precision": d.precision, "nullable": True, "length": d.internal_size} for d in description]
        scales = [d.scale for d in description]
        data = [[encode(v, scales[i]) for i, v in enumerate(row)] for row in rows]
        return 200, {"resultSetMetaData": {"numRows": len(data), "format": "jsonv2", "rowType": row_type,
                                           "partitionInfo": [{"rowCount": len(data)}]},
                     "data": data, "code": "090001", "sqlState": "00000", "statementHandle": handle,
                     "statementStatusUrl": "/api/v2/statements/" + handle,
                     "message": "Statement executed successfully.", "createdOn": int(time.time() * 1000)}

    def define_context_functions(self, warehouse, role):
        """fakesnow has no CURRENT_WAREHOUSE()/CURRENT_ROLE(): the engine gets them as functions answering the
        request's warehouse and role (the account's defaults when the request names none), as Snowflake would."""
        context = (warehouse or self.warehouse, role or self.role)
        if context == self.context:
            return
        duck = self.connection._duck_conn
        duck.execute("CREATE OR REPLACE TEMP MACRO current_warehouse() AS '%s'" % context[0].replace("'", ""))
        duck.execute("CREATE OR REPLACE TEMP MACRO current_role() AS '%s'" % context[1].replace("'", ""))
        self.context = context


class API(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        path, _, query = self.path.partition("?")
        if path != "/api/v2/statements":
            return self.reply(404, {"code": "390404", "message": "unknown path"})
        length = int(self.headers.get("Content-Length") or 0)
        try:
            request = json.loads(self.rfile.read(length) or b"{}")
        except ValueError:
            return self.reply(400, {"code": "390142", "message": "Incoming request does not contain a valid payload."})
        status, body = engine.run(request)
        handle = body["statementHandle"]
        results[handle] = (status, body)
        while len(results) > 200:
            results.pop(next(iter(results)))
        if "async=true" in query.split("&"):
            return self.reply(202, {"code": "333334", "message": "Asynchronous execution in progress.",
                                    "statementHandle": handle, "statementStatusUrl": "/api/v2/statements/" + handle})
        self.reply(status, body)

    def do_GET(self):
        path = self.path.partition("?")[0]
        if path == "/api/v2/health":
            return self.reply(200, {"engine": "fakesnow", "version": fakesnow.__version__ if hasattr(fakesnow, "__version__") else "?"})
        handle = path.rsplit("/", 1)[-1]
        if handle not in results:
            return self.reply(422, {"code": "000709", "message": "Statement %s not found" % handle, "sqlState": "02000",
                                    "statementHandle": handle})
        self.reply(*results[handle])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--warehouse", default="LOAD_WH")
    parser.add_argument("--role", default="LOADER")
    args = parser.parse_args()
    engine = Engine(args.warehouse, args.role)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), API)
    print("fakesnow SQL API on %d" % args.port, flush=True)
    server.serve_forever()
