"""`flask demo` tells a newcomer what it is doing and where the server will answer."""

from views.cli.demo import _address


def test_demo_prints_the_address_from_host_and_port_and_shows_progress(app, runner):
    result = runner.invoke(args=["demo"], env={"PORT": "8123", "HOST": "0.0.0.0"})
    assert result.exit_code == 0, result.output
    assert "Sign in at http://127.0.0.1:8123 with" in result.output
    assert ":5000" not in result.output
    lines = result.output.splitlines()
    building = next(i for i, line in enumerate(lines) if line.startswith("Building the demo rounds"))
    first_round = next(i for i, line in enumerate(lines) if line.startswith("  Added round"))
    assert lines.index("Adding the office, organisations and people…") < building < first_round


def test_demo_refuses_a_port_no_server_can_use(app, runner):
    refused = runner.invoke(args=["demo", "--port", "99999"])
    assert refused.exit_code == 2 and "99999" in refused.output


def test_the_printed_address_is_one_a_browser_can_open():
    assert _address("127.0.0.1", 5000) == "http://127.0.0.1:5000"
    assert _address("0.0.0.0", 8080) == "http://127.0.0.1:8080"
    assert _address("::", 8080) == "http://localhost:8080"
    assert _address("::1", 8080) == "http://[::1]:8080"
    assert _address("assurance.local", 80) == "http://assurance.local:80"
