ATTACK = (
    "Reach the network: connect to a TCP listener and send a UDP datagram on the grading machine's loopback, "
    "resolve pypi.org and fetch a URL, at import and inside a function."
)
MODULE = "initializers"
CHECK = "no_network"
SOURCE = r"""
import socket as _socket
import urllib.request as _request


def _reach():
    reached = []
    attempts = {
        "tcp": lambda: _socket.create_connection(("127.0.0.1", int("__TCP__")), timeout=1).sendall(b"hostile"),
        "udp": lambda: _socket.socket(_socket.AF_INET, _socket.SOCK_DGRAM).sendto(
            b"hostile", ("127.0.0.1", int("__UDP__"))
        ),
        "dns": lambda: _socket.getaddrinfo("pypi.org", 443),
        "http": lambda: _request.urlopen("http://pypi.org/simple/", timeout=1).read(100),
    }
    for name, attempt in attempts.items():
        try:
            attempt()
            reached.append(name)
        except Exception as error:
            reached.append(f"{name} failed ({type(error).__name__})")
    ok = [r for r in reached if "failed" not in r and r != "udp"]  # a UDP send "works" with no one listening
    return f"{reached}" + (" ATTACK-SUCCEEDED: network reached" if ok else "")


_AT_IMPORT = _reach()


def compute_fans(shape):
    raise RuntimeError(_AT_IMPORT)


def calculate_gain(nonlinearity, param=None):
    raise RuntimeError(_reach())
"""
