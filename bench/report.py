"""bench/RESULTS.md: every benchmark writes its own section there, with write_section."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def write_section(text: str, title: str) -> None:
    """Replace (or append) the section whose heading is exactly ``## <title>`` in bench/RESULTS.md;
    `text` is the whole section, its heading included."""
    current = RESULTS.read_text("utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    heading = f"## {title}\n"
    start = current.find(heading)
    if start == -1:
        updated = current.rstrip("\n") + "\n\n" + text
    else:
        end = current.find("\n## ", start + 1)
        updated = current[:start] + text.rstrip("\n") + ("\n\n" + current[end + 1 :] if end != -1 else "")
    RESULTS.write_text(updated.rstrip("\n") + "\n", "utf-8")
