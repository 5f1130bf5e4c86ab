"""Headless Chromium from the system's packages, driven by Selenium: what the
page tests (tests/test_page.py) and the screenshot script (docs/screenshot.py)
look at the derivation pages with. Nothing is downloaded: the browser and its
driver are Debian's (INSTALL), or the tests that need them are skipped.
"""
import shutil
import tempfile
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
INSTALL = "apt-get install -y chromium chromium-driver"
# No network, no first-run work, nothing synchronised: the page is a local file.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars")


def missing():
    """Why no browser can be started here (a sentence saying how to get one), or None."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed: run `make` (requirements-dev.txt pins it)"
    absent = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if absent:
        return f"no {' or '.join(absent)}: install them with `{INSTALL}` (as root)"
    return None


class Browser:
    """One Chromium session, in a fresh profile folder removed at close()."""

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service

        self.profile = tempfile.mkdtemp(prefix="chromium-profile-")
        options = webdriver.ChromeOptions()
        options.binary_location = str(CHROMIUM)
        for flag in (*FLAGS, f"--user-data-dir={self.profile}"):
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)

    def open(self, path, width, height=900, media="screen"):
        """Load the file at `path` in a viewport `width` x `height` CSS pixels, as `media`."""
        self.size(width, height, media)
        self.driver.get(Path(path).resolve().as_uri())

    def size(self, width, height=900, media="screen"):
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
        self.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": media})

    def console_errors(self):
        """The console's errors since the last call."""
        return [e["message"] for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

    def run(self, script, *args):
        return self.driver.execute_script(script, *args)

    def screenshot(self, path, full=True):
        """A PNG of the page, all of it when `full` (Chromium's beyond-the-viewport capture)."""
        import base64

        shot = self.driver.execute_cdp_cmd("Page.captureScreenshot", {
            "format": "png", "captureBeyondViewport": full})
        Path(path).write_bytes(base64.b64decode(shot["data"]))

    def pdf(self, path, paper):
        """The page printed to PDF on `paper` ((width, height) in inches)."""
        import base64

        done = self.driver.execute_cdp_cmd("Page.printToPDF", {
            "paperWidth": paper[0], "paperHeight": paper[1], "printBackground": True,
            "preferCSSPageSize": False})
        Path(path).write_bytes(base64.b64decode(done["data"]))

    def close(self):
        self.driver.quit()
        shutil.rmtree(self.profile, ignore_errors=True)
