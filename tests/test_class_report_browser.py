"""The class report in a real browser: Debian's chromium, headless, shows its plots and table.

An HTML parser checks the page's structure in every run (test_class.py); this checks that a
browser renders it: each plot decodes to an image of its size, the table has its rows, and the
screenshot shows the plots' colour. `.ci/run` installs chromium and sets RNN_REQUIRE_BROWSER=1,
so in CI a missing browser fails this test; elsewhere it skips.
"""

import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

from rnn_bptt import cli, class_report

REPO = Path(__file__).resolve().parents[1]
BROWSERS = ("chromium", "chromium-browser", "chromium-headless-shell")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def browser():
    found = next((shutil.which(name) for name in BROWSERS if shutil.which(name)), None)
    if found is None:
        message = (f"no headless browser ({', '.join(BROWSERS)}); Debian's package: "
                   f"apt-get install chromium")
        if os.environ.get("RNN_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return found


@pytest.fixture(scope="module")
def report_page(tmp_path_factory):
    """A report of three submissions: right, half done, and a syntax error."""
    folder = tmp_path_factory.mktemp("browser")
    reference = (REPO / "solutions" / "rnn.py").read_text(encoding="utf-8")
    (folder / "subs").mkdir()
    (folder / "subs" / "right.py").write_text(reference)
    (folder / "subs" / "half.py").write_text(reference.split("def softmax", 1)[0])
    (folder / "subs" / "broken.py").write_text("def rnn_step(:\n")
    page = folder / "report.html"
    assert cli.main(["grade", str(folder / "subs"), "--json", str(folder / "results.json"),
                     "--report", str(page)]) == 0
    return page


# Run in the page once it has loaded: what the browser made of the images and the table.
PROBE = """<script>
window.addEventListener("load", () => {
  const seen = {
    images: [...document.images].map(image => ({id: image.id, complete: image.complete,
      width: image.naturalWidth, height: image.naturalHeight})),
    rows: document.querySelectorAll("#submissions tbody tr").length,
    tableHeight: document.getElementById("submissions").getBoundingClientRect().height};
  const probe = document.createElement("pre");
  probe.id = "probe";
  probe.textContent = JSON.stringify(seen);
  document.body.appendChild(probe);
});
</script>"""


def run_browser(browser, profile, *arguments):
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
         f"--user-data-dir={profile}", "--virtual-time-budget=10000", *arguments],
        capture_output=True, text=True, check=True)


class ProbeReader(HTMLParser):
    def __init__(self):
        super().__init__()
        self.inside, self.text = False, ""

    def handle_starttag(self, tag, attrs):
        self.inside = dict(attrs).get("id") == "probe"

    def handle_data(self, data):
        if self.inside:
            self.text += data


def test_the_browser_shows_the_plots_and_the_table(browser, report_page, tmp_path):
    probed = tmp_path / "probed.html"
    probed.write_text(report_page.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"),
                      encoding="utf-8")
    dom = run_browser(browser, tmp_path / "profile", "--dump-dom", probed.as_uri()).stdout
    reader = ProbeReader()
    reader.feed(dom)
    seen = json.loads(reader.text)
    assert [image["id"] for image in seen["images"]] == ["score-distribution",
                                                         "question-distribution"]
    for image in seen["images"]:
        assert image["complete"] and image["width"] > 300 and image["height"] > 150, image
    assert seen["rows"] == 3 and seen["tableHeight"] > 0


def test_the_screenshot_shows_the_plots(browser, report_page, tmp_path):
    from PIL import Image   # matplotlib's dependency, in the [report] extra

    shot = tmp_path / "shot.png"
    run_browser(browser, tmp_path / "profile", "--window-size=1200,1400",
                f"--screenshot={shot}", report_page.as_uri())
    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    bar = np.array([int(class_report.COLOUR[i:i + 2], 16) for i in (1, 3, 5)])
    # The histogram's bars and the box plot's medians are drawn in the plots' colour.
    assert (np.abs(pixels - bar).sum(axis=2) < 30).sum() > 500
