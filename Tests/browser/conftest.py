"""Browser tests: the real `rebound` binary on 127.0.0.1 with a fresh SQLite file, driven by
Debian's chromium and chromium-driver through selenium."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("REBOUND_BINARY", os.path.join(ROOT, ".build", "debug", "rebound"))
SCREENSHOTS = os.environ.get("REBOUND_SCREENSHOTS", os.path.join(ROOT, "docs", "screenshots"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def server():
    directory = tempfile.mkdtemp(prefix="rebound-browser-")
    port = free_port()
    env = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="warning", REBOUND_WEBHOOK_ALLOWED_HOSTS="127.0.0.1")
    process = subprocess.Popen(
        [BINARY, "serve", "--database", os.path.join(directory, "rebound.sqlite"), "--port", str(port)], env=env)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/health", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    else:
        process.kill()
        raise RuntimeError("the server did not start")
    yield base
    process.terminate()
    process.wait(timeout=20)
    shutil.rmtree(directory, ignore_errors=True)


def make_driver(width=1280, height=900, phone=False):
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    if phone:
        # Headless windows have a minimum width; emulate the phone's viewport instead.
        options.add_experimental_option("mobileEmulation", {"deviceMetrics": {"width": width, "height": height, "pixelRatio": 2}})
    for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", f"--window-size={width},{height}"]:
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.implicitly_wait(2)
    return driver


@pytest.fixture(scope="session")
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def second_browser():
    driver = make_driver()
    yield driver
    driver.quit()
