"""Every main flow in a real browser: set up, log in, log a bad call, reflect, open a debrief,
submit a perspective, see the brief; plus escaping, CSRF, privacy, accessibility and screenshots.
The tests run in order and share one server and one admin session."""
import os
import urllib.error
import urllib.parse
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import SCREENSHOTS, make_driver

ADMIN = {"teamName": "Acme Sales", "name": "Ada Admin", "email": "ada@acme.test", "password": "correct horse battery"}
XSS = "<script>window.__xss = 1</script>Globex <b>Logistics</b>"
state = {}


def fill(driver, field_id, value):
    element = driver.find_element(By.ID, field_id)
    element.clear()
    element.send_keys(value)


def click_button(driver, text):
    """Every button submits a form: wait until the next page has replaced this one."""
    for button in driver.find_elements(By.CSS_SELECTOR, "button"):
        if button.text.strip() == text:
            submit(driver, button)
            return
    raise AssertionError(f"no button {text!r} on {driver.current_url}")


def submit(driver, button):
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced(_):
        try:
            page.is_enabled()
            return False
        except Exception:  # stale, or gone mid-navigation: either way the old page is replaced
            return True

    WebDriverWait(driver, 10).until(replaced)
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")


def shoot(driver, name):
    os.makedirs(SCREENSHOTS, exist_ok=True)
    driver.set_window_size(1280, 900)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(1280, min(max(height, 600), 4000))
    driver.save_screenshot(os.path.join(SCREENSHOTS, f"{name}.png"))
    driver.set_window_size(1280, 900)


def serious_accessibility_violations(driver):
    from axe_selenium_python import Axe
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    return [
        f"{v['id']}: {v['help']} at {', '.join(node['target'][0] for node in v['nodes'])}"
        for v in results["violations"] if v["impact"] in ("serious", "critical")]


def test_first_run_setup_creates_the_team_and_signs_in(server, browser):
    browser.get(server + "/")
    assert browser.current_url.endswith("/setup")
    for field in ["teamName", "name", "email", "password"]:
        fill(browser, field, ADMIN[field])
    click_button(browser, "Create team")
    assert browser.find_element(By.TAG_NAME, "h1").text == "My queue"


def test_logout_and_login_again(server, browser):
    click_button(browser, "Log out")
    assert browser.current_url.endswith("/login")
    fill(browser, "email", ADMIN["email"])
    fill(browser, "password", "wrong password!")
    click_button(browser, "Log in")
    assert "do not match" in browser.find_element(By.CSS_SELECTOR, "[role=alert]").text
    fill(browser, "password", ADMIN["password"])
    click_button(browser, "Log in")
    assert browser.find_element(By.TAG_NAME, "h1").text == "My queue"
    shoot(browser, "home-empty")


def test_admin_adds_a_rep_and_an_ops_expert(server, browser):
    browser.get(server + "/settings")
    for name, email, role, topics in [("Rita Rep", "rita@acme.test", "rep", "pricing"), ("Otto Ops", "otto@acme.test", "manager", "operations")]:
        fill(browser, "m-name", name)
        fill(browser, "m-email", email)
        for option in browser.find_elements(By.CSS_SELECTOR, "#m-role option"):
            if option.text == role:
                option.click()
        fill(browser, "m-topics", topics)
        fill(browser, "m-password", "another good one")
        click_button(browser, "Add member")
    table = browser.find_element(By.TAG_NAME, "table").text
    assert "Rita Rep" in table and "Otto Ops" in table and "operations" in table
    shoot(browser, "settings")


def test_logging_a_bad_call_takes_a_short_form_and_opens_the_reflection(server, browser):
    browser.get(server + "/interactions/new")
    fill(browser, "newAccount", XSS)
    browser.find_element(By.CSS_SELECTOR, "input[name=outcome][value=bad]").click()
    fill(browser, "participants", "Pat Customer")
    fill(browser, "summary", "They asked about warehouse integration and I had no answer")
    shoot(browser, "log-call")
    click_button(browser, "Save and reflect")
    assert "/reflections/" in browser.current_url
    state["reflection"] = browser.current_url
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "30 minutes" in page
    assert "private: only you can see it" in page


def test_a_script_in_user_text_is_shown_as_text_and_never_runs(server, browser):
    heading = browser.find_element(By.TAG_NAME, "h1").text
    assert "<script>" in heading and "<b>Logistics</b>" in heading
    assert browser.execute_script("return window.__xss") is None
    assert not browser.find_elements(By.CSS_SELECTOR, "main b")


def test_reflecting_with_a_visible_countdown_and_questions(server, browser):
    click_button(browser, "Start the 30-minute timer")
    countdown = browser.find_element(By.CSS_SELECTOR, ".countdown")
    assert countdown.text.startswith("Time left: 29:") or countdown.text.startswith("Time left: 30:")
    fill(browser, "whatWentWell", "They shared their rollout plan")
    fill(browser, "wordingToChange", "Say 'let me check with ops' instead of guessing")
    fill(browser, "preparation", "Read their warehouse layout before the call")
    click_button(browser, "Save")
    fill(browser, "question-text", "Can you integrate with our warehouse management system?")
    fill(browser, "question-topic", "operations")
    click_button(browser, "Add question")
    assert "warehouse management system" in browser.find_element(By.ID, "questions-heading").find_element(By.XPATH, "..").text
    shoot(browser, "reflection")


def test_another_member_cannot_open_a_private_reflection(server, second_browser):
    second_browser.get(server + "/login")
    fill(second_browser, "email", "rita@acme.test")
    fill(second_browser, "password", "another good one")
    click_button(second_browser, "Log in")
    second_browser.get(state["reflection"])
    assert second_browser.find_element(By.TAG_NAME, "h1").text == "Not found"
    assert "warehouse layout" not in second_browser.page_source
    second_browser.get(server + "/search?q=warehouse+layout")
    assert "warehouse layout" not in second_browser.find_element(By.TAG_NAME, "main").text


def test_a_form_without_the_csrf_token_is_refused_and_changes_nothing(server, browser):
    cookie = browser.get_cookie("rebound_session")["value"]
    request = urllib.request.Request(
        state["reflection"] + "/share", data=b"", method="POST",
        headers={"Cookie": f"rebound_session={cookie}", "Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request)
    assert refused.value.code == 403
    browser.get(state["reflection"])
    assert "private: only you can see it" in browser.find_element(By.TAG_NAME, "main").text


def test_escalating_opens_a_debrief_and_a_perspective_is_submitted(server, browser):
    browser.get(state["reflection"])
    click_button(browser, "Ask for a team debrief")
    assert "/debriefs/" in browser.current_url
    state["debrief"] = browser.current_url
    fill(browser, "text-mental-model", "Pat should have told us about the WMS earlier.")
    submit(browser, browser.find_element(By.ID, "area-mental-model").find_element(By.TAG_NAME, "button"))
    area = browser.find_element(By.ID, "area-mental-model")
    coach = area.find_element(By.CSS_SELECTOR, ".coach").text
    assert "should have" in coach
    click_button(browser, "Submit my perspectives")
    views = browser.find_element(By.ID, "area-mental-model").find_elements(By.CSS_SELECTOR, ".view")
    assert any("Ada Admin" in view.text for view in views)
    shoot(browser, "debrief")


def test_the_follow_up_brief_names_the_elephant_and_the_open_question(server, browser):
    browser.get(state["reflection"])
    submit(browser, browser.find_element(By.LINK_TEXT, "Prepare the follow-up"))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Name the elephant in the room" in page
    assert "Can you integrate with our warehouse management system?" in page
    assert "Still open" in page
    assert "Otto Ops" in page
    shoot(browser, "brief")


def test_the_question_library_answers_and_search_highlights(server, browser):
    browser.get(server + "/questions")
    textarea = browser.find_element(By.CSS_SELECTOR, "textarea[name=answer]")
    textarea.send_keys("Yes: a certified connector for SAP EWM.")
    click_button(browser, "Save answer")
    assert "certified connector" in browser.find_element(By.ID, "answered-q").find_element(By.XPATH, "..").text
    shoot(browser, "questions")
    browser.get(server + "/search?q=connector")
    marks = browser.find_elements(By.CSS_SELECTOR, ".snippet mark")
    assert any(mark.text.lower() == "connector" for mark in marks)
    shoot(browser, "search")


def test_completing_the_reflection_empties_the_queue(server, browser):
    browser.get(state["reflection"])
    click_button(browser, "Save and complete")
    assert browser.find_element(By.TAG_NAME, "h1").text == "My queue"
    assert "Nothing to reflect on" in browser.find_element(By.TAG_NAME, "main").text
    shoot(browser, "home")


def test_insights_draw_svg_charts_about_themes_never_people(server, browser):
    browser.get(server + "/insights")
    charts = browser.find_elements(By.CSS_SELECTOR, "svg.chart")
    assert charts, "no chart on the insights page"
    assert charts[0].find_element(By.TAG_NAME, "title").get_attribute("textContent") == "Failures and completed reflections per week"
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "never a ranking of people" in page
    assert "Ada Admin" not in page
    shoot(browser, "insights")


def test_an_admin_subscribes_slack_to_events_and_sees_the_secret_once(server, browser):
    browser.get(server + "/settings")
    browser.find_element(By.LINK_TEXT, "Webhooks").click()
    fill(browser, "w-url", "http://127.0.0.1:9/hooks/<b>slack</b>")
    for value in ["debrief.opened", "question.answered"]:
        browser.find_element(By.CSS_SELECTOR, f"input[name=events][value='{value}']").click()
    for option in browser.find_elements(By.CSS_SELECTOR, "#w-format option"):
        if option.text == "slack":
            option.click()
    click_button(browser, "Add webhook")
    secret = browser.find_element(By.CSS_SELECTOR, "code.secret").text
    panel = browser.find_element(By.CSS_SELECTOR, "section.panel").text
    assert secret.startswith("whsec_")
    assert "<b>slack</b>" in panel and not browser.find_elements(By.CSS_SELECTOR, "section.panel b")
    assert "debrief.opened, question.answered" in panel and "slack" in panel
    shoot(browser, "webhooks")
    browser.get(server + "/settings/webhooks")
    assert secret not in browser.page_source, "the secret is shown only once"


def test_an_upload_with_bad_rows_changes_nothing_until_the_good_rows_are_chosen(server, browser):
    fixture = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "CLITests", "Fixtures", "hubspot-deals-with-errors.csv"))
    browser.get(server + "/settings")
    browser.find_element(By.LINK_TEXT, "Import deals").click()

    def upload(skip_invalid):
        browser.find_element(By.ID, "i-file").send_keys(fixture)
        for option in browser.find_elements(By.CSS_SELECTOR, "#i-format option"):
            if option.text == "hubspot":
                option.click()
        if skip_invalid:
            browser.find_element(By.CSS_SELECTOR, "input[name=skipInvalid]").click()
        click_button(browser, "Import")
        return browser.find_element(By.ID, "report-h").find_element(By.XPATH, "..").text

    refused = upload(skip_invalid=False)
    assert "Nothing was imported" in refused
    assert "4 rows read, 2 bad" in refused
    lines = [row.find_elements(By.TAG_NAME, "td")[0].text for row in browser.find_elements(By.CSS_SELECTOR, "#report-h ~ .table-wrap tbody tr")]
    assert lines == ["3", "4"]
    shoot(browser, "import")
    imported = upload(skip_invalid=True)
    assert imported.startswith("Imported")
    assert "deals created: 2" in imported and "debriefs opened: 1" in imported


def test_a_rep_cannot_manage_webhooks(server, second_browser):
    second_browser.get(server + "/login")
    fill(second_browser, "email", "rita@acme.test")
    fill(second_browser, "password", "another good one")
    click_button(second_browser, "Log in")
    second_browser.get(server + "/settings/webhooks")
    assert "127.0.0.1:9" not in second_browser.page_source
    assert second_browser.find_element(By.TAG_NAME, "h1").text != "Webhooks"
    second_browser.get(server + "/import")
    assert second_browser.find_element(By.TAG_NAME, "h1").text != "Import deals"


def test_the_main_pages_have_no_serious_accessibility_violations(server, browser):
    pages = ["/", "/interactions/new", state["reflection"], state["debrief"], "/questions", "/search?q=connector", "/settings", "/accounts", "/debriefs", "/insights",
             "/settings/webhooks", "/import"]
    problems = {}
    for page in pages:
        browser.get(page if page.startswith("http") else server + page)
        violations = serious_accessibility_violations(browser)
        if violations:
            problems[page] = violations
    assert problems == {}, "\n".join(f"{page}: {v}" for page, vs in problems.items() for v in vs)


def test_pages_work_on_a_phone_sized_screen(server):
    phone = make_driver(390, 844, phone=True)
    try:
        phone.get(server + "/login")
        fill(phone, "email", ADMIN["email"])
        fill(phone, "password", ADMIN["password"])
        click_button(phone, "Log in")
        pages = {"home": "/", "reflection": state["reflection"], "debrief": state["debrief"], "questions": "/questions", "settings": "/settings"}
        for name, page in pages.items():
            phone.get(page if page.startswith("http") else server + page)
            phone.save_screenshot(os.path.join(SCREENSHOTS, f"{name}-phone.png"))
            width = phone.execute_script("return document.documentElement.scrollWidth")
            viewport = phone.execute_script("return window.innerWidth")
            assert viewport == 390
            wide = phone.execute_script(
                "return Array.from(document.querySelectorAll('body *')).filter(e => e.getBoundingClientRect().right > 392 && !e.closest('header'))"
                ".slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))")
            assert width <= 390, f"{page} scrolls sideways on a phone ({width}px): {wide}"
    finally:
        phone.quit()
