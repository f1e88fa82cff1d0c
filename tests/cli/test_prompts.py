"""Passphrases typed at a terminal: `odesk init` asks twice and refuses a mismatch; `odesk passwd`
asks for the new one twice; nothing is echoed. Run in a real pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import sys
import time

from .conftest import Cli


class Terminal:
    def __init__(self, cli: Cli, *args: str) -> None:
        env = {k: v for k, v in cli.env.items() if k != "ODESK_PASSPHRASE"}
        argv = [sys.executable, "-m", "odesk", *args, "--data-dir", str(cli.data)]
        pid, fd = pty.fork()
        if pid == 0:  # the child: a session with this pty as its controlling terminal
            os.chdir(cli.root)
            os.execve(sys.executable, argv, env)
        self.pid, self.fd, self.seen = pid, fd, b""

    def expect(self, text: str, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while text.encode() not in self.seen:
            left = deadline - time.monotonic()
            assert left > 0, f"waited for {text!r}, saw {self.seen!r}"
            ready, _, _ = select.select([self.fd], [], [], left)
            if ready:
                try:
                    chunk = os.read(self.fd, 4096)
                except OSError:
                    chunk = b""
                assert chunk, f"terminal closed waiting for {text!r}, saw {self.seen!r}"
                self.seen += chunk

    def type(self, line: str) -> None:
        os.write(self.fd, line.encode() + b"\n")

    def exit_code(self) -> int:
        while True:  # drain, so the child never blocks on a full terminal
            try:
                chunk = os.read(self.fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            self.seen += chunk
        _, status = os.waitpid(self.pid, 0)
        os.close(self.fd)
        return os.waitstatus_to_exitcode(status)


def test_init_and_passwd_at_a_terminal(cli: Cli) -> None:
    mismatch = Terminal(cli, "init")
    mismatch.expect("New passphrase for the store: ")
    mismatch.type("typed secret one")
    mismatch.expect("again: ")
    mismatch.type("typed secret two")
    assert mismatch.exit_code() == 1
    assert b"the two passphrases differ" in mismatch.seen
    assert not (cli.data / "vault.json").exists()

    init = Terminal(cli, "init")
    init.expect("New passphrase for the store: ")
    init.type("typed secret one")
    init.expect("again: ")
    init.type("typed secret one")
    assert init.exit_code() == 0
    assert b"typed secret" not in init.seen  # never echoed

    passwd = Terminal(cli, "passwd")
    passwd.expect("Passphrase: ")
    passwd.type("typed secret one")
    passwd.expect("New passphrase: ")
    passwd.type("typed secret three")
    passwd.expect("New passphrase again: ")
    passwd.type("typed secret three")
    assert passwd.exit_code() == 0
    assert b"typed secret" not in passwd.seen
    check = cli.run("check", env={"ODESK_PASSPHRASE": "typed secret three"})
    assert check.code == 0 and "result: OK" in check.out
