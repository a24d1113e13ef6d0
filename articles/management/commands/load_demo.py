from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from articles.demo.loader import (
    DEMO_ADMIN_PASSWORD,
    DEMO_ADMIN_USERNAME,
    create_demo_admin,
    load_demo,
)

# Where `make run` serves the site.
LOCAL_SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Load demo stories, people and photos, and create an admin login to try the site with."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin-password",
            default=DEMO_ADMIN_PASSWORD,
            help=f"Password for a new '{DEMO_ADMIN_USERNAME}' user (default: %(default)s).",
        )
        parser.add_argument("--no-admin", action="store_true", help="Do not create the admin user.")

    def handle(self, *args, admin_password: str, no_admin: bool, **options):
        if not no_admin and not admin_password:
            raise CommandError("--admin-password cannot be empty.")
        report = load_demo(now=timezone.now())
        for line in report.lines():
            self.stdout.write(line)
        self.stdout.write(f"Site:  {LOCAL_SITE}{reverse('articles:home')}")
        if no_admin:
            return
        admin_url = f"{LOCAL_SITE}{reverse('admin:index')}"
        if create_demo_admin(username=DEMO_ADMIN_USERNAME, password=admin_password):
            self.stdout.write(
                f"Admin: {admin_url}  log in as {DEMO_ADMIN_USERNAME} / {admin_password}"
            )
            if not settings.DEBUG:
                self.stderr.write(
                    self.style.WARNING(
                        "DEBUG is off: change this password before anyone else can reach the site."
                    )
                )
        else:
            self.stdout.write(
                f"Admin: {admin_url}  user '{DEMO_ADMIN_USERNAME}' already exists; "
                "its password is unchanged."
            )
