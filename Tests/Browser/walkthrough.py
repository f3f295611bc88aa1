#!/usr/bin/env python3
"""Capstan in a real browser: headless Chromium driven by Selenium against a running server with real
agents. Run by Tests/WebTests/BrowserTests.swift, which starts the server and the agents and passes
everything through the environment:

  CAPSTAN_URL, CAPSTAN_TOKEN   the server, and a token for `capstan push`
  CAPSTAN_CLI                  the `capstan` executable
  LOGIN, PASSWORD              an admin who signs in on the pages
  GROUP, ENVIRONMENT, RUN_AS   the group and environment the agents enrolled in; the account to run as
  PACKAGE_1, PACKAGE_2         two .tar.gz files, versions 1.0.0 and 2.0.0
  SCREENSHOTS                  where a failing step leaves its screenshot and page source
  SCREENSHOTS_ALWAYS           when set, every step leaves its screenshot (to look at the pages)

The walk: sign in, create an application, push two versions with the CLI, deploy 1.0.0 (changing its
strategy on the review to one batch) and then 2.0.0 from the application page (review, confirm in the
dialog), watch 2.0.0 finish without the page
reloading, roll it back from the release page, check the dashboard, sign out. Exits 0 when every step
passed; otherwise prints the step that failed and exits 1.
"""
import os
import subprocess
import sys
import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

URL = os.environ["CAPSTAN_URL"].rstrip("/")
SCREENSHOTS = os.environ["SCREENSHOTS"]
APPLICATION = os.environ.get("APPLICATION", "shop")


def browser():
    options = webdriver.ChromeOptions()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(argument)
    if os.path.exists("/usr/bin/chromium"):
        options.binary_location = "/usr/bin/chromium"
    service = webdriver.ChromeService(executable_path="/usr/bin/chromedriver") if os.path.exists("/usr/bin/chromedriver") else None
    return webdriver.Chrome(options=options, service=service) if service else webdriver.Chrome(options=options)


class Walk:
    def __init__(self, driver):
        self.driver = driver
        self.number = 0

    def step(self, name, action):
        self.number += 1
        print(f"step {self.number}: {name}", flush=True)
        try:
            action()
            if os.environ.get("SCREENSHOTS_ALWAYS"):
                os.makedirs(SCREENSHOTS, exist_ok=True)
                self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{self.number:02d}-{name.replace(' ', '-')}-passed.png"))
        except Exception as error:  # every failure leaves a picture of the page it happened on
            os.makedirs(SCREENSHOTS, exist_ok=True)
            base = os.path.join(SCREENSHOTS, f"{self.number:02d}-{name.replace(' ', '-')}")
            self.driver.save_screenshot(base + ".png")
            with open(base + ".html", "w", encoding="utf-8") as page:
                page.write(self.driver.page_source)
            print(f"FAILED at step {self.number} ({name}) on {self.driver.current_url}: {type(error).__name__}: {error}", flush=True)
            print(f"screenshot: {base}.png", flush=True)
            raise

    # helpers --------------------------------------------------------------------------------------
    def wait(self, condition, seconds=20):
        # The live pages swap their content in place: an element found a moment ago may be gone.
        return WebDriverWait(self.driver, seconds, ignored_exceptions=(StaleElementReferenceException,)).until(condition)

    def text(self, selector):
        """The text of the first element matching `selector`, read in one step (nothing to go stale)."""
        return self.driver.execute_script(
            "var e = document.querySelector(arguments[0]); return e ? e.textContent.trim() : null;", selector)

    def heading(self):
        return self.driver.find_element(By.TAG_NAME, "h1").text

    def field(self, name):
        return self.driver.find_element(By.NAME, name)

    def confirm_in_dialog(self, expected_text):
        dialog = self.wait(EC.visibility_of_element_located((By.CSS_SELECTOR, "dialog[open]")))
        text = dialog.find_element(By.ID, "confirm-text").text
        assert expected_text in text, f"the dialog says {text!r}, not {expected_text!r}"
        if os.environ.get("SCREENSHOTS_ALWAYS"):
            self.driver.save_screenshot(os.path.join(SCREENSHOTS, f"{self.number:02d}-dialog.png"))
        dialog.find_element(By.CSS_SELECTOR, "button[value=confirm]").click()

    def release_state(self):
        return self.text("[data-release-state]")

    def mark_page(self):
        """A value that survives only as long as the page is not reloaded."""
        self.driver.execute_script("window.capstanMarker = 'still here';")

    def page_was_kept(self):
        return self.driver.execute_script("return window.capstanMarker;") == "still here"


def main():
    driver = browser()
    walk = Walk(driver)
    releases = {}
    try:
        def sign_in():
            driver.get(URL + "/")
            walk.wait(EC.presence_of_element_located((By.NAME, "login")))
            walk.field("login").send_keys(os.environ["LOGIN"])
            walk.field("password").send_keys(os.environ["PASSWORD"])
            walk.field("password").submit()
            walk.wait(EC.text_to_be_present_in_element((By.TAG_NAME, "h1"), "Dashboard"))
            assert "online" in driver.find_element(By.CSS_SELECTOR, ".dashboard .page-head").text, "the dashboard counts the machines"
        walk.step("sign in", sign_in)

        def create_application():
            driver.get(URL + "/applications")
            walk.field("name").send_keys(APPLICATION)
            Select(walk.field("groupID")).select_by_visible_text(os.environ["GROUP"])
            walk.field("runAs").send_keys(os.environ["RUN_AS"])
            walk.field("installRoot").send_keys("/srv")
            walk.field("startCommand").send_keys("sh ./start.sh")
            keep = walk.field("keepReleases")
            if not keep.get_attribute("value"):
                keep.send_keys("5")
            walk.field("name").submit()
            walk.wait(lambda d: walk.heading() == APPLICATION)
        walk.step("create an application", create_application)

        def push():
            for version, package in (("1.0.0", os.environ["PACKAGE_1"]), ("2.0.0", os.environ["PACKAGE_2"])):
                done = subprocess.run([os.environ["CAPSTAN_CLI"], "push", "--app", APPLICATION, "--version", version, package],
                                      capture_output=True, text=True, timeout=60)
                assert done.returncode == 0, f"capstan push exited {done.returncode}: {done.stdout} {done.stderr}"
                assert done.stdout.startswith(f"pushed {APPLICATION} {version} sha256 "), done.stdout
            driver.get(URL + "/applications/" + APPLICATION)
            options = [o.text for o in Select(walk.field("version")).options]
            assert options[:2] == ["2.0.0", "1.0.0"], f"versions offered: {options}"
        walk.step("push two versions with the CLI", push)

        def deploy(version, one_batch=False):
            driver.get(URL + "/applications/" + APPLICATION)
            Select(walk.field("version")).select_by_visible_text(version)
            Select(walk.field("environment")).select_by_value(os.environ["ENVIRONMENT"])
            driver.find_element(By.XPATH, "//button[normalize-space()='Review deploy…']").click()
            walk.wait(lambda d: walk.heading() == f"Deploy {APPLICATION} {version} to {os.environ['ENVIRONMENT']}")
            if one_batch:
                # This release only: one batch of both hosts, one at a time.
                driver.find_element(By.CSS_SELECTOR, "details.change summary").click()
                for name, value in [("batchSize", "100%"), ("maxParallel", "1")]:
                    walk.field(name).clear()
                    walk.field(name).send_keys(value)
                driver.find_element(By.XPATH, "//button[normalize-space()='Update the review']").click()
                walk.wait(lambda d: "in 1 batch" in d.find_element(By.CSS_SELECTOR, "section.review").text)
                review = driver.find_element(By.CSS_SELECTOR, "section.review").text
                assert "for this release only" in review, f"the review does not say the strategy was changed: {review!r}"
                if os.environ.get("SCREENSHOTS_ALWAYS"):
                    driver.save_screenshot(os.path.join(SCREENSHOTS, f"{walk.number:02d}-changed-review.png"))
            assert "2 hosts" in driver.find_element(By.CSS_SELECTOR, "section.review").text, "the review counts the hosts"
            driver.find_element(By.XPATH, f"//button[normalize-space()='Deploy {version} to {os.environ['ENVIRONMENT']}']").click()
            walk.confirm_in_dialog(f"Deploy {APPLICATION} {version} to {os.environ['ENVIRONMENT']}?")
            walk.wait(EC.url_matches(r"/releases/\d+$"))
            walk.mark_page()
            return driver.current_url.rsplit("/", 1)[1]

        def first_deploy():
            releases["first"] = deploy("1.0.0", one_batch=True)
            walk.wait(lambda d: walk.release_state() == "succeeded", 90)
        walk.step("deploy 1.0.0 from the page", first_deploy)

        def second_deploy():
            releases["second"] = deploy("2.0.0")
            first_seen = walk.release_state()
            assert first_seen != "succeeded", "the release had finished before the page showed it: nothing live to watch"
            walk.wait(lambda d: walk.release_state() == "succeeded", 90)
            assert walk.page_was_kept(), "the page reloaded to show the outcome"
            walk.wait(lambda d: walk.text('[data-count="total-succeeded"]') == "2")
            walk.wait(EC.presence_of_element_located((By.XPATH, "//button[normalize-space()='Roll back']")))
        walk.step("watch 2.0.0 finish without reloading", second_deploy)

        def roll_back():
            driver.find_element(By.XPATH, "//button[normalize-space()='Roll back']").click()
            walk.confirm_in_dialog(f"Return the hosts of release {releases['second']}")
            walk.wait(lambda d: d.current_url.endswith("/releases/" + str(int(releases["second"]) + 1)))
            walk.mark_page()
            walk.wait(lambda d: walk.release_state() == "succeeded", 90)
            assert f"release {releases['second']}" in walk.text("dl.facts"), "it says what it rolls back"
            assert walk.page_was_kept(), "the rollback's page reloaded"
        walk.step("roll back from the release page", roll_back)

        def dashboard():
            driver.get(URL + "/")
            recent = driver.find_element(By.XPATH, "//section[@aria-labelledby='recent-heading']").text
            assert "succeeded" in recent and APPLICATION in recent, f"recent releases: {recent}"
            assert "No release is running" in driver.page_source
            if os.environ.get("SCREENSHOTS_ALWAYS"):  # the same page as a system in dark mode shows it
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
                driver.save_screenshot(os.path.join(SCREENSHOTS, f"{walk.number:02d}-dark.png"))
                driver.get(URL + "/releases/" + releases["second"])
                driver.save_screenshot(os.path.join(SCREENSHOTS, f"{walk.number:02d}-release-dark.png"))
                driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})
        walk.step("the dashboard shows the outcomes", dashboard)

        def sign_out():
            driver.find_element(By.XPATH, "//button[normalize-space()='Sign out']").click()
            walk.wait(EC.presence_of_element_located((By.NAME, "login")))
            driver.get(URL + "/")
            walk.wait(EC.presence_of_element_located((By.NAME, "login")))
        walk.step("sign out", sign_out)
    except (AssertionError, TimeoutException, Exception):
        return 1
    finally:
        driver.quit()
    print("walkthrough passed: releases " + ", ".join(f"{k}={v}" for k, v in releases.items()), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
