from django.apps import apps
from django.core.management.base import BaseCommand

from articles.roles import roles_sync


class Command(BaseCommand):
    help = "Create or update the Reporter, Editor and Admin groups and their permissions."

    def handle(self, *args, **options):
        roles_sync(apps)
        self.stdout.write("Roles are up to date: Reporter, Editor, Admin.")
