"""Content-Security-Policy (issue 17, class 6) in a real browser: the admin's pages, the API docs
and the browsable API load under the policy with no violation (the browser reports each one as a
`securitypolicyviolation` event and a console error)."""

import pytest

from tests.support.browser import BROWSER_MARKS, log_in, newsroom_users, shot
from tests.support.content import published_article

pytestmark = [*BROWSER_MARKS, pytest.mark.django_db(transaction=True)]

WATCH = """() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation',
        e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
}"""


def violations(page) -> list[str]:
    return page.evaluate("() => window.__csp || []")


def visit(page, url, console) -> list[str]:
    console.clear()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return violations(page) + [text for text in console if "Content Security Policy" in text]


@pytest.fixture
def chief_page(live_server, browser):
    newsroom_users(salma="Chief editor")
    article = published_article("خبر عن الأمن")
    page = log_in(browser, live_server.url, "salma", language="en")
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(f"({WATCH})()")
    return page, console, article


def test_the_admin_pages_load_without_a_csp_violation(live_server, chief_page):
    page, console, article = chief_page
    urls = [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
        "/admin/articles/article/add/",
        "/admin/articles/entity/",
        "/admin/articles/auditentry/",
        "/admin/authtoken/tokenproxy/",
    ]

    found = {url: visit(page, f"{live_server.url}{url}", console) for url in urls}

    shot(page, "csp-admin-token-list")
    assert found == {url: [] for url in urls}


@pytest.mark.parametrize("path", ["/api/docs/", "/api/v1/articles/"])
def test_the_api_docs_and_the_browsable_api_load_without_a_csp_violation(live_server, chief_page, path):
    page, console, _article = chief_page

    found = visit(page, f"{live_server.url}{path}", console)

    shot(page, f"csp{path.replace('/', '-')}")
    assert found == []
    assert page.evaluate("() => document.body.innerText.length") > 100


def test_every_page_carries_the_policy(client):
    response = client.get("/admin/login/")

    # django-csp writes the directives in no fixed order
    directives = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no other origin
    assert directives["object-src"] == "'none'"
