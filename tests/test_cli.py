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


def test_check_parser_counts_right_missed_and_invented_figures(tmp_path, corpus_dir):
    import json
    import shutil

    reports, gold = tmp_path / "reports" / "seeds", tmp_path / "gold"
    reports.mkdir(parents=True)
    gold.mkdir()
    for name in ("002_d5ce5f19a4ad4817.txt", "003_74453bcb8a5ffe2c.txt"):
        shutil.copy(corpus_dir / "seeds" / name, reports / name)
        shutil.copy(f"tests/gold/seeds__{name}.json", gold / f"seeds__{name}.json")
    # A gold file that disagrees with the report must show as a miss, not pass.
    edited = json.loads((gold / "seeds__002_d5ce5f19a4ad4817.txt.json").read_text("utf-8"))
    edited["figures"]["requests_received_total"]["value"] = 9
    (gold / "seeds__002_d5ce5f19a4ad4817.txt.json").write_text(json.dumps(edited), "utf-8")

    result = CliRunner().invoke(
        main, ["check-parser", "--reports", str(tmp_path / "reports"), "--gold", str(gold)]
    )
    assert result.exit_code == 0, result.output
    assert "seeds/002_d5ce5f19a4ad4817.txt" in result.output
    assert "missed:   figure requests_received_total: read 8.0/number" in result.output
    assert "figures right: 77/79" in result.output  # 12/13, and 65/66 with its one known miss
    assert "invented: 0" in result.output
