"""What the tests share: post texts, hostile files, window helpers, the fixtures folder."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
