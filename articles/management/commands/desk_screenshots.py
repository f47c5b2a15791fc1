"""Regenerate the admin's screenshots in docs/screenshots/ (README "The admin").

    make screenshots    # a throwaway SQLite database: migrate, seed, then this command

Serves the site in a thread, writes a little demo content through the services (a reporter's
draft, an article in review, one scheduled, an edit and a correction of a seed article, so that
the desk, the history and the diff have something to show), and photographs, in Arabic and in
English: the login page, the desk, the article list, the article form, the preview and a diff.
It writes to the database it is given, so it refuses to run without `--throwaway-database`.
Needs the dev dependency playwright and Debian's chromium (/usr/bin/chromium).
"""

import secrets
import threading
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.core.wsgi import get_wsgi_application
from django.db import connections
from django.utils import timezone

from articles import roles, selectors, services
from articles.models import Article, Caption

CHROMIUM = "/usr/bin/chromium"
SEED_ARTICLE = "a2fcd04a-6b5e-48f7-8179-eb924a77879f"
#: (file name, what it shows) in the order the README shows them.
PAGES = ("login", "home", "article-list", "article-form", "preview", "diff")


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


class Command(BaseCommand):
    help = "Regenerate docs/screenshots/ (both languages) against a throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--throwaway-database", action="store_true", help="Confirm: demo content is written.")
        parser.add_argument("--output", default=str(Path(settings.BASE_DIR) / "docs" / "screenshots"))

    def handle(self, *args, throwaway_database=False, output, **options):
        if not throwaway_database:
            raise CommandError("This command writes demo content: run it on a throwaway database (make screenshots).")
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as error:
            raise CommandError("Needs the dev dependency playwright (pip install -r requirements-dev.txt).") from error
        if not Article.objects.filter(uuid=SEED_ARTICLE).exists():
            raise CommandError("Run `manage.py seed` first.")
        password = secrets.token_urlsafe(16)
        editor = self.demo_content(password)
        article = Article.objects.get(uuid=SEED_ARTICLE)
        history = selectors.article_revisions(article).order_by("version")
        first, latest = history.first(), history.last()
        connections.close_all()  # the server thread opens its own

        server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler)
        server.set_app(get_wsgi_application())
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        paths = {
            "home": "/admin/",
            "article-list": "/admin/articles/article/",
            "article-form": f"/admin/articles/article/{article.pk}/change/",
            "preview": f"/admin/articles/article/{article.pk}/preview/",
            "diff": f"/admin/articles/article/{article.pk}/history/diff/?revision={first.pk}&revision={latest.pk}",
        }
        folder = Path(output)
        folder.mkdir(parents=True, exist_ok=True)
        try:
            with sync_playwright() as playwright:
                chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                for language in ("ar", "en"):
                    self.photograph(chromium, base, language, editor.username, password, paths, folder)
                chromium.close()
        finally:
            server.shutdown()
        self.stdout.write(self.style.SUCCESS(f"Wrote {len(PAGES) * 2} screenshots to {folder}."))

    def photograph(self, chromium, base, language, username, password, paths, folder):
        context = chromium.new_context(locale=language, viewport={"width": 1280, "height": 860})
        context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": base}])
        page = context.new_page()
        page.goto(f"{base}/admin/login/")
        page.screenshot(path=str(folder / f"{language}-login.png"))
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        for name, path in paths.items():
            page.goto(base + path)
            page.screenshot(path=str(folder / f"{language}-{name}.png"))
        context.close()

    def demo_content(self, password):
        """A reporter and an editor, and a little of their day's work, through the services."""
        roles.apply_roles()
        users = {}
        for username, first, role in (("layla", "ليلى", roles.REPORTER), ("omar", "عمر", roles.EDITOR)):
            user, _created = get_user_model().objects.get_or_create(username=username)
            user.first_name, user.is_staff, user.is_active = first, True, True
            user.set_password(password)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            users[username] = user
        layla, omar = users["layla"], users["omar"]
        if not Article.objects.filter(created_by=layla).exists():
            draft = services.article_create(
                actor=layla,
                data={
                    "headline": "انقطاع الكهرباء يعود إلى طهران مع موجة الحر",
                    "body": "عادت انقطاعات الكهرباء إلى أحياء في طهران.\n\nوقالت الشركة إن الطلب بلغ ذروته.",
                },
            )
            services.article_part_save(actor=layla, part=Caption(article=draft, text="شارع في طهران ليلًا", order=1))
            services.article_create(
                actor=omar, data={"headline": "تحليل: ما وراء أزمة الكهرباء", "body": "مسودة التحليل."}
            )
            review = services.article_create(
                actor=layla, data={"headline": "أسعار البتكوين تتراجع بعد قرار المصرف", "body": "تراجعت الأسعار."}
            )
            services.article_transition(actor=layla, article=review, name="submit")
            later = services.article_create(
                actor=omar, data={"headline": "موجز الأخبار الصباحي", "body": "أبرز أخبار الصباح."}
            )
            services.article_transition(
                actor=omar, article=later, name="schedule", published_at=timezone.now() + timedelta(hours=3)
            )
            seed = Article.objects.get(uuid=SEED_ARTICLE)
            services.article_update(
                actor=omar,
                article=seed,
                data={"byline": "عمر — مكتب طهران", "summary": "تحمّل السلطات الإيرانية تعدين البتكوين المسؤولية."},
            )
            services.article_transition(
                actor=omar, article=Article.objects.get(uuid=SEED_ARTICLE), name="correct", note="صُحّح تاريخ القرار."
            )
        return omar
