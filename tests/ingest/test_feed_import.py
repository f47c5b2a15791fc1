"""RSS and Atom feeds: import_feed from a file or from a URL served by a real local HTTP server."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.ingest.html import html_paragraphs
from articles.models import Article, ArticleImport

pytestmark = pytest.mark.django_db

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>وكالة</title><language>ar</language>
<item>
  <guid>urn:agency:1</guid>
  <title>الحكومة تقر الموازنة</title>
  <author>مراسلنا</author>
  <description>أقرت الحكومة الموازنة.</description>
  <content:encoded><![CDATA[<p>أقرت الحكومة&nbsp;الموازنة   العامة.</p>
  <script>alert("x")</script><p onclick="x()">وقال الوزير إن <b>«العجز تراجع»</b>.<br>سطر ثان</p>
  <img src="x" onerror="alert(1)">]]></content:encoded>
</item>
<item>
  <title>خبر بلا معرف ولا رابط</title>
  <description>نص.</description>
</item>
<item>
  <link>https://agency.example/3</link>
  <title>خبر ثالث</title>
  <description>&lt;p&gt;نص الخبر الثالث&lt;/p&gt;</description>
</item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en"><title>Wire</title>
<entry><id>tag:wire,2026:1</id><title>Budget passed</title>
<content type="html">&lt;p&gt;One.&lt;/p&gt;&lt;p&gt;Two.&lt;/p&gt;</content></entry>
</feed>"""


def run(*args) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("import_feed", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_html_is_reduced_to_paragraphs_without_scripts_or_attributes():
    assert html_paragraphs('<p>أ&amp;ب</p><style>p{}</style><div>ج<br/>د</div><iframe src="x">ه</iframe>') == [
        "أ&ب",
        "ج\nد",
    ]


def test_a_feed_file_imports_its_good_entries_and_names_the_broken_one(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")

    out, err = run(str(path), "--skip-broken")

    assert err.splitlines() == [f"{path}: line 2, id: The entry has no id and no link to key it by."]
    first = Article.objects.get(imports__key="feed:urn:agency:1")
    assert first.headline == "الحكومة تقر الموازنة"
    assert first.body == "أقرت الحكومة\xa0الموازنة العامة.\n\nوقال الوزير إن «العجز تراجع».\nسطر ثان"
    assert (first.summary, first.byline, first.language, first.status) == (
        "أقرت الحكومة الموازنة.",
        "مراسلنا",
        "ar",
        "draft",
    )
    assert Article.objects.get(imports__key="feed:https://agency.example/3").body == "نص الخبر الثالث"


def test_a_feed_with_a_broken_entry_imports_nothing_by_default(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_text(RSS, encoding="utf-8")

    with pytest.raises(CommandError):
        run(str(path))

    assert Article.objects.count() == 0


def test_a_feed_from_a_url_is_keyed_by_entry_id_so_reading_it_again_changes_nothing():
    class Feed(BaseHTTPRequestHandler):
        def do_GET(self):
            body = ATOM.encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/atom+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feed)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/feed.atom"
        first, _ = run(url)
        second, _ = run(url)
    finally:
        server.shutdown()
        server.server_close()

    article = Article.objects.get()
    assert (article.headline, article.body, article.language) == ("Budget passed", "One.\n\nTwo.", "en")
    assert [line.split()[0] for line in (first + second).splitlines()] == ["created", "unchanged"]
    assert ArticleImport.objects.get().key == "feed:tag:wire,2026:1"


def test_a_file_that_is_not_a_feed_is_refused(tmp_path):
    path = tmp_path / "page.txt"
    path.write_text("<html><body>not a feed", encoding="utf-8")

    with pytest.raises(CommandError):
        _, err = run(str(path))

    assert Article.objects.count() == 0


def test_a_well_formed_html_page_is_not_a_feed_either(tmp_path):
    path = tmp_path / "home.html"
    path.write_text("<html><head><title>Home</title></head><body><p>Hi</p></body></html>", encoding="utf-8")
    err = StringIO()

    with pytest.raises(CommandError, match="Some files were not imported"):
        call_command("import_feed", str(path), stdout=StringIO(), stderr=err)

    assert f"{path}: the file: This is not an RSS or Atom feed (not a feed).\n" in err.getvalue()
    assert Article.objects.count() == 0


def test_a_feed_without_entries_says_there_was_nothing_to_import(tmp_path):
    path = tmp_path / "empty.xml"
    path.write_text('<rss version="2.0"><channel><title>Wire</title></channel></rss>', encoding="utf-8")

    out, err = run(str(path))

    assert (out, err) == (f"{path}: no article in it, nothing imported.\n", "")


def test_an_unreachable_url_is_a_clear_error():
    with pytest.raises(CommandError, match="127.0.0.1:9"):
        run("http://127.0.0.1:9/feed")
