"""Every connection the server accepts has Nagle's algorithm off, whatever the number of workers."""

import socket

from circuitgrad.app import serving
from uvicorn.importer import import_from_string


class FakeTransport:
    def __init__(self, sock):
        self.sock = sock

    def get_extra_info(self, name):
        return self.sock if name == "socket" else None


def test_set_no_delay_turns_nagle_off_on_a_tcp_connection():
    with socket.create_server(("127.0.0.1", 0)) as listener, socket.create_connection(listener.getsockname()):
        accepted, _ = listener.accept()
        with accepted:
            accepted.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 0)
            serving.set_no_delay(FakeTransport(accepted))
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def test_set_no_delay_ignores_transports_without_a_tcp_socket():
    serving.set_no_delay(FakeTransport(None))
    left, right = socket.socketpair()
    with left, right:
        serving.set_no_delay(FakeTransport(left))
        assert left.family == socket.AF_UNIX


def test_the_server_uses_a_protocol_that_sets_no_delay():
    protocol = import_from_string(serving.HTTP_PROTOCOL)
    assert protocol.connection_made.__module__ == serving.__name__
