"""The QR code's link carries the invite code after "#": the page's script fills the form
and takes the code off the address bar; the server never receives it."""

from __future__ import annotations

from tests.web.youth_helpers import enrol_youth


def test_the_qr_link_fills_the_code_and_leaves_it_out_of_the_address(new_visit, live_app):
    enrolled = enrol_youth(live_app, "Luz")
    visit = new_visit(viewport="phone", javascript=True)
    page = visit.open(f"/invite#code={enrolled.code}")
    assert page.locator("#code").input_value() == enrolled.code
    assert page.evaluate("window.location.hash") == ""
    assert all(enrolled.code not in url for url in visit.requests)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/invite/choose")
    assert not visit.console_errors


def test_without_javascript_the_code_is_typed_in(new_visit, live_app):
    enrolled = enrol_youth(live_app, "Luz")
    visit = new_visit(viewport="phone", javascript=False)
    page = visit.open(f"/invite#code={enrolled.code}")
    assert page.locator("#code").input_value() == ""
    page.locator("#code").fill(enrolled.code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith("/invite/choose")
