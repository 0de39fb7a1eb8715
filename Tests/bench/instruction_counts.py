"""Instructions executed, counted under qemu-user with Tests/bench/instruction_count.c: figures that do
not move when the machine is busy, so a regression shows on a noisy machine where wall time cannot.

- a build: the whole process, start to exit;
- a server: only a window of requests, read from the plugin's counter file before and after.

Why not callgrind: see instruction_count.c.
"""
import http.client
import shutil
import struct
import subprocess
from pathlib import Path

PLUGIN_SOURCE = Path(__file__).with_name("instruction_count.c")


class Unavailable(Exception):
    """qemu-x86_64 or a C compiler is missing, or the plugin does not build."""


class Counter:
    """The plugin built once into `folder`; `prefix(out)` runs a program counted into the file `out`."""

    def __init__(self, folder: Path):
        self.qemu = shutil.which("qemu-x86_64")
        compiler = shutil.which("cc") or shutil.which("clang")
        if not self.qemu or not compiler:
            raise Unavailable("needs qemu-x86_64 (apt-get install qemu-user) and a C compiler")
        self.plugin = folder / "instruction_count.so"
        result = subprocess.run([compiler, "-O2", "-shared", "-fPIC", "-fvisibility=hidden", "-o", str(self.plugin),
                                 str(PLUGIN_SOURCE)], capture_output=True, text=True)
        if result.returncode != 0:
            raise Unavailable(f"the plugin did not build:\n{result.stderr[-2000:]}")

    def prefix(self, out: Path) -> list:
        """Put before a program's path (qemu-user does not search PATH: give it whole, see `located`)."""
        return [self.qemu, "-plugin", f"{self.plugin},out={out}"]

    @staticmethod
    def located(argv: list) -> list:
        return [shutil.which(argv[0]) or argv[0], *argv[1:]]

    @staticmethod
    def read(out: Path) -> int:
        return struct.unpack("<Q", out.read_bytes()[:8])[0]

    def run(self, argv: list, cwd: Path, out: Path, log_prefix: str) -> int:
        """Runs argv to completion under the counter: the instructions it executed."""
        with open(f"{log_prefix}.stdout", "w") as stdout, open(f"{log_prefix}.stderr", "w") as stderr:
            status = subprocess.run(self.prefix(out) + self.located(argv), cwd=cwd, stdout=stdout, stderr=stderr).returncode
        if status != 0:
            raise RuntimeError(f"{argv[0]} under qemu exited with status {status} (see {log_prefix}.stderr)")
        return self.read(out)


def post_many(host: str, port: int, path: str, body: str, headers: dict, count: int, expect: int) -> None:
    """`count` POSTs one after another on one kept-alive connection; each must answer `expect`."""
    connection = http.client.HTTPConnection(host, port, timeout=120)
    try:
        for index in range(count):
            connection.request("POST", path, body=body.encode(), headers=headers)
            response = connection.getresponse()
            response.read()
            if response.status != expect:
                raise RuntimeError(f"POST {path} #{index + 1} answered {response.status}, not {expect}")
    finally:
        connection.close()


def window(counter_file: Path, work) -> int:
    """Instructions the counted process executed while `work()` ran."""
    before = Counter.read(counter_file)
    work()
    return Counter.read(counter_file) - before
