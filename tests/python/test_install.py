"""psutil_rs.install(): later `import psutil` and `import psutil.X` give psutil_rs, even
after a real psutil was imported (the oracle venv has psutil 7.2.2 installed)."""

import subprocess
import sys
import textwrap


def _run(code):
    r = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    return r.stdout.split()


def test_install_replaces_a_real_psutil_for_later_imports():
    out = _run(
        """
        import sys
        import psutil as real
        assert real.__name__ == "psutil" and hasattr(real, "_psplatform")
        import psutil_rs
        assert psutil_rs.install() is psutil_rs
        psutil_rs.install()  # a second call adds nothing
        import psutil, psutil._common, psutil._pslinux, psutil._psposix, psutil._ntuples
        from psutil._common import print_color, bytes2human
        finders = [f for f in sys.meta_path if type(f).__name__ == "PsutilAliasFinder"]
        try:
            import psutil._psutil_linux  # psutil's C extension: not taken from the real psutil
            c_ext = "imported"
        except ModuleNotFoundError:
            c_ext = "absent"
        print(psutil is psutil_rs, psutil._common is psutil_rs._common,
              psutil._pslinux is psutil_rs._pslinux, print_color is psutil_rs._common.print_color,
              len(finders), c_ext, real is not psutil)
        """
    )
    assert out == ["True", "True", "True", "True", "1", "absent", "True"]


def test_print_color_without_a_terminal_prints_plain_text():
    out = _run(
        """
        import io
        from psutil_rs._common import hilite, print_color, term_supports_colors
        buf = io.StringIO()
        print_color("hello", color="red", bold=True, file=buf)
        print(repr(buf.getvalue()), term_supports_colors(), hilite("x", "blue"))
        """
    )
    assert out == ["'hello\\n'", "False", "x"]


def test_print_color_on_a_terminal_uses_ansi_codes():
    import os
    import pty

    leader, follower = pty.openpty()
    code = "from psutil_rs._common import print_color; print_color('hi', color='red', bold=True)"
    child = subprocess.Popen([sys.executable, "-c", code], stdout=follower, stderr=subprocess.PIPE)
    os.close(follower)
    out = b""
    while True:
        try:
            chunk = os.read(leader, 1024)
        except OSError:  # EIO: the terminal's other end is closed
            break
        if not chunk:
            break
        out += chunk
    os.close(leader)
    assert child.wait(30) == 0, child.stderr.read()
    assert out == b"\x1b[91;1mhi\x1b[0m\r\n"
