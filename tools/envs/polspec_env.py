"""The environment side of polspec's environment protocol (docs/env-protocol.md).

An adapter describes its environment and answers reset and step requests; `serve(adapter)`
speaks the protocol over the process's stdin and stdout. Only the standard library is needed
(numpy arrays are accepted where lists are).

    class MyEnv:
        def describe(self): return {...}                     # the hello's fields, see below
        def reset(self, task, seed, expert): return {...}    # obs, instruction, expert_action
        def step(self, action): return {...}                 # obs, reward, success, done, expert_action

    if __name__ == "__main__":
        serve(MyEnv())

`describe()` returns a dict with the keys of the hello reply except `type`, `protocol` and
`encoding`: `env` {name, version, adapter, info}, `tasks` [{name, group, instruction}],
`groups`, `task_sets` [{name, tasks}], `default_tasks`, `observation` [{name, kind, shape,
privileged}], `action` {dim, low, high}, `max_steps`, `expert`.

Anything the environment prints to stdout (library warnings) is sent to stderr instead: the
protocol owns the real stdout.
"""

import array
import base64
import json
import os
import struct
import sys
import time
import traceback

PROTOCOL = 1
ENCODINGS = ("binary", "json")
# Largest message header (JSON) and binary payload accepted from polspec.
MAX_HEADER = 1 << 20
MAX_DATA = 1 << 30


class ProtocolError(Exception):
    """A request that does not follow the protocol; the server answers with an error message."""


def _tolist(values):
    return values.tolist() if hasattr(values, "tolist") else list(values)


def _float32_bytes(values):
    if hasattr(values, "astype"):
        return values.astype("<f4", copy=False).tobytes()
    data = array.array("f", [float(v) for v in values])
    if sys.byteorder == "big":
        data.byteswap()
    return data.tobytes()


def _uint8_bytes(values):
    if hasattr(values, "astype"):
        return values.astype("u1", copy=False).tobytes()
    return bytes(values)


def _float32_values(data):
    values = array.array("f")
    values.frombytes(data)
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


class Channel:
    """Reads requests from `source` and writes replies to `sink` (binary file objects)."""

    def __init__(self, source, sink):
        self.source = source
        self.sink = sink
        self.encoding = "json"

    def read(self):
        """The next request as (header dict, payload bytes); None at end of input."""
        if self.encoding == "json":
            line = self.source.readline(MAX_HEADER + 1)
            if not line:
                return None
            if len(line) > MAX_HEADER:
                raise ProtocolError("request line longer than %d bytes" % MAX_HEADER)
            try:
                return json.loads(line), b""
            except ValueError as error:
                raise ProtocolError("request is not JSON: %s" % error)
        prefix = self._exactly(8)
        if prefix is None:
            return None
        header_size, data_size = struct.unpack("<II", prefix)
        if header_size > MAX_HEADER or data_size > MAX_DATA:
            raise ProtocolError("frame of %d + %d bytes is too large" % (header_size, data_size))
        body = self._exactly(header_size + data_size)
        if body is None:
            raise ProtocolError("input ended inside a frame")
        try:
            return json.loads(body[:header_size]), body[header_size:]
        except ValueError as error:
            raise ProtocolError("frame header is not JSON: %s" % error)

    def _exactly(self, count):
        chunks, missing = [], count
        while missing > 0:
            chunk = self.source.read(missing)
            if not chunk:
                if missing == count:
                    return None
                raise ProtocolError("input ended inside a frame")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def write(self, header, data=b""):
        if self.encoding == "json":
            self.sink.write(json.dumps(header, allow_nan=False, separators=(",", ":")).encode() + b"\n")
        else:
            encoded = json.dumps(header, allow_nan=False, separators=(",", ":")).encode()
            self.sink.write(struct.pack("<II", len(encoded), len(data)) + encoded + data)
        self.sink.flush()


class Server:
    """Answers polspec's requests with an adapter's describe, reset and step."""

    def __init__(self, adapter, channel):
        self.adapter = adapter
        self.channel = channel
        self.description = None
        self.fields = []
        self.action_dim = 0

    def run(self):
        while True:
            try:
                request = self.channel.read()
            except ProtocolError as error:
                self._error(str(error))
                return 1
            if request is None:
                return 0
            header, data = request
            kind = header.get("type") if isinstance(header, dict) else None
            if kind == "close":
                return 0
            try:
                if kind == "hello":
                    self._hello(header)
                elif self.description is None:
                    raise ProtocolError("the first request must be hello, got %r" % kind)
                elif kind == "reset":
                    self._observation("observation", self._call_reset(header))
                elif kind == "step":
                    self._observation("step", self.adapter.step(self._action(header, data)))
                else:
                    raise ProtocolError("unknown request type %r" % kind)
            except ProtocolError as error:
                self._error(str(error))
            except Exception as error:  # the environment's own failure: report it, keep serving
                traceback.print_exc(file=sys.stderr)
                self._error("%s: %s" % (type(error).__name__, error))

    def _hello(self, header):
        if header.get("protocol") != PROTOCOL:
            raise ProtocolError("polspec speaks protocol %r, this adapter %d" % (header.get("protocol"), PROTOCOL))
        offered = header.get("encodings") or ["json"]
        encoding = next((e for e in offered if e in ENCODINGS), None)
        if encoding is None:
            raise ProtocolError("no common encoding in %r" % (offered,))
        self.description = dict(self.adapter.describe())
        self.fields = self.description["observation"]
        self.action_dim = int(self.description["action"]["dim"])
        reply = dict(self.description, type="hello", protocol=PROTOCOL, encoding=encoding)
        self.channel.write(reply)
        self.channel.encoding = encoding

    def _call_reset(self, header):
        task, seed = header.get("task"), header.get("seed")
        if not isinstance(task, str) or not isinstance(seed, int) or isinstance(seed, bool):
            raise ProtocolError("reset needs a task name and an integer seed")
        return self.adapter.reset(task, seed, bool(header.get("expert", False)))

    def _action(self, header, data):
        if self.channel.encoding == "binary":
            if len(data) != 4 * self.action_dim:
                raise ProtocolError("step payload of %d bytes; expected %d" % (len(data), 4 * self.action_dim))
            return _float32_values(data)
        action = header.get("action")
        if not isinstance(action, list) or len(action) != self.action_dim:
            raise ProtocolError("step needs an action of %d numbers" % self.action_dim)
        return [float(a) for a in action]

    def _observation(self, kind, result):
        header = {"type": kind}
        for key in ("instruction", "reward", "success", "done"):
            if key in result and result[key] is not None:
                value = result[key]
                header[key] = bool(value) if key in ("success", "done") else (float(value) if key == "reward" else value)
        obs = result["obs"]
        expert = result.get("expert_action")
        if self.channel.encoding == "json":
            header["obs"] = {
                f["name"]: (base64.b64encode(_uint8_bytes(obs[f["name"]])).decode() if f["kind"] == "uint8"
                            else [float(v) for v in _tolist(obs[f["name"]])])
                for f in self.fields
            }
            if expert is not None:
                header["expert_action"] = [float(v) for v in _tolist(expert)]
            self.channel.write(header)
            return
        parts = [(_uint8_bytes if f["kind"] == "uint8" else _float32_bytes)(obs[f["name"]]) for f in self.fields]
        header["data"] = ["obs"]
        if expert is not None:
            parts.append(_float32_bytes(expert))
            header["data"].append("expert_action")
        self.channel.write(header, b"".join(parts))

    def _error(self, message):
        try:
            self.channel.write({"type": "error", "message": message})
        except (BrokenPipeError, OSError):
            pass


def serve(adapter):
    """Serves `adapter` over stdin/stdout until polspec sends close or input ends; exits the process."""
    protocol_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # stray prints of the environment go to stderr
    sys.stdout = sys.stderr
    code = Server(adapter, Channel(sys.stdin.buffer, protocol_out)).run()
    try:
        protocol_out.close()
    except OSError:
        pass
    sys.exit(code)


def steps_per_second(reset, step, tasks, steps, repeats):
    """Steps per second of an environment stepped directly, without the protocol (an adapter's
    `--speed`, the baseline of `polspec bench speed --env`): episodes over `tasks` in turn,
    `reset(task, index)` before each (not timed; it returns the episode's step cap), `step()`
    timed; the median of `repeats` runs of `steps` steps."""
    rates = []
    for _ in range(repeats):
        stepped, seconds, resets = 0, 0.0, 0
        while stepped < steps:
            cap = reset(tasks[resets % len(tasks)], resets)
            resets += 1
            started = time.perf_counter()
            for _ in range(min(cap, steps - stepped)):
                step()
                stepped += 1
            seconds += time.perf_counter() - started
        rates.append(stepped / seconds)
    return sorted(rates)[len(rates) // 2]
