"""Email end to end through the real `rebound` binary: a server configured with a local aiosmtpd relay on
127.0.0.1 sends a rep's reminder on its own (REBOUND_EMAIL_INTERVAL=1), in the rep's time zone; the HTML
part is rendered in chromium for docs/screenshots/email-reminder.png; the one-click unsubscribe link turns
that kind off; the pages show times in the member's zone (docs/screenshots/*-chicago.png)."""
import datetime
import json
import os
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from email import policy
from email.parser import BytesParser

import pytest
from aiosmtpd.controller import Controller
from selenium.webdriver.common.by import By

from conftest import BINARY, free_port, make_driver
from test_web import click_button, fill, shoot

ADMIN = {"teamName": "Acme Sales", "name": "Ada Admin", "email": "ada@acme.test", "password": "correct horse battery"}
REP = {"name": "Rita Rep", "email": "rita@acme.test", "role": "rep", "password": "another good one"}


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.original_content))
        return "250 OK"


def call(base, method, path, body=None, token=None, form=None):
    headers = {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    if form is not None:
        data = form.encode()
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    request = urllib.request.Request(base + path, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.fixture(scope="module")
def mailed():
    inbox = Inbox()
    relay = Controller(inbox, hostname="127.0.0.1", port=free_port())
    relay.start()
    directory = tempfile.mkdtemp(prefix="rebound-email-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = dict(os.environ, REBOUND_BCRYPT_COST="4", REBOUND_LOG_LEVEL="warning", REBOUND_EMAIL_INTERVAL="1",
               REBOUND_SMTP_URL=f"smtp://127.0.0.1:{relay.port}", REBOUND_EMAIL_FROM="Rebound <rebound@acme.test>",
               REBOUND_PUBLIC_URL=base)
    process = subprocess.Popen([BINARY, "serve", "--database", os.path.join(directory, "rebound.sqlite"), "--port", str(port)], env=env)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(base + "/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        status, body = call(base, "POST", "/api/v1/setup", ADMIN)
        assert status == 201, body
        admin = json.loads(body)["token"]
        assert call(base, "PATCH", "/api/v1/team", {"timeZone": "America/Chicago"}, admin)[0] == 200
        assert call(base, "POST", "/api/v1/members", REP, admin)[0] == 201
        status, body = call(base, "POST", "/api/v1/sessions", {"email": REP["email"], "password": REP["password"]})
        rep = json.loads(body)["token"]
        status, body = call(base, "POST", "/api/v1/accounts", {"name": "Globex <Logistics>"}, admin)
        account = json.loads(body)["id"]
        # A bad call yesterday: its reflection is due within the hour, so the reminder goes now.
        when = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=23, minutes=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
        status, body = call(base, "POST", "/api/v1/interactions",
                            {"accountId": account, "kind": "call", "outcome": "bad", "occurredAt": when, "participants": ["Pat"]}, rep)
        assert status == 201, body
        for _ in range(300):
            if inbox.messages:
                break
            time.sleep(0.1)
        yield {"base": base, "inbox": inbox, "admin": admin, "rep": rep, "directory": directory}
    finally:
        process.terminate()
        process.wait(timeout=20)
        relay.stop()
        shutil.rmtree(directory, ignore_errors=True)


def parsed(raw):
    return BytesParser(policy=policy.default).parsebytes(raw)


def test_the_server_sends_the_reps_reminder_on_its_own_in_her_zone_with_escaped_html(mailed):
    assert mailed["inbox"].messages, "no email arrived within 30 s"
    recipients, raw = mailed["inbox"].messages[0]
    message = parsed(raw)
    assert recipients == ["rita@acme.test"]
    # The server's public URL is plain http here: RFC 8058's one-click header needs https, so the
    # message has none and its footer carries the link (NudgeTests checks the header over https).
    assert message["List-Unsubscribe"] is None
    html = message.get_body(("html",)).get_content()
    text = message.get_body(("plain",)).get_content()
    assert "Globex &lt;Logistics&gt;" in html and "<Logistics>" not in html
    assert "Globex <Logistics>" in text
    assert "GMT-6" in text or "CST" in text, "times are in the team's zone, Chicago"

    page = os.path.join(mailed["directory"], "email.html")
    with open(page, "w", encoding="utf-8") as f:
        f.write(html)
    driver = make_driver(width=720, height=900)
    try:
        driver.get("file://" + page)
        shoot_email(driver)
    finally:
        driver.quit()


def shoot_email(driver):
    from conftest import SCREENSHOTS
    os.makedirs(SCREENSHOTS, exist_ok=True)
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
    driver.set_window_size(720, min(max(height + 140, 600), 2000))
    driver.save_screenshot(os.path.join(SCREENSHOTS, "email-reminder.png"))


def test_one_click_unsubscribe_turns_that_kind_off(mailed):
    _, raw = mailed["inbox"].messages[0]
    text = parsed(raw).get_body(("plain",)).get_content()
    link = next(line.split(": ", 1)[1] for line in text.splitlines() if line.startswith("Stop these emails: "))
    assert link.startswith(mailed["base"] + "/unsubscribe/")
    path = link[len(mailed["base"]):]
    assert call(mailed["base"], "GET", path)[0] == 200
    status, body = call(mailed["base"], "GET", "/api/v1/me/email", token=mailed["rep"])
    assert json.loads(body)["off"] == []
    status, body = call(mailed["base"], "POST", path, form="List-Unsubscribe=One-Click")
    assert status == 200 and b"no longer emails you" in body
    status, body = call(mailed["base"], "GET", "/api/v1/me/email", token=mailed["rep"])
    assert json.loads(body)["off"] in (["reflectionDue"], ["reflectionOverdue"])


def test_pages_show_times_in_the_members_zone_and_the_email_settings(mailed):
    driver = make_driver()
    try:
        driver.get(mailed["base"] + "/login")
        fill(driver, "email", REP["email"])
        fill(driver, "password", REP["password"])
        click_button(driver, "Log in")
        # Rita has no zone of her own: the page offers the browser's, which is not the team's Chicago.
        offer = driver.find_element(By.CSS_SELECTOR, "form[data-browser-zone]")
        assert offer.is_displayed() and "America/Chicago" in offer.text
        shoot(driver, "home-chicago")
        driver.find_element(By.CSS_SELECTOR, "main a[href^='/reflections/']").click()
        main = driver.find_element(By.TAG_NAME, "main").text
        assert ("GMT-6" in main or "CST" in main) and " UTC" not in main
        shoot(driver, "reflection-chicago")
        driver.get(mailed["base"] + "/settings/email")
        assert "America/Chicago" in driver.page_source
        shoot(driver, "settings-email")
        # Taking the home page's offer stores the browser's zone (headless chromium's is UTC) as hers.
        driver.get(mailed["base"] + "/")
        click_button(driver, "Use my browser's zone")
        status, body = call(mailed["base"], "GET", "/api/v1/me", token=mailed["rep"])
        assert json.loads(body)["timeZone"] == driver.execute_script("return Intl.DateTimeFormat().resolvedOptions().timeZone")
        assert not driver.find_elements(By.CSS_SELECTOR, "form[data-browser-zone]")
    finally:
        driver.quit()
