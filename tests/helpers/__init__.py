"""What the tests share: post texts, hostile files, window helpers, the fixtures folder."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def write_post(folder: Path, rel: str, front_matter: str = "title: A post", body: str = "") -> Path:
    """Write the post ``folder/rel`` (making its folders) with this front matter and body."""
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\n{front_matter}\n---\n{body}", encoding="utf-8")
    return path
