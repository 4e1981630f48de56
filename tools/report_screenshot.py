"""Regenerate examples/seed_report.html and examples/report.png (the README's picture of the report,
with q10's card open) with headless Chromium.

    python tools/report_screenshot.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = "seeds/000_13e5bbda91499c74.txt"


def main() -> None:
    page = ROOT / "examples" / "seed_report.html"
    subprocess.run([sys.executable, "-m", "statemint", "report", SEED, "-o", str(page), "-q", "-w", "1"],
                   cwd=ROOT, check=True)
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    with tempfile.TemporaryDirectory() as folder:
        # Chromium's headless screenshots ignore a #fragment; a copy of the page clicks q10 itself.
        shot = Path(folder) / "shot.html"
        shot.write_text(page.read_text(encoding="utf-8").replace(
            "</body></html>", '<script>document.getElementById("d0-q10").click()</script></body></html>'),
            encoding="utf-8")
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                        f"--user-data-dir={folder}/profile", f"--screenshot={ROOT / 'examples' / 'report.png'}",
                        "--window-size=1400,1000", shot.as_uri()], check=True, capture_output=True, timeout=120)
    print("wrote examples/seed_report.html and examples/report.png")


if __name__ == "__main__":
    main()
