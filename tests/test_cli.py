"""The command line explains itself and refuses bad arguments clearly."""

from click.testing import CliRunner

from ogi.cli import main


def test_help_explains_each_command():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("refresh", "generate-demo", "summary"):
        assert command in result.output
    refresh_help = CliRunner().invoke(main, ["refresh", "--help"]).output
    assert "--inbox" in refresh_help and "--warehouse" in refresh_help and "rejected_inputs" in refresh_help


def test_a_missing_inbox_is_a_usage_error_not_a_traceback(tmp_path):
    result = CliRunner().invoke(main, ["refresh", "--inbox", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "is not a directory" in result.output
