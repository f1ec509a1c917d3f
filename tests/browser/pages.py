"""Page objects: what a person sees and does, by role and label."""

import re


class SiteFrame:
    def __init__(self, page):
        self.page = page

    def open(self, path):
        self.page.goto(path)
        return self

    def switch_language(self):
        self.page.locator(".lang-toggle a").click()
        return self

    @property
    def language(self):
        return self.page.locator("html").get_attribute("lang")

    def heading(self):
        return self.page.get_by_role("heading", level=1).inner_text()


class SignUp(SiteFrame):
    def sign_up(self, email, password):
        self.page.get_by_label(re.compile("^(Email|Courriel|Adresse)", re.I)).first.fill(email)
        self.page.get_by_label(
            re.compile(r"^(Password|Mot de passe)\s*(\((required|obligatoire)\))?\s*:?$", re.I)
        ).fill(password)
        self.page.get_by_label(re.compile("(again|confirmation|répéter|nouveau)", re.I)).fill(
            password
        )
        self.page.locator("form button[type=submit]").last.click()
        return self


class SignIn(SiteFrame):
    def sign_in(self, email, password):
        self.page.get_by_label(re.compile("^(Email|Courriel|Adresse)", re.I)).first.fill(email)
        self.page.get_by_label(
            re.compile(r"^(Password|Mot de passe)\s*(\((required|obligatoire)\))?\s*:?$", re.I)
        ).fill(password)
        self.page.locator("form button[type=submit]").last.click()
        return self
